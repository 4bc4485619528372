/**
 * The redaction gate: the one way a value becomes something Skillwright may persist or send to a
 * model. Every writer demands `Redacted<…>` in its signature — `SqlDatabase.run` binds only
 * redacted strings, a model adapter receives only redacted messages — and the functions below
 * are the only ones that make such a value. A new table, file or model call that forgets to
 * redact therefore does not compile, instead of leaking quietly.
 *
 * The brand costs nothing at run time. Each sink redacts once, at the sink: the store on append,
 * a repository on save, the guard before a request. A candidate is redacted once, where its text
 * enters (queueCandidates, a reviewer's edit or reject reason, a gap or drift draft), and the brand
 * carries the proof through the candidate store to renderCandidate, which takes nothing else.
 * Values are not redacted again on their way between sinks, except by an export, which may be
 * fed from data stored under older, weaker rules.
 */
import { redactValue } from './redactEvent';
import { redactText } from './redactText';

declare const redactedBrand: unique symbol;

/** A value that went through the gate. Only this module and the store's own redactors make one. */
export type Redacted<T> = T & { readonly [redactedBrand]: true };

export function redactedText(text: string): Redacted<string> {
  return redactText(text) as Redacted<string>;
}

/** JSON of a value with every string in it redacted, and any string under a secret-named key dropped. */
export function redactedJson(value: unknown): Redacted<string> {
  return JSON.stringify(redactValue('', value, 0)) as Redacted<string>;
}

/** JSON of a value that already went through the gate (a redacted candidate, event or gap). */
export function serializeRedacted(value: Redacted<object>): Redacted<string> {
  return JSON.stringify(value) as Redacted<string>;
}

/** Numbers hold no text to redact: an embedding's floats, as little-endian float32 bytes. */
export function numericBytes(values: readonly number[]): Redacted<Uint8Array> {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, index) => view.setFloat32(index * 4, value, true));
  return bytes as Redacted<Uint8Array>;
}

/**
 * A value read back from the store. Every text in it was bound through this gate on its way in
 * (SqlDatabase.run takes only Redacted values), so it needs no second pass on its way on.
 */
export function readFromStore<T>(value: T): Redacted<T> {
  return value as Redacted<T>;
}

/**
 * For redactors that build a redacted copy of a structured value field by field (an event, a
 * candidate, a gap): they know which fields are identifiers and which are free text, which a
 * generic walk cannot. Not for anything else.
 */
export function markRedacted<T>(value: T): Redacted<T> {
  return value as Redacted<T>;
}
