/**
 * Wraps any ChatModel with the policy every LLM call in Skillwright obeys: redact what is sent,
 * stay inside the run's budget, bound concurrency, time out, and retry transient failures with
 * exponential backoff and jitter (honouring the server's retry-after, capped).
 */
import type { Logger } from '../ports';
import { silentLogger } from '../ports';
import { redactedText } from '../redaction/gate';
import { BudgetExceeded, RunBudget } from './budget';
import {
  type ChatModel,
  ChatModelError,
  type ChatRequest,
  type ChatResponse,
  type SendableChatRequest,
} from './chatModel';
import { Semaphore } from './semaphore';
import { errorMessage } from '../util/errorMessage';

export interface GuardOptions {
  logger?: Logger;
  /** The run's spend; a fresh unlimited one when absent. */
  budget?: RunBudget;
  /** @default 2 */
  concurrency?: number;
  /** Attempts per call including the first. @default 4 */
  maxAttempts?: number;
  /** @default 500 */
  baseDelayMs?: number;
  /** Cap of the computed backoff. @default 20000 */
  maxDelayMs?: number;
  /** A retry-after longer than this is cut to it. @default 60000 */
  maxRetryAfterMs?: number;
  /** Per-attempt timeout when the request sets none. @default 120000 */
  timeoutMs?: number;
  /** For deterministic tests of the jitter. @default Math.random */
  random?: () => number;
}

/**
 * A ChatModel that went through guardChatModel. Distillers demand this type, so an unredacted,
 * unbudgeted model cannot reach them by accident.
 */
export interface GuardedChatModel {
  readonly id: string;
  readonly guarded: true;
  complete(request: ChatRequest): Promise<ChatResponse>;
  readonly budget: RunBudget;
}

export function guardChatModel(model: ChatModel, options: GuardOptions = {}): GuardedChatModel {
  const logger = options.logger ?? silentLogger;
  const budget = options.budget ?? new RunBudget();
  const semaphore = new Semaphore(options.concurrency ?? 2);
  const maxAttempts = options.maxAttempts ?? 4;
  const random = options.random ?? Math.random;

  const delayFor = (error: ChatModelError, attempt: number): number => {
    const retryAfter = error.options.retryAfterMs;
    if (retryAfter !== undefined) return Math.min(retryAfter, options.maxRetryAfterMs ?? 60_000);
    const ceiling = Math.min(options.maxDelayMs ?? 20_000, (options.baseDelayMs ?? 500) * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  };

  return {
    id: model.id,
    guarded: true,
    budget,
    async complete(request: ChatRequest): Promise<ChatResponse> {
      // The gate: every message is redacted before it leaves the process, whatever built it.
      const redacted: SendableChatRequest = {
        ...request,
        messages: request.messages.map((message) => ({ role: message.role, content: redactedText(message.content) })),
        timeoutMs: request.timeoutMs ?? options.timeoutMs ?? 120_000,
      };
      for (let attempt = 1; ; attempt++) {
        if (request.signal?.aborted) throw new ChatModelError('cancelled', 'cancelled by the caller');
        budget.check();
        try {
          const response = await semaphore.run(() => {
            // Re-check inside the slot: calls queued behind the limit must not overspend.
            if (request.signal?.aborted) throw new ChatModelError('cancelled', 'cancelled by the caller');
            budget.check();
            return model.complete(redacted);
          });
          budget.record(response.usage);
          return response;
        } catch (error) {
          if (error instanceof BudgetExceeded) throw error;
          const failure =
            error instanceof ChatModelError
              ? error
              : new ChatModelError('network', errorMessage(error), { cause: error });
          if (!failure.retryable || attempt >= maxAttempts) {
            if (failure.kind !== 'cancelled') {
              logger.warn(
                `llm ${model.id}: ${failure.kind} (${failure.message}); giving up after ${attempt} attempt(s)`,
              );
            }
            throw failure;
          }
          const delay = delayFor(failure, attempt);
          logger.warn(
            `llm ${model.id}: ${failure.kind} (${failure.message}); retry ${attempt}/${maxAttempts - 1} in ${delay} ms`,
          );
          await sleep(delay, request.signal);
        }
      }
    },
  };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ChatModelError('cancelled', 'cancelled by the caller'));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ChatModelError('cancelled', 'cancelled by the caller'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
