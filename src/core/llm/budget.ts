import type { TokenUsage } from './chatModel';

export interface TokenPrices {
  /** USD per 1000 input tokens. */
  inputPer1k: number;
  /** USD per 1000 output tokens. */
  outputPer1k: number;
}

export interface BudgetLimits {
  maxTokens?: number;
  maxCostUsd?: number;
  /** Needed for maxCostUsd; without prices cost is never counted. */
  prices?: TokenPrices;
}

/** Thrown before a call when the run's budget is already spent; a run stops cleanly on it. */
export class BudgetExceeded extends Error {
  override readonly name = 'BudgetExceeded';
  constructor(
    readonly limit: 'tokens' | 'cost',
    readonly used: { tokens: number; costUsd: number },
  ) {
    super(
      limit === 'tokens'
        ? `token budget reached (${used.tokens} tokens used)`
        : `cost budget reached ($${used.costUsd.toFixed(4)} spent)`,
    );
  }
}

/**
 * One run's spend. Checked before each call and charged after it, so a run overshoots by at most
 * the calls already in flight (bounded by the concurrency limit).
 */
export class RunBudget {
  private input = 0;
  private output = 0;

  constructor(readonly limits: BudgetLimits = {}) {}

  get tokens(): number {
    return this.input + this.output;
  }

  get costUsd(): number {
    const prices = this.limits.prices;
    return prices ? (this.input / 1000) * prices.inputPer1k + (this.output / 1000) * prices.outputPer1k : 0;
  }

  record(usage: TokenUsage): void {
    this.input += usage.input;
    this.output += usage.output;
  }

  /** Which limit is spent, if any. */
  exhausted(): 'tokens' | 'cost' | undefined {
    if (this.limits.maxTokens !== undefined && this.tokens >= this.limits.maxTokens) return 'tokens';
    if (this.limits.maxCostUsd !== undefined && this.limits.prices && this.costUsd >= this.limits.maxCostUsd)
      return 'cost';
    return undefined;
  }

  check(): void {
    const limit = this.exhausted();
    if (limit) throw new BudgetExceeded(limit, { tokens: this.tokens, costUsd: this.costUsd });
  }
}
