import type { LoadedSkill } from '../skills/library';
import { errorMessage } from '../util/errorMessage';
import { createGitCliReader } from './gitReader';
import { type DriftFinding, reviewLibraryDrift } from './libraryDrift';
import type { SkillGovernanceFacts } from './skillGovernance';

const SAME_LIBRARY_REVIEW_MS = 10 * 60_000;

export interface DriftRequest {
  skills: readonly LoadedSkill[];
  facts: ReadonlyMap<string, SkillGovernanceFacts>;
  unusedDays: number;
}

/**
 * The one place drift review runs, one run at a time: it spawns git per cited file, so it must
 * never sit on the path that gives the Library view its rows. Background requests (library
 * reloads) keep only the newest waiting one; a review asked for now (the daily proposals, the
 * refresh command) waits its turn and returns its findings. Every run updates the findings the
 * Library rows show.
 */
export class DriftReviewer {
  private findings = new Map<string, DriftFinding>();
  private chain: Promise<unknown> = Promise.resolve();
  private waiting: DriftRequest | undefined;
  private disposed = false;
  private lastKey = '';
  private lastAt = 0;

  constructor(
    private readonly repoRoot: string,
    private readonly onReviewed: () => void,
    private readonly onError: (message: string) => void,
  ) {}

  /** Drift reasons for a skill from the last finished review. */
  reasonsFor(name: string): string[] {
    return this.findings.get(name)?.reasons ?? [];
  }

  /** In the background. Library reloads are frequent; the same library is reviewed again only after a while. */
  request(request: DriftRequest): void {
    if (this.disposed || (requestKey(request) === this.lastKey && Date.now() - this.lastAt < SAME_LIBRARY_REVIEW_MS))
      return;
    this.remember(request);
    const queued = this.waiting !== undefined;
    this.waiting = request;
    if (queued) return;
    void this.enqueue(async () => {
      const next = this.waiting;
      this.waiting = undefined;
      if (!next || this.disposed) return;
      try {
        await this.run(next);
      } catch (error) {
        this.onError(`Reviewing skills for drift failed: ${errorMessage(error)}`);
      }
    });
  }

  /** Reviews now (after any run in progress); rejects when the review fails. */
  reviewNow(request: DriftRequest): Promise<Map<string, DriftFinding>> {
    this.remember(request);
    return this.enqueue(() => this.run(request));
  }

  dispose(): void {
    this.disposed = true;
    this.waiting = undefined;
  }

  private remember(request: DriftRequest): void {
    this.lastKey = requestKey(request);
    this.lastAt = Date.now();
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.chain.then(task);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async run(request: DriftRequest): Promise<Map<string, DriftFinding>> {
    const inputs = request.skills.flatMap((skill) => {
      const facts = request.facts.get(skill.folderName);
      return facts ? [{ skill, facts }] : [];
    });
    const findings = await reviewLibraryDrift(inputs, createGitCliReader(this.repoRoot), {
      now: Date.now(),
      unusedDays: request.unusedDays,
    });
    if (this.disposed) return findings;
    this.findings = findings;
    this.onReviewed();
    return findings;
  }
}

function requestKey(request: DriftRequest): string {
  return JSON.stringify([request.skills.map((skill) => skill.folderHash), [...request.facts], request.unusedDays]);
}
