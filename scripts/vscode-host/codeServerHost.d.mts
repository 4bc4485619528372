// Types for codeServerHost.mjs, so TypeScript tests (VSIX, end-to-end) can import it.
import type { Browser, Page } from 'playwright-core';

export interface VsCodeHostOptions {
  /** Absolute path of the folder to open. */
  readonly workspaceFolder: string;
  /** Load this folder as a development extension. */
  readonly extensionDevelopmentPath?: string;
  /** Folder with an index.js exporting run(); runs inside the extension host. */
  readonly extensionTestsPath?: string;
  /** Merged into User/settings.json (after the harness's defaults). */
  readonly userSettings?: Readonly<Record<string, unknown>>;
  /** Sets workbench.colorTheme, e.g. 'Default Light Modern' or 'Default Dark Modern'. */
  readonly colorTheme?: string;
  /** Extra environment for code-server and hence the extension host. */
  readonly env?: Readonly<Record<string, string>>;
  /** Leave workspace trust on: the folder then opens untrusted, in Restricted Mode. */
  readonly trust?: boolean;
  readonly userDataDir?: string;
  /** Installed-extensions directory; defaults to <userDataDir>/extensions. */
  readonly extensionsDir?: string;
  readonly viewport?: { readonly width: number; readonly height: number };
  readonly startTimeoutMs?: number;
  readonly keepUserDataDir?: boolean;
}

export interface VsCodeHost {
  readonly page: Page;
  readonly browser: Browser;
  readonly url: string;
  readonly port: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Exit code the workbench reports once extensionTestsPath's run() settles (0 ok, 1 failed). */
  waitForTestsExit(timeoutMs: number): Promise<number>;
  /** code-server output and browser console, in arrival order. */
  logs(): string;
  /** Tail of the extension host's own log and any Skillwright log files. */
  extensionHostLog(maxChars?: number): string;
  stop(): Promise<void>;
}

export const CHROMIUM_ARGS: readonly string[];
export function startVsCodeHost(options: VsCodeHostOptions): Promise<VsCodeHost>;
export function freePort(): Promise<number>;
export function findChromium(): string;
export function workbenchUrl(options: {
  port: number;
  workspaceFolder: string;
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
}): string;
export function installVsix(vsixPath: string, extensionsDir: string, userDataDir?: string): string;
export function extensionHostLogTail(userDataDir: string, maxChars?: number): string;
