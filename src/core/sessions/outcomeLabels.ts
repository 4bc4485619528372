/**
 * Success and failure signals per step and per session.
 *
 * Session rules, in order:
 * 1. An explicit rating wins: up → success, down → failure.
 * 2. Otherwise each signal votes:
 *    - the LAST result of each check kind (test, build, lint, typecheck) — so a fail → fix → pass
 *      episode counts as a pass;
 *    - edit survival against the next commit: survived → success, reverted → failure,
 *      rewritten → mixed;
 *    - tool errors, only when no check ran and the session's last tool result was an error (an
 *      agent recovering from a failed tool call is normal; ending on one is not).
 * 3. No votes → unknown; all success → success; all failure → failure; anything else → mixed.
 */
import type { RecordedEvent } from '../model/events';
import type { Outcome } from '../model/trajectory';
import { classifyCommand, type CheckKind } from './commandKinds';
import type { SurvivalCounts, SurvivalLabel } from './editSurvival';

export interface SessionSignals {
  /** The last result of each check kind, with the command that produced it. */
  checks: Partial<Record<CheckKind, { passed: boolean; command: string; ts: number }>>;
  toolErrors: number;
  toolResults: number;
  lastToolResultIsError?: boolean;
  survival?: SurvivalCounts & { label: SurvivalLabel };
  rating?: 'up' | 'down';
}

export function emptySignals(): SessionSignals {
  return { checks: {}, toolErrors: 0, toolResults: 0 };
}

/** Folds one event into the signals; used online (tracker) and offline (collectSignals). */
export function applyEventToSignals(signals: SessionSignals, event: RecordedEvent): void {
  if (event.type === 'terminal') {
    if (event.exitCode === undefined) return;
    const kind = classifyCommand(event.commandLine);
    if (!kind) return;
    const previous = signals.checks[kind];
    if (!previous || previous.ts <= event.ts)
      signals.checks[kind] = { passed: event.exitCode === 0, command: event.commandLine, ts: event.ts };
  } else if (event.type === 'transcript') {
    const step = event.step;
    if (step.kind !== 'tool-result') return;
    signals.toolResults++;
    const failed = step.isError || (step.exitCode !== undefined && step.exitCode !== 0);
    if (failed) signals.toolErrors++;
    signals.lastToolResultIsError = failed;
  } else if (event.type === 'rating') {
    signals.rating = event.rating;
  }
}

export function collectSignals(events: readonly RecordedEvent[]): SessionSignals {
  const signals = emptySignals();
  for (const event of [...events].sort((a, b) => a.ts - b.ts)) applyEventToSignals(signals, event);
  return signals;
}

export interface OutcomeVerdict {
  outcome: Outcome;
  reasons: string[];
}

export function sessionOutcome(signals: SessionSignals): OutcomeVerdict {
  if (signals.rating) {
    return {
      outcome: signals.rating === 'up' ? 'success' : 'failure',
      reasons: [`rated ${signals.rating} by the user`],
    };
  }
  const votes: Outcome[] = [];
  const reasons: string[] = [];
  for (const [kind, check] of Object.entries(signals.checks)) {
    if (!check) continue;
    votes.push(check.passed ? 'success' : 'failure');
    reasons.push(`last ${kind} ${check.passed ? 'passed' : 'failed'}: ${check.command}`);
  }
  if (signals.survival && signals.survival.label !== 'unknown') {
    const { label, survived, rewritten, reverted } = signals.survival;
    votes.push(label === 'survived' ? 'success' : label === 'reverted' ? 'failure' : 'mixed');
    reasons.push(`agent edits ${label} in the commit (${survived} kept, ${rewritten} rewritten, ${reverted} reverted)`);
  }
  if (Object.keys(signals.checks).length === 0 && signals.lastToolResultIsError) {
    votes.push('failure');
    reasons.push(`ended on a tool error (${signals.toolErrors} of ${signals.toolResults} tool calls failed)`);
  }
  return { outcome: combine(votes), reasons };
}

function combine(votes: readonly Outcome[]): Outcome {
  if (votes.length === 0) return 'unknown';
  if (votes.every((vote) => vote === 'success')) return 'success';
  if (votes.every((vote) => vote === 'failure')) return 'failure';
  return 'mixed';
}

/** A single step: an exit code or a tool result decides; everything else is unknown. */
export function stepOutcome(event: RecordedEvent, toolResultIsError?: boolean): Outcome {
  if (event.type === 'terminal')
    return event.exitCode === undefined ? 'unknown' : event.exitCode === 0 ? 'success' : 'failure';
  if (event.type === 'commit') return 'success';
  if (event.type === 'transcript' && event.step.kind === 'tool-result')
    return event.step.isError ? 'failure' : 'success';
  if (event.type === 'transcript' && event.step.kind === 'tool-call' && toolResultIsError !== undefined)
    return toolResultIsError ? 'failure' : 'success';
  return 'unknown';
}

export function survivalOutcome(label: SurvivalLabel | undefined): Outcome {
  if (label === 'survived') return 'success';
  if (label === 'reverted') return 'failure';
  if (label === 'rewritten') return 'mixed';
  return 'unknown';
}
