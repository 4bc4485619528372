import * as vscode from 'vscode';
import { RunBudget } from '../../core/llm/budget';
import { type GuardedChatModel, guardChatModel } from '../../core/llm/guardedChatModel';
import { readSettings } from '../settings';
import { VscodeLmChatModel } from './vscodeLmChatModel';

export const API_KEY_SECRET = 'skillwright.llm.apiKey';

/**
 * The chat model the settings ask for, wrapped with redaction, retries, concurrency and a
 * per-run token budget. Undefined when the provider is `none` (heuristics only) or no model
 * can be had; the reason goes to the log so the user can see why.
 */
export async function createRunModel(
  secrets: vscode.SecretStorage,
  log: vscode.LogOutputChannel,
): Promise<GuardedChatModel | undefined> {
  const { llm } = readSettings();
  const guard = (model: Parameters<typeof guardChatModel>[0]): GuardedChatModel =>
    guardChatModel(model, {
      logger: log,
      concurrency: llm.maxConcurrency,
      budget: new RunBudget({ maxTokens: llm.maxTokensPerRun }),
    });
  if (llm.provider === 'none') return undefined;
  if (llm.provider === 'vscode') {
    const model = await VscodeLmChatModel.select(
      llm.vscodeModelFamily,
      'Skillwright distills repository skills from your commits and agent sessions.',
    );
    if (!model) {
      log.warn(
        `No chat model is available through VS Code's Language Model ` +
          `API${llm.vscodeModelFamily ? ` for family "${llm.vscodeModelFamily}"` : ''}; only the heuristic ` +
          `distillers run.`,
      );
      return undefined;
    }
    return guard(model);
  }
  // The OpenAI client is loaded only when a run needs it, never at activation.
  const { createOpenAiChatModel } = await import('../../core/llm/openaiChatModel');
  const apiKey = await secrets.get(API_KEY_SECRET);
  const azure = /\.openai\.azure\.com/i.test(llm.baseUrl);
  return guard(
    createOpenAiChatModel({
      baseUrl: llm.baseUrl,
      model: llm.model,
      ...(apiKey ? { apiKey } : {}),
      ...(azure ? { apiVersion: '2024-10-21' } : {}),
    }),
  );
}

export function registerApiKeyCommand(secrets: vscode.SecretStorage): vscode.Disposable {
  return vscode.commands.registerCommand('skillwright.setApiKey', async () => {
    const key = await vscode.window.showInputBox({
      title: 'OpenAI-compatible API key',
      prompt: "Stored in VS Code's secret storage, never in settings. Leave empty to remove the stored key.",
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    if (key.trim()) {
      await secrets.store(API_KEY_SECRET, key.trim());
      void vscode.window.showInformationMessage('Skillwright: API key saved in secret storage.');
    } else {
      await secrets.delete(API_KEY_SECRET);
      void vscode.window.showInformationMessage('Skillwright: API key removed.');
    }
  });
}
