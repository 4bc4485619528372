/**
 * Folds a document's keystrokes into one diff per burst. A keystroke only updates a few fields;
 * the text is read and diffed once, when the document has been idle for `idleMs` or is saved.
 * The folder keeps the last flushed text of each document as the baseline of its next burst.
 */
import { diffStats, unifiedDiff } from '../diff/unifiedDiff';

export interface DocumentChange {
  workspaceFolder?: string;
  /** Workspace-relative path, forward slashes. */
  path: string;
  ts: number;
  visibleInEditor: boolean;
  /** The change came from disk (the document is not dirty afterwards). */
  fromDisk?: boolean;
  /** The document's text now; read only when the burst flushes. */
  currentText: () => string;
  /** The text before the burst when the folder has no snapshot (e.g. the file on disk). */
  baselineText?: () => string | undefined;
}

export interface FoldedBurst {
  workspaceFolder?: string;
  path: string;
  startedAt: number;
  endedAt: number;
  changes: number;
  visibleInEditor: boolean;
  fromDisk: boolean;
  /** Undefined when the file is over the size cap or no baseline was known. */
  diff?: string;
  linesAdded: number;
  linesRemoved: number;
  skipped?: 'too-large' | 'no-baseline';
}

export interface EditBurstFolderOptions {
  /** @default 1500 */
  idleMs?: number;
  /** Documents above this many characters are noted, not diffed. @default 1_000_000 */
  maxFileChars?: number;
  /** Snapshots kept (least recently used go first). @default 200 */
  maxTrackedDocuments?: number;
}

interface PendingBurst {
  change: DocumentChange;
  startedAt: number;
  lastAt: number;
  changes: number;
  visible: boolean;
  fromDisk: boolean;
}

export class EditBurstFolder {
  readonly idleMs: number;
  private readonly maxFileChars: number;
  private readonly maxTracked: number;
  private readonly snapshots = new Map<string, string>();
  private readonly pending = new Map<string, PendingBurst>();

  constructor(options: EditBurstFolderOptions = {}) {
    this.idleMs = options.idleMs ?? 1500;
    this.maxFileChars = options.maxFileChars ?? 1_000_000;
    this.maxTracked = options.maxTrackedDocuments ?? 200;
  }

  /** Remembers a document's text (on open, after a save) as the baseline of its next burst. */
  track(workspaceFolder: string | undefined, path: string, text: string): void {
    const key = keyOf(workspaceFolder, path);
    if (this.pending.has(key)) return;
    this.remember(key, text);
  }

  forget(workspaceFolder: string | undefined, path: string): void {
    const key = keyOf(workspaceFolder, path);
    if (!this.pending.has(key)) this.snapshots.delete(key);
  }

  /** O(1): records the change; nothing is read or diffed here. */
  change(change: DocumentChange): void {
    const key = keyOf(change.workspaceFolder, change.path);
    const burst = this.pending.get(key);
    if (burst) {
      burst.change = change;
      burst.lastAt = change.ts;
      burst.changes++;
      burst.visible ||= change.visibleInEditor;
      burst.fromDisk &&= change.fromDisk === true;
      return;
    }
    if (!this.snapshots.has(key)) {
      const baseline = change.baselineText?.();
      if (baseline !== undefined) this.remember(key, baseline);
    }
    this.pending.set(key, {
      change,
      startedAt: change.ts,
      lastAt: change.ts,
      changes: 1,
      visible: change.visibleInEditor,
      fromDisk: change.fromDisk === true,
    });
  }

  /** Bursts idle for at least idleMs at `now`. */
  flushIdle(now: number): FoldedBurst[] {
    const out: FoldedBurst[] = [];
    for (const [key, burst] of this.pending) if (now - burst.lastAt >= this.idleMs) out.push(this.finish(key, burst));
    return out;
  }

  /** The burst of one document, e.g. on save. */
  flushDocument(workspaceFolder: string | undefined, path: string): FoldedBurst | undefined {
    const key = keyOf(workspaceFolder, path);
    const burst = this.pending.get(key);
    return burst ? this.finish(key, burst) : undefined;
  }

  flushAll(): FoldedBurst[] {
    return [...this.pending].map(([key, burst]) => this.finish(key, burst));
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** The earliest time a pending burst becomes idle, for scheduling one timer. */
  nextDueAt(): number | undefined {
    let due: number | undefined;
    for (const burst of this.pending.values()) {
      const at = burst.lastAt + this.idleMs;
      if (due === undefined || at < due) due = at;
    }
    return due;
  }

  private finish(key: string, burst: PendingBurst): FoldedBurst {
    this.pending.delete(key);
    const { change } = burst;
    const base: FoldedBurst = {
      path: change.path,
      startedAt: burst.startedAt,
      endedAt: burst.lastAt,
      changes: burst.changes,
      visibleInEditor: burst.visible,
      fromDisk: burst.fromDisk,
      linesAdded: 0,
      linesRemoved: 0,
    };
    if (change.workspaceFolder !== undefined) base.workspaceFolder = change.workspaceFolder;
    const after = change.currentText();
    const before = this.snapshots.get(key);
    if (after.length > this.maxFileChars || (before !== undefined && before.length > this.maxFileChars)) {
      this.snapshots.delete(key);
      return { ...base, skipped: 'too-large' };
    }
    this.remember(key, after);
    if (before === undefined) return { ...base, skipped: 'no-baseline' };
    const diff = unifiedDiff(change.path, before, after);
    const stats = diffStats(diff);
    return { ...base, diff, linesAdded: stats.added, linesRemoved: stats.removed };
  }

  private remember(key: string, text: string): void {
    if (text.length > this.maxFileChars) {
      this.snapshots.delete(key);
      return;
    }
    this.snapshots.delete(key);
    this.snapshots.set(key, text);
    while (this.snapshots.size > this.maxTracked) {
      const oldest = [...this.snapshots.keys()].find((candidate) => !this.pending.has(candidate));
      if (oldest === undefined) break;
      this.snapshots.delete(oldest);
    }
  }
}

function keyOf(workspaceFolder: string | undefined, path: string): string {
  return `${workspaceFolder ?? ''}\u0000${path}`;
}
