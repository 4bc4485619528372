import type { Candidate } from '../../model/candidate';
import { BudgetExceeded } from '../../llm/budget';
import { isCancellation } from '../../llm/chatModel';

export type DistillStop = 'done' | 'budget' | 'cancelled' | 'error';

export interface LlmDistillResult {
  candidates: Candidate[];
  tokens: number;
  stoppedBy: DistillStop;
  /** One line per dropped answer, edit or unsupported lesson. */
  dropped: string[];
}

/** How an exception ends a distiller run: budget and cancellation are clean stops. */
export function stopReasonOf(error: unknown, signal: AbortSignal | undefined): DistillStop {
  if (error instanceof BudgetExceeded) return 'budget';
  if (isCancellation(error) || signal?.aborted) return 'cancelled';
  return 'error';
}
