import { createGitCliReader } from '../../core/governance/gitReader';
import type { LoadedSkill } from '../../core/skills/library';
import { reviewLibraryDrift, type SkillGovernanceFacts } from './skillGovernance';
import { errorMessage } from '../../core/util/errorMessage';

const SAME_LIBRARY_REVIEW_MS = 10 * 60_000;

export interface DriftRequest {
  skills: readonly LoadedSkill[];
  facts: ReadonlyMap<string, SkillGovernanceFacts>;
  unusedDays: number;
}

/**
 * Runs drift review in the background, one run at a time: it spawns git per cited file, so it
 * must never sit on the path that gives the Library view its rows. A request made during a run
 * is kept (the newest only) and run next.
 */
export class DriftReviewer {
  private flags = new Map<string, string[]>();
  private running = false;
  private next: DriftRequest | undefined;
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
    return this.flags.get(name) ?? [];
  }

  /** Library reloads are frequent; the same library is reviewed again only after a while. */
  request(request: DriftRequest): void {
    const key = JSON.stringify([request.skills.map((skill) => skill.folderHash), [...request.facts], request.unusedDays]);
    if (key === this.lastKey && Date.now() - this.lastAt < SAME_LIBRARY_REVIEW_MS) return;
    this.lastKey = key;
    this.lastAt = Date.now();
    this.next = request;
    void this.drain();
  }

  dispose(): void {
    this.disposed = true;
    this.next = undefined;
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.next && !this.disposed) {
        const request = this.next;
        this.next = undefined;
        try {
          const inputs = request.skills.flatMap((skill) => {
            const facts = request.facts.get(skill.folderName);
            return facts ? [{ skill, facts }] : [];
          });
          const findings = await reviewLibraryDrift(inputs, createGitCliReader(this.repoRoot), { now: Date.now(), unusedDays: request.unusedDays });
          this.flags = new Map([...findings].map(([name, finding]) => [name, finding.reasons]));
          if (!this.disposed) this.onReviewed();
        } catch (error) {
          this.onError(`Reviewing skills for drift failed: ${errorMessage(error)}`);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
