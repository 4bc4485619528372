import { oneLine } from '../util/oneLine';
import type { Gap } from './gapTypes';

/**
 * What a gap is about, in one line: the task people asked for when that is what the gap came
 * from, otherwise the need detection phrased (a failing area or command has no task text).
 */
export function gapTask(gap: Gap): string {
  const text = gap.kind === 'low-match' || gap.kind === 'reported' ? gap.query.text : gap.need;
  return oneLine(text || gap.question).slice(0, 300);
}
