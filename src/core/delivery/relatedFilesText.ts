import type { CandidateReason } from '../cochange/changeFeatures';
import type { RelatedFile, RelatedFilesResult } from '../cochange/relatedFilesIndex';

const REASONS: Record<CandidateReason, string> = {
  'changed-together': 'changed together',
  'same-folder': 'same folder',
  test: 'test and tested file',
  imports: 'one imports the other',
  'folder-changes-together': 'its folder changes with yours',
  'often-changed': 'changes often',
};

/** The answer as an agent or a person reads it: each file, how likely, and what shows it. */
export function formatRelatedFiles(result: RelatedFilesResult): string {
  const lines: string[] = [];
  if (result.files.length === 0) {
    lines.push(
      `No history for ${result.unknown.join(', ') || 'these files'}: they are new, untracked, vendored or ` +
        `generated, so nothing is known to change with them.`,
    );
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `Files that usually change together with ${result.files.join(', ')} (history up to ${result.head.slice(0, 8)}):`,
  );
  if (result.related.length === 0) lines.push('- none: no other file is known to change with these.');
  for (const [index, file] of result.related.entries())
    lines.push(`${index + 1}. ${file.path}: ${percentLikely(file.probability)} likely; ${describe(file)}`);
  if (result.unknown.length > 0)
    lines.push(`Not in the history (new, untracked or generated): ${result.unknown.join(', ')}.`);
  lines.push('Check each before you commit: update it if your change affects it, or leave it and say why.');
  return `${lines.join('\n')}\n`;
}

/** A probability as people read it: never a certain 0% or 100%, which no history can promise. */
export function percentLikely(probability: number): string {
  return `${Math.min(99, Math.max(1, Math.round(probability * 100)))}%`;
}

/** The reasons other than "changed together", in words. */
export function reasonsInWords(file: RelatedFile): string {
  return file.reasons
    .filter((reason) => reason !== 'changed-together')
    .map((reason) => REASONS[reason])
    .join(', ');
}

function describe(file: RelatedFile): string {
  const parts: string[] = [];
  if (file.together !== undefined && file.of) parts.push(`changed together in ${file.together} of ${file.of} commits`);
  if (file.lastCommit)
    parts.push(`last in ${file.lastCommit.hash.slice(0, 8)} "${file.lastCommit.subject}" (${file.lastCommit.date})`);
  if (file.span && file.span.from.slice(0, 4) !== file.span.to.slice(0, 4))
    parts.push(`${file.span.from.slice(0, 4)}–${file.span.to.slice(0, 4)}`);
  const other = reasonsInWords(file);
  if (other) parts.push(other);
  return parts.join('; ');
}
