import { isAbsolute, normalize, sep } from 'node:path';
import { type Clock, systemClock } from '../ports';

interface Span {
  paths: readonly string[];
  /** When the write ended plus the grace period; Infinity while it runs. */
  until: number;
}

/**
 * The folders and files Skillwright is writing itself: accepted skills, their mirrors, the
 * AGENTS.md index, .vscode/mcp.json. Capture leaves file events under them alone while the write
 * runs and for a grace period after (watchers report late), so Skillwright's own work is never
 * recorded as a step of whichever agent happens to be active.
 */
export class OwnWrites {
  private readonly spans = new Set<Span>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly graceMs = 3000,
  ) {}

  /** Runs work with paths (absolute) marked as Skillwright's own. */
  async around<T>(paths: readonly string[], work: () => Promise<T>): Promise<T> {
    const span: Span = {
      paths: paths.filter((path) => isAbsolute(path)).map((path) => normalize(path).replace(/[\\/]+$/, '')),
      until: Number.POSITIVE_INFINITY,
    };
    this.spans.add(span);
    try {
      return await work();
    } finally {
      span.until = this.clock.now() + this.graceMs;
    }
  }

  /** Whether an event at ts on this absolute path comes from a write of Skillwright's own. */
  covers(path: string, ts: number = this.clock.now()): boolean {
    const target = normalize(path);
    const now = this.clock.now();
    for (const span of this.spans) {
      if (span.until < now) {
        this.spans.delete(span);
        continue;
      }
      if (span.until >= ts && span.paths.some((own) => isOwnPath(target, own))) return true;
    }
    return false;
  }
}

/** The path itself, anything inside it, or a temp sibling named after it (`AGENTS.md.<tag>.tmp`). */
function isOwnPath(path: string, own: string): boolean {
  return path === own || path.startsWith(own + sep) || (path.startsWith(`${own}.`) && path.endsWith('.tmp'));
}
