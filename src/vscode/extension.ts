import type * as vscode from 'vscode';
import type { SkillwrightApi } from './api';
import { createApi } from './apiImplementation';
import { SkillwrightServices } from './services';

let shutdown: (() => Promise<void>) | undefined;

/**
 * The composition root: builds the services (which own every disposable and are disposed with
 * context.subscriptions) and returns at once. The store is opened and capture started after
 * activate() returns, so activation never waits on I/O.
 */
export function activate(context: vscode.ExtensionContext): SkillwrightApi {
  const activationStarted = performance.now();
  const services = new SkillwrightServices(context);
  context.subscriptions.push(services);
  const ready = services.start();
  const { recording, review, library, gaps, log } = services;
  shutdown = () => recording.close();
  const activationMs = performance.now() - activationStarted;
  log.info(`Skillwright activated in ${activationMs.toFixed(1)} ms.`);
  return createApi({ ready, recording, review, library, gaps, activationMs });
}

/** Awaited by VS Code on shutdown: pending edits and events are made durable and checkpointed. */
export async function deactivate(): Promise<void> {
  await shutdown?.();
  shutdown = undefined;
}
