import { readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensurePrivateFolder, openPrivateFile } from '../util/privateFiles';
import { vetWriteTarget } from '../util/writeTarget';
import type { GapRepository } from './gapRepository';
import type { GapDraft } from './gapTypes';
import { serializeRedacted } from '../redaction/gate';
import { redactGapDraft } from './redactGap';

/**
 * Gaps reported by processes that do not own the store (the `skillwright mcp` server runs
 * beside the editor, which checkpoints the database). They append one JSON line each; the
 * store's owner imports and removes the file. Appends of one short line do not interleave.
 */
export async function appendGapInbox(path: string, draft: GapDraft): Promise<void> {
  const target = await vetWriteTarget(path, { role: 'gap inbox' });
  await ensurePrivateFolder(dirname(target));
  const handle = await openPrivateFile(target, 'append');
  try {
    // Redacted here: whoever reported it (an agent over MCP), the raw task never reaches the file.
    await handle.write(`${serializeRedacted(redactGapDraft(draft))}\n`);
  } finally {
    await handle.close();
  }
}

/** Records every well-formed line into the repository; returns how many were imported and skipped. */
export async function importGapInbox(
  path: string,
  repository: GapRepository,
): Promise<{ imported: number; skipped: number }> {
  const claimed = `${path}.importing`;
  // Vetted first: reading a FIFO planted at the inbox's name would hang the editor's import.
  await vetWriteTarget(path, { role: 'gap inbox' });
  try {
    await rename(path, claimed);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { imported: 0, skipped: 0 };
    throw error;
  }
  const text = await readFile(claimed, 'utf8');
  let imported = 0;
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const draft = parseDraft(line);
    if (draft) {
      repository.record(draft);
      imported++;
    } else skipped++;
  }
  await unlink(claimed);
  return { imported, skipped };
}

function parseDraft(line: string): GapDraft | undefined {
  try {
    const draft = JSON.parse(line) as GapDraft;
    if (
      typeof draft.question !== 'string' ||
      !Array.isArray(draft.evidence) ||
      !Array.isArray(draft.samples) ||
      !draft.query
    )
      return undefined;
    draft.scope ??= [];
    return draft;
  } catch {
    return undefined;
  }
}
