import { unifiedDiff } from '../diff/unifiedDiff';

export interface PatchedFile {
  path: string;
  op: 'add' | 'update' | 'delete';
  diff: string;
}

/**
 * Turns Codex's apply_patch envelope (`*** Begin Patch` / `*** Update File: p` / `@@` hunks)
 * into unified diffs per file. Hunks carry no line numbers, so each hunk's old and new fragments
 * are diffed on their own; the result shows what changed, not where in the file.
 */
export function parseCodexPatch(patch: string): PatchedFile[] {
  const files: PatchedFile[] = [];
  let current:
    { path: string; op: PatchedFile['op']; oldLines: string[]; newLines: string[]; diffs: string[] } | undefined;

  const flushHunk = (): void => {
    if (!current || (current.oldLines.length === 0 && current.newLines.length === 0)) return;
    const before = current.oldLines.length ? `${current.oldLines.join('\n')}\n` : '';
    const after = current.newLines.length ? `${current.newLines.join('\n')}\n` : '';
    const diff = unifiedDiff(current.path, before, after);
    if (diff) current.diffs.push(diff);
    current.oldLines = [];
    current.newLines = [];
  };
  const flushFile = (): void => {
    flushHunk();
    if (current) files.push({ path: current.path, op: current.op, diff: current.diffs.join('') });
    current = undefined;
  };

  for (const line of patch.split('\n')) {
    const header = /^\*\*\* (Add|Update|Delete) File: (.+)$/.exec(line);
    if (header) {
      flushFile();
      const op = header[1] === 'Add' ? 'add' : header[1] === 'Delete' ? 'delete' : 'update';
      current = { path: (header[2] ?? '').trim(), op, oldLines: [], newLines: [], diffs: [] };
      continue;
    }
    if (!current) continue;
    const move = /^\*\*\* Move to: (.+)$/.exec(line);
    if (move) {
      current.path = (move[1] ?? current.path).trim();
      continue;
    }
    if (line.startsWith('*** ')) {
      flushFile();
      continue;
    }
    if (line.startsWith('@@')) {
      flushHunk();
      continue;
    }
    const marker = line[0];
    const body = line.slice(1);
    if (marker === '+') current.newLines.push(body);
    else if (marker === '-') current.oldLines.push(body);
    else if (marker === ' ' || line === '') {
      current.oldLines.push(body);
      current.newLines.push(body);
    }
  }
  flushFile();
  return files;
}
