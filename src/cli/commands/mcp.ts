import { join, resolve } from 'node:path';
import { createDeliveryLibrary, loadDeliveryLibrary, type DeliveryLibrary } from '../../core/delivery/deliveryLibrary';
import { runSkillwrightMcpOverStdio } from '../../core/delivery/mcpServer';
import { gapFromTask } from '../../core/gaps/gapDetector';
import { assertFolderExists } from '../../core/learn/repoContext';
import { appendGapInbox } from '../../core/gaps/gapInbox';
import { type CliCommand, parseCommandArgs } from '../command';
import { gapInboxPath } from '../../core/store/storeLocation';
import { RelatedFilesIndex } from '../../core/cochange/relatedFilesIndex';
import { formatRelatedFiles } from '../../core/delivery/relatedFilesText';
import type { Logger } from '../../core/ports';
import { errorMessage } from '../../core/util/errorMessage';

const USAGE = `Usage: skillwright mcp [--repo PATH] [--skills DIR]

Runs an MCP server over stdio with the tools search_skills, read_skill, related_files and
report_gap, serving the skills in <repo>/.agents/skills (quarantined skills are never served) and
the files that usually change together, from the repository's history. For example:
  claude mcp add skillwright -- skillwright mcp --repo .
  codex mcp add skillwright -- skillwright mcp --repo .`;

/** How long a loaded library is reused before the folder is read again. */
const RELOAD_AFTER_MS = 2000;

export const mcpCommand: CliCommand = {
  name: 'mcp',
  summary: "Serve the repository's skills to MCP clients over stdio",
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCommandArgs({ args, options: { repo: { type: 'string' }, skills: { type: 'string' } } });
    const repo = resolve(io.cwd, parsed.values.repo ?? '.');
    await assertFolderExists(repo);
    const folder = join(repo, parsed.values.skills ?? '.agents/skills');
    const inbox = gapInboxPath(repo);
    let cached: { library: DeliveryLibrary; at: number } | undefined;
    const loadLibrary = async (): Promise<DeliveryLibrary> => {
      if (!cached || Date.now() - cached.at > RELOAD_AFTER_MS) {
        cached = { library: await loadDeliveryLibrary(folder).catch(() => createDeliveryLibrary([])), at: Date.now() };
      }
      return cached.library;
    };
    const related = new LazyRelatedFiles(repo, io.logger);
    io.logger.info(`skillwright mcp: serving ${folder}`);
    await runSkillwrightMcpOverStdio({
      loadLibrary,
      version: process.env.SKILLWRIGHT_VERSION ?? 'dev',
      logger: io.logger,
      relatedFiles: (files, k) => related.answer(files, k),
      async reportGap({ task, details }) {
        const library = await loadLibrary();
        const draft = gapFromTask({ text: task }, library.index.match({ text: task }, 1), {
          ts: Date.now(),
          kind: 'reported',
          details,
        });
        if (!draft) return 'Noted.';
        await appendGapInbox(inbox, draft);
        return "Thanks: the gap is recorded and will show in Skillwright's Gaps view.";
      },
    });
    return 0;
  },
};

/**
 * The co-change index is built on the first related_files call, not at start-up (most sessions
 * never ask), and caught up with HEAD on each later call.
 */
class LazyRelatedFiles {
  private index: Promise<RelatedFilesIndex> | undefined;

  constructor(
    private readonly repo: string,
    private readonly logger: Logger,
  ) {}

  async answer(files: string[], k: number): Promise<string> {
    try {
      const fresh = !this.index;
      this.index ??= RelatedFilesIndex.build(this.repo);
      const index = await this.index;
      if (!fresh) await index.refresh();
      return formatRelatedFiles(index.related(files, k));
    } catch (error) {
      this.index = undefined;
      const message = errorMessage(error);
      this.logger.warn(`related_files failed: ${message}`);
      return `Skillwright could not read this repository's history: ${message}`;
    }
  }
}
