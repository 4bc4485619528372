import { tokenize } from '../matching/tokenize';
import { markRedacted, type Redacted } from '../redaction/gate';
import { redactValue } from '../redaction/redactEvent';
import type { GapDraft } from './gapTypes';

/**
 * A gap (or draft) as it may be written, to the store or to the inbox: every string redacted.
 * Its samples are terms cut out of the task, where a secret no longer has the context that
 * marks it (`--token` and its value become two terms), so a term is kept only if the redacted
 * texts of the gap still contain it.
 */
export function redactGapDraft<T extends GapDraft>(draft: T): Redacted<T> {
  const redacted = redactValue('', { ...draft, samples: [] }, 0) as T;
  const texts = [
    redacted.need,
    redacted.question,
    redacted.query.text,
    ...redacted.evidence.flatMap((item) => [item.ref, item.detail ?? '']),
  ].join('\n');
  const known = new Set(tokenize(texts));
  redacted.samples = draft.samples.map((sample) => sample.filter((term) => known.has(term)));
  return markRedacted(redacted);
}
