import { gitText } from '../../core/history/gitProcess';

/** Share of the history held back for scoring when the user takes the default split. */
const HELD_OUT_SHARE = 0.2;

/** The commit that leaves the newest HELD_OUT_SHARE of HEAD's history after it. */
export async function recentSplit(repo: string, signal?: AbortSignal): Promise<string> {
  const total = Number((await gitText(repo, ['rev-list', '--count', 'HEAD'], { signal })).trim());
  if (!Number.isFinite(total) || total < 5)
    throw new Error(`the repository has ${Number.isFinite(total) ? total : 0} commits; an evaluation needs at least 5`);
  const heldOut = Math.max(1, Math.round(total * HELD_OUT_SHARE));
  const rev = (await gitText(repo, ['rev-list', `--skip=${heldOut}`, '--max-count=1', 'HEAD'], { signal })).trim();
  if (!rev) throw new Error('could not find the commit at the 80% mark of the history');
  return rev;
}
