import { dirname, join } from 'node:path';
import { defaultStorePath } from '../../cli/storeLocation';

/**
 * Where `skillwright mcp --repo <root>` appends the gaps agents report: beside the CLI's default
 * store for that repository. The derivation belongs in core next to defaultStorePath; until it
 * moves there, this is the only place in the extension that knows it.
 */
export function gapInboxPath(repoRoot: string): string {
  return join(dirname(defaultStorePath(repoRoot)), 'gap-inbox.jsonl');
}
