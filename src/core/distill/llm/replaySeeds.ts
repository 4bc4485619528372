import type { StoredCandidate } from '../../candidates/candidateRepository';
import type { LibrarySkill } from './skillEdits';

/** Sources whose pending candidates seed commit replay: what the diffs already taught. */
const SEED_SOURCES = new Set(['change-recipe', 'internal-api']);

/** The pending recipe and helper-reuse candidates, as the skills commit replay starts from. */
export function replaySeeds(pending: readonly StoredCandidate[]): LibrarySkill[] {
  return pending
    .filter((candidate) => candidate.kind === 'new' && SEED_SOURCES.has(candidate.source))
    .map((candidate) => ({
      name: candidate.name,
      description: candidate.description,
      body: candidate.body,
      scope: [...candidate.scope],
    }));
}
