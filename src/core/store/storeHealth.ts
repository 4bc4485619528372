import type { Clock, Logger } from '../ports';
import { errorMessage } from '../util/errorMessage';

export type StoreHealth =
  { state: 'ok' } | { state: 'disk-full' | 'write-error'; message: string; since: number; droppedEvents: number };

/** A write failed because the disk is full or refused it; the events stay queued for a retry. */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';
}

export type HealthListener = (health: StoreHealth) => void;

/**
 * Whether the store can write, as the status bar shows it: a failed write pauses recording with a
 * message, the next successful one resumes it, and events refused meanwhile are counted.
 */
export class StoreHealthMonitor {
  private current: StoreHealth = { state: 'ok' };
  private readonly listeners = new Set<HealthListener>();
  private droppedTotal = 0;

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  get health(): StoreHealth {
    return this.current;
  }

  /** Events refused since open because the queue was full. */
  get droppedEvents(): number {
    return this.droppedTotal;
  }

  onChange(listener: HealthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records the failure (once per outage) and returns the error to reject waiting flushes with. */
  writeFailed(error: unknown): StoreWriteError {
    const code = (error as NodeJS.ErrnoException).code;
    const state = code === 'ENOSPC' || code === 'EDQUOT' ? 'disk-full' : 'write-error';
    const message =
      state === 'disk-full'
        ? 'The disk is full: Skillwright has paused recording and will resume when space is freed.'
        : `Skillwright cannot write its store (${code ?? errorMessage(error)}); recording is paused and will be ` +
          `retried.`;
    if (this.current.state === 'ok') {
      this.set({ state, message, since: this.clock.now(), droppedEvents: 0 });
      this.logger.error(message);
    }
    return new StoreWriteError(message, { cause: error });
  }

  recovered(): void {
    if (this.current.state === 'ok') return;
    this.logger.info('store writes succeed again; recording resumed');
    this.set({ state: 'ok' });
  }

  dropped(count: number): void {
    this.droppedTotal += count;
    if (this.current.state !== 'ok') {
      // Listeners hear about state changes only; the running count is read from `health`.
      this.current = { ...this.current, droppedEvents: this.current.droppedEvents + count };
    } else {
      this.logger.warn(`store queue full: ${count} events dropped`);
    }
  }

  private set(health: StoreHealth): void {
    this.current = health;
    for (const listener of this.listeners) {
      try {
        listener(health);
      } catch (error) {
        this.logger.error(`health listener failed: ${errorMessage(error)}`);
      }
    }
  }
}
