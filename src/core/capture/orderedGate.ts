/**
 * Lets events through the capture filter in the order they happened. When every path's verdict
 * is cached (the usual case) the event passes synchronously; when .gitignore has not answered
 * yet, it and every later event wait in one promise chain, so a commit never overtakes the
 * edits it contains.
 */
import type { Logger } from '../ports';
import type { RecordedEvent } from '../model/events';
import type { CaptureFilter } from './captureFilter';

export class OrderedGate {
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  excluded = 0;

  constructor(
    private readonly pass: (event: RecordedEvent) => void,
    private readonly logger: Logger,
  ) {}

  /** An event is dropped only when all of its paths are excluded; path-less events always pass. */
  submit(event: RecordedEvent, filter: CaptureFilter | undefined, paths: readonly string[]): void {
    if (this.queued === 0) {
      const verdicts = paths.map((path) => (filter ? filter.checkSync(path) : gitDirVerdict(path)));
      if (!verdicts.includes('pending')) {
        this.decide(event, paths, verdicts);
        return;
      }
    }
    this.queued++;
    this.chain = this.chain
      .then(async () => {
        const verdicts = await Promise.all(
          paths.map((path) => (filter ? filter.check(path) : Promise.resolve(gitDirVerdict(path)))),
        );
        this.decide(event, paths, verdicts);
      })
      .catch((error: unknown) => this.logger.error(error instanceof Error ? error : String(error)))
      .finally(() => this.queued--);
  }

  /** Resolves when every queued event has been decided. */
  drained(): Promise<void> {
    return this.chain;
  }

  private decide(event: RecordedEvent, paths: readonly string[], verdicts: readonly (string | undefined)[]): void {
    if (paths.length > 0 && verdicts.every((verdict) => verdict !== undefined)) this.excluded++;
    else this.pass(event);
  }
}

/** Without a filter, only `.git/` is left alone. */
export function gitDirVerdict(path: string): 'git-dir' | undefined {
  return path === '.git' || path.startsWith('.git/') || path.includes('/.git/') ? 'git-dir' : undefined;
}
