import { stat } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AgentId } from '../../core/model/agents';
import { filesBelow } from '../../core/util/filesBelow';
import { discoverTranscriptSources, sourceForChangedPath, type WatchLocation } from '../../core/sources/discovery';
import type { ImportSummary } from '../../core/sources/importTranscripts';
import { KvOffsetStore, type OffsetStore } from '../../core/sources/tailState';
import { TranscriptTailer, type TranscriptSink } from '../../core/sources/tailer';
import type { TranscriptSource } from '../../core/sources/types';
import type { RecordingRuntime } from '../runtime/recording';
import { discoveryOptionsFor, TRANSCRIPT_SETTINGS } from './transcriptDiscovery';
import { importPastSessions } from './transcriptImport';
import { Disposable, disposeAll } from '../lifecycle';
import { errorMessage } from '../../core/util/errorMessage';

export interface TranscriptWatcherOptions {
  recording: RecordingRuntime;
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
}

/** Watcher events for one path within this window make one poll. */
const DEBOUNCE_MS = 250;
const MAX_FILES_IN_NEW_FOLDER = 200;
/**
 * A transcript never read before is followed live only if written this recently; older ones wait for the import
 * command.
 */
const LIVE_WINDOW_MS = 24 * 60 * 60_000;
/** Safety net for watchers that miss events: sources written this recently are checked by stat. */
const HOT_WINDOW_MS = 30 * 60_000;
const HOT_CHECK_MS = 2000;
/** A file that is still not ours once this large never will be (its head would have named its cwd). */
const NOT_OURS_AFTER_BYTES = 16 * 1024;

class CaptureOff extends Error {
  constructor() {
    super('recording is off; transcript events stay unread until it resumes');
  }
}

/**
 * Follows the coding agents' own transcripts for the open workspace folders while the editor runs
 * and feeds new steps to the recorder, which assigns sessions and merges them with what it
 * captured. Offsets live in the store, so a restart continues where the last run stopped. While
 * recording is off nothing is read (offsets stay put), and it catches up when recording resumes.
 */
export class TranscriptWatcher extends Disposable {
  private watchers: vscode.Disposable[] = [];
  private readonly sources = new Map<string, TranscriptSource>();
  private readonly notOurs = new Set<string>();
  private readonly pending = new Map<string, { timer: ReturnType<typeof setTimeout>; agents: Set<AgentId> }>();
  private readonly hot = new Map<string, { mtimeMs: number; size: number }>();
  private missingBases: string[] = [];
  private tailer: TranscriptTailer | undefined;
  private offsets: OffsetStore | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private abort = new AbortController();
  private generation = 0;
  private importing = false;
  private checking = false;
  private wasCapturing = false;
  private readonly imported = this._register(new vscode.EventEmitter<ImportSummary>());
  /** Fires after an import wrote sessions (the Sessions view should refresh). */
  readonly onDidImport = this.imported.event;

  constructor(private readonly options: TranscriptWatcherOptions) {
    super();
  }

