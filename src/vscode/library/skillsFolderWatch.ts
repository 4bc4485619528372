import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import { skillsFolderFingerprint } from '../../core/skills/folderFingerprint';
import { errorMessage } from '../../core/util/errorMessage';
import { Disposable } from '../lifecycle';

/** Saves, a pull or a checkout arrive as bursts of file events; one reload follows each burst. */
const RELOAD_DEBOUNCE_MS = 300;
/** How often the folder is compared with what was last loaded, for changes the file watcher lost. */
const CATCH_UP_INTERVAL_MS = 5_000;

export interface SkillsFolderWatchOptions {
  folder: vscode.WorkspaceFolder;
  log: vscode.LogOutputChannel;
  /** Starts a reload (the library queues it behind any running one). */
  reload: () => void;
  /** A reload is already queued, so a change found now will be seen by it. */
  reloadQueued: () => boolean;
  /** The folder's fingerprint when the library last read it; undefined before the first load. */
  loadedFingerprint: () => string | undefined;
  /** Runs a listener so that a throw is logged instead of escaping into VS Code. */
  guard: (context: string, action: () => void) => void;
}

/**
 * Keeps the library in step with its folder on disk: a file watcher on the folder (re-created
 * when the setting moves it), a debounce over bursts of events, and a periodic fingerprint check
 * that catches what the watcher lost (an inotify watch added after a new folder had files).
 */
export class SkillsFolderWatch extends Disposable {
  private watcher: vscode.FileSystemWatcher | undefined;
  private watchedFolder: string | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private catchUpTimer: ReturnType<typeof setInterval> | undefined;
  private catchingUp = false;

  constructor(private readonly options: SkillsFolderWatchOptions) {
    super();
  }

  /** Watches `folderSetting` (absolute, or relative to the workspace folder) resolved to `absolute`. */
  follow(folderSetting: string, absolute: string): void {
    if (this.watcher && this.watchedFolder === absolute) return;
    this.watcher?.dispose();
    const relativeFolder = folderSetting.replace(/\\/g, '/').replace(/\/+$/, '');
    const pattern = isAbsolute(folderSetting)
      ? new vscode.RelativePattern(vscode.Uri.file(absolute), '**')
      : new vscode.RelativePattern(this.options.folder, `${relativeFolder}/**`);
    this.watcher = vscode.workspace.createFileSystemWatcher(pattern);
    this.watchedFolder = absolute;
    const onEvent = (): void => this.options.guard('file watcher', () => this.schedule());
    this.watcher.onDidCreate(onEvent);
    this.watcher.onDidChange(onEvent);
    this.watcher.onDidDelete(onEvent);
  }

  /** Starts the periodic catch-up; called once the first load has taken its fingerprint. */
  startCatchUp(): void {
    if (this.catchUpTimer || this.disposed) return;
    this.catchUpTimer = setInterval(() => void this.catchUp(), CATCH_UP_INTERVAL_MS);
    this.catchUpTimer.unref?.();
  }

  /** A reload after the current burst of changes settles. */
  schedule(): void {
    if (this.disposed) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.options.reload();
    }, RELOAD_DEBOUNCE_MS);
  }

  override dispose(): void {
    super.dispose();
    if (this.debounce) clearTimeout(this.debounce);
    if (this.catchUpTimer) clearInterval(this.catchUpTimer);
    this.watcher?.dispose();
  }

  /** Reloads when the folder differs from what was loaded and no reload is on its way already. */
  private async catchUp(): Promise<void> {
    const loaded = this.options.loadedFingerprint();
    const folder = this.watchedFolder;
    if (this.disposed || this.catchingUp || this.busy() || loaded === undefined || folder === undefined) return;
    this.catchingUp = true;
    try {
      const now = await skillsFolderFingerprint(folder);
      if (now === this.options.loadedFingerprint() || this.busy() || this.disposed) return;
      this.options.log.info(`The skills folder ${folder} changed without a file watcher event; reloading it.`);
      this.schedule();
    } catch (error) {
      this.options.log.warn(`Checking ${folder} for changes failed: ${errorMessage(error)}`);
    } finally {
      this.catchingUp = false;
    }
  }

  private busy(): boolean {
    return this.debounce !== undefined || this.options.reloadQueued();
  }
}
