import type { LearnedCandidate } from '../distill/heuristic/candidateFactory';
import { extractCitations } from '../governance/citations';
import type { PathLineage } from '../history/pathLineage';
import { globMatcher } from '../util/glob';
import { renamePathsIn } from '../util/paths';

export interface PresentTenseReport {
  candidates: LearnedCandidate[];
  /** Candidates dropped because they named files that no longer exist under any name. */
  dropped: number;
  /** Candidates whose paths were renamed to today's names. */
  rewritten: number;
}

const GLOB_CHARS = /[*?[\]{}!]/;

/**
 * The last check before candidates reach review: every path a candidate names (scope, file
 * evidence, files cited in its body) must exist at the split. Distillers of history already see
 * today's paths; this catches what arrives from elsewhere, such as recorded sessions that edited a
 * file since renamed (rewritten to its new name) or deleted (the candidate is dropped).
 */
export function keepPresentTense(
  candidates: readonly LearnedCandidate[],
  lineage: PathLineage,
  tree: readonly string[],
): PresentTenseReport {
  const report: PresentTenseReport = { candidates: [], dropped: 0, rewritten: 0 };
  const folders = foldersOf(tree);
  for (const candidate of candidates) {
    const renames = new Map<string, string>();
    let stale = false;
    for (const path of namedPaths(candidate)) {
      if (lineage.exists(path) || folders.has(path.replace(/\/+$/, ''))) continue;
      const now = lineage.current(path);
      if (now) renames.set(path, now);
      else stale = true;
    }
    const scope = candidate.scope.filter((glob) => !GLOB_CHARS.test(glob) || tree.some(globMatcher([glob])));
    if (stale || (candidate.scope.length > 0 && scope.length === 0)) {
      report.dropped++;
      continue;
    }
    if (renames.size === 0 && scope.length === candidate.scope.length) {
      report.candidates.push(candidate);
      continue;
    }
    report.rewritten++;
    report.candidates.push(renamed({ ...candidate, scope }, renames));
  }
  return report;
}

function foldersOf(tree: readonly string[]): Set<string> {
  const folders = new Set<string>();
  for (const path of tree) {
    for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1))
      folders.add(path.slice(0, slash));
  }
  return folders;
}

function namedPaths(candidate: LearnedCandidate): Set<string> {
  const paths = new Set<string>();
  for (const item of candidate.evidence) if (item.kind === 'file') paths.add(item.ref);
  for (const glob of candidate.scope) if (!GLOB_CHARS.test(glob)) paths.add(glob);
  for (const file of extractCitations(candidate.body).files) paths.add(file);
  return paths;
}

function renamed(candidate: LearnedCandidate, renames: ReadonlyMap<string, string>): LearnedCandidate {
  if (renames.size === 0) return candidate;
  const rename = (text: string): string => renamePathsIn(text, renames);
  return {
    ...candidate,
    description: rename(candidate.description),
    body: rename(candidate.body),
    scope: [...new Set(candidate.scope.map((glob) => renames.get(glob) ?? glob))],
    evidence: candidate.evidence.map((item) => ({
      ...item,
      ref: item.kind === 'file' ? (renames.get(item.ref) ?? item.ref) : item.ref,
      detail: item.detail && rename(item.detail),
    })),
  };
}