  async start(): Promise<void> {
    const store = this.options.recording.store;
    if (!store || this.tailer || this.disposed) return;
    this.offsets = new KvOffsetStore(store.db);
    const sink: TranscriptSink = {
      append: (events) => {
        const recorder = this.options.recording.recorder;
        if (!recorder) throw new CaptureOff();
        recorder.onTranscriptEvents(events);
      },
    };
    this.tailer = new TranscriptTailer(this.offsets, sink, this.options.log);
    this.wasCapturing = this.options.recording.capturing;
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(TRANSCRIPT_SETTINGS)) this.rediscover('settings changed');
      }),
    );
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.rediscover('workspace folders changed')));
    this._register(this.options.recording.onDidChange(() => this.captureMaybeResumed()));
    this.timer = setInterval(() => void this.checkHotAndMissing(), HOT_CHECK_MS);
    this.timer.unref?.();
    await this.discover();
  }

  /** One-off import of past sessions of the open folders; live reading waits meanwhile, then catches up. */
  async importAll(
    progress: vscode.Progress<{ message?: string; increment?: number }>,
    token: vscode.CancellationToken,
  ): Promise<ImportSummary> {
    if (this.importing) throw new Error('an import is already running');
    this.importing = true;
    try {
      const summary = await importPastSessions(this.options, progress, token);
      this.imported.fire(summary);
      return summary;
    } finally {
      this.importing = false;
      void this.pollAll();
    }
  }

  override dispose(): void {
    super.dispose();
    this.abort.abort();
    if (this.timer) clearInterval(this.timer);
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    disposeAll(this.watchers.splice(0));
  }

  // ---- discovery and watching ------------------------------------------------------------

  private rediscover(reason: string): void {
    this.options.log.info(`Transcripts: ${reason}; looking for transcripts again.`);
    void this.discover();
  }

  private async discover(): Promise<void> {
    const generation = ++this.generation;
    this.abort.abort();
    this.abort = new AbortController();
    try {
      const { sources, watch } = await discoverTranscriptSources(discoveryOptionsFor(this.options.context));
      if (generation !== this.generation || this.disposed) return;
      this.sources.clear();
      this.notOurs.clear();
      for (const source of sources) this.sources.set(source.path, source);
      this.watch(watch);
      this.missingBases = (
        await Promise.all(watch.map(async (location) => ((await exists(location.base)) ? undefined : location.base)))
      ).filter((base): base is string => base !== undefined);
      const byAgent = new Map<string, number>();
      for (const source of sources) byAgent.set(source.agent, (byAgent.get(source.agent) ?? 0) + 1);
      const perAgent = [...byAgent].map(([agent, n]) => `${agent} ${n}`).join(', ') || 'none yet';
      this.options.log.info(
        `Transcripts: following ${sources.length} (${perAgent}); watching ${watch.length} locations.`,
      );
      await this.pollAll();
    } catch (error) {
      this.options.log.error(`Transcripts: discovery failed: ${errorMessage(error)}`);
    }
  }

  private watch(locations: readonly WatchLocation[]): void {
    for (const watcher of this.watchers.splice(0)) watcher.dispose();
    // One watcher per folder and pattern; an extra location is offered to several agents.
    const grouped = new Map<string, { base: string; pattern: string; agents: AgentId[] }>();
    for (const location of locations) {
      const key = `${location.base}\u0000${location.pattern}`;
      const group = grouped.get(key) ?? { base: location.base, pattern: location.pattern, agents: [] };
      group.agents.push(location.agent);
      grouped.set(key, group);
    }
    const bases = new Map<string, AgentId[]>();
    for (const { base, agents } of grouped.values())
      bases.set(base, [...new Set([...(bases.get(base) ?? []), ...agents])]);
    for (const [base, agents] of bases) {
      try {
        // The watcher reports a new folder once and drops the events of files created inside it
        // (a new Claude project folder, a new Codex date folder), so new folders are listed.
        const folders = vscode.workspace.createFileSystemWatcher(
          new vscode.RelativePattern(vscode.Uri.file(base), '**'),
          false,
          true,
          true,
        );
        folders.onDidCreate((uri) => void this.folderCreated(uri.fsPath, agents));
        this.watchers.push(folders);
      } catch (error) {
        this.options.log.warn(`Transcripts: cannot watch ${base}: ${errorMessage(error)}`);
      }
    }
    for (const { base, pattern, agents } of grouped.values()) {
      try {
        const watcher = vscode.workspace.createFileSystemWatcher(
          new vscode.RelativePattern(vscode.Uri.file(base), pattern),
        );
        const onChange = (uri: vscode.Uri): void => this.schedule(uri.fsPath, agents);
        watcher.onDidCreate(onChange);
        watcher.onDidChange(onChange);
        watcher.onDidDelete((uri) => this.forget(uri.fsPath));
        this.watchers.push(watcher);
      } catch (error) {
        this.options.log.warn(`Transcripts: cannot watch ${base}: ${errorMessage(error)}`);
      }
    }
  }

  private async folderCreated(folder: string, agents: readonly AgentId[]): Promise<void> {
    try {
      if (!(await stat(folder)).isDirectory()) return;
      const files = await filesBelow(folder, {
        limit: MAX_FILES_IN_NEW_FOLDER,
        keep: (name) => /\.jsonl?$/.test(name),
      });
      for (const file of files) this.schedule(file, agents);
    } catch {
      // Gone again, or unreadable: nothing to follow.
    }
  }

  private schedule(changedPath: string, agents: readonly AgentId[]): void {
    if (this.disposed) return;
    const entry = this.pending.get(changedPath);
    if (entry) clearTimeout(entry.timer);
    const wanted = entry?.agents ?? new Set<AgentId>();
    for (const agent of agents) wanted.add(agent);
    const timer = setTimeout(() => {
      this.pending.delete(changedPath);
      void this.onChanged(changedPath, [...wanted]);
    }, DEBOUNCE_MS);
    this.pending.set(changedPath, { timer, agents: wanted });
  }

  private async onChanged(changedPath: string, agents: readonly AgentId[]): Promise<void> {
    try {
      const source =
        this.sources.get(changedPath) ??
        this.sources.get(path.dirname(changedPath)) ??
        (await this.resolveNew(changedPath, agents));
      if (source) await this.poll(source);
    } catch (error) {
      this.options.log.warn(`Transcripts: ${changedPath}: ${errorMessage(error)}`);
    }
  }

  private async resolveNew(changedPath: string, agents: readonly AgentId[]): Promise<TranscriptSource | undefined> {
    if (this.notOurs.has(changedPath)) return undefined;
    const { workspaceFolders, platform } = discoveryOptionsFor(this.options.context);
    for (const agent of agents) {
      const source = await sourceForChangedPath(agent, changedPath, { workspaceFolders, platform });
      if (source) {
        this.sources.set(source.path, source);
        this.options.log.info(`Transcripts: following new ${source.agent} transcript ${source.path}`);
        return source;
      }
    }
    const size = (await stat(changedPath).catch(() => undefined))?.size ?? 0;
    if (size > NOT_OURS_AFTER_BYTES) this.notOurs.add(changedPath);
    return undefined;
  }

  private forget(deletedPath: string): void {
    if (!this.sources.delete(deletedPath)) return;
    this.hot.delete(deletedPath);
    this.tailer?.forget(deletedPath);
  }

  // ---- polling ---------------------------------------------------------------------------

  /**
   * Catches up every followed transcript. One never read before is read only if written
   * recently (a session that may still be running); older ones are the import command's.
   */
  private async pollAll(): Promise<void> {
    const signal = this.abort.signal;
    const now = Date.now();
    for (const source of [...this.sources.values()]) {
      if (signal.aborted || this.disposed) return;
      if (!this.offsets?.get(source.path)) {
        const mtimeMs = (await stat(source.path).catch(() => undefined))?.mtimeMs ?? 0;
        if (now - mtimeMs > LIVE_WINDOW_MS) continue;
      }
      await this.poll(source);
    }
  }

  private async poll(source: TranscriptSource): Promise<void> {
    const tailer = this.tailer;
    if (!tailer || this.importing || !this.options.recording.recorder) return;
    try {
      const result = await tailer.poll(source, this.abort.signal);
      const skipped = Object.entries(result.skipped);
      if (result.events > 0 || skipped.length > 0) {
        const skips = skipped.length ? `, skipped ${skipped.map(([reason, n]) => `${reason} ${n}`).join(', ')}` : '';
        this.options.log.debug(`Transcripts: ${source.agent} ${source.path}: ${result.events} steps${skips}`);
      }
      const info = await stat(source.path).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs <= HOT_WINDOW_MS)
        this.hot.set(source.path, { mtimeMs: info.mtimeMs, size: info.size });
    } catch (error) {
      this.options.log.warn(`Transcripts: reading ${source.path} failed: ${errorMessage(error)}`);
    }
  }

  /** Polls hot sources whose size or mtime moved without a watcher event; rediscovers when a missing root appears. */
  private async checkHotAndMissing(): Promise<void> {
    if (this.disposed || this.importing || this.checking) return;
    this.checking = true;
    try {
      for (const base of this.missingBases) {
        if (await exists(base)) {
          this.rediscover(`${base} appeared`);
          return;
        }
      }
      const now = Date.now();
      for (const [hotPath, seen] of [...this.hot]) {
        const info = await stat(hotPath).catch(() => undefined);
        if (!info || now - info.mtimeMs > HOT_WINDOW_MS) {
          this.hot.delete(hotPath);
          continue;
        }
        const source = this.sources.get(hotPath);
        if (source && (info.mtimeMs !== seen.mtimeMs || info.size !== seen.size) && !this.pending.has(hotPath))
          await this.poll(source);
      }
    } catch (error) {
      this.options.log.warn(`Transcripts: ${errorMessage(error)}`);
    } finally {
      this.checking = false;
    }
  }

  /** Recording came back on: read what the agents wrote while it was off. */
  private captureMaybeResumed(): void {
    const capturing = this.options.recording.capturing;
    if (capturing && !this.wasCapturing) void this.pollAll();
    this.wasCapturing = capturing;
  }
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}
