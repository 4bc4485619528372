import type { RunBudget } from '../core/llm/budget';
import { guardChatModel, type GuardedChatModel } from '../core/llm/guardedChatModel';
import { createOpenAiChatModel } from '../core/llm/openaiChatModel';
import type { Logger } from '../core/ports';

export const DEFAULT_LLM_BASE_URL = 'https://api.openai.com/v1';

/** The environment variables the CLI reads its model from, for usage texts. */
export const LLM_ENV_HELP = [
  'Model (OpenAI-compatible endpoint), from the environment:',
  `  SKILLWRIGHT_LLM_BASE_URL     endpoint (default ${DEFAULT_LLM_BASE_URL}); e.g. http://localhost:11434/v1 for ` +
    `Ollama,`,
  '                               https://<resource>.openai.azure.com/openai/deployments/<deployment> for Azure',
  '  SKILLWRIGHT_LLM_MODEL        model (or Azure deployment) name; required',
  '  SKILLWRIGHT_LLM_API_KEY      API key (falls back to OPENAI_API_KEY); local servers need none',
  '  SKILLWRIGHT_LLM_API_VERSION  Azure OpenAI api-version, e.g. 2024-10-21 (switches to Azure auth)',
].join('\n');

export type ModelFromEnv = { ok: true; model: GuardedChatModel; description: string } | { ok: false; reason: string };

/**
 * The CLI's model: an OpenAI-compatible endpoint configured by environment variables, wrapped in
 * the same guard (redaction, budget, retries) as every other model call. The key is never printed.
 */
export function modelFromEnv(env: NodeJS.ProcessEnv, options: { budget: RunBudget; logger: Logger }): ModelFromEnv {
  const model = env.SKILLWRIGHT_LLM_MODEL?.trim();
  const baseUrl = env.SKILLWRIGHT_LLM_BASE_URL?.trim() || DEFAULT_LLM_BASE_URL;
  const apiKey = env.SKILLWRIGHT_LLM_API_KEY?.trim() || env.OPENAI_API_KEY?.trim() || undefined;
  const apiVersion = env.SKILLWRIGHT_LLM_API_VERSION?.trim() || undefined;
  if (!model)
    return {
      ok: false,
      reason:
        'no model configured: set SKILLWRIGHT_LLM_MODEL (and SKILLWRIGHT_LLM_BASE_URL / SKILLWRIGHT_LLM_API_KEY ' +
        'as needed)',
    };
  if (!apiKey && (baseUrl === DEFAULT_LLM_BASE_URL || apiVersion !== undefined)) {
    return { ok: false, reason: `no API key for ${baseUrl}: set SKILLWRIGHT_LLM_API_KEY (or OPENAI_API_KEY)` };
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { ok: false, reason: `SKILLWRIGHT_LLM_BASE_URL is not a URL: ${baseUrl}` };
  }
  const chat = createOpenAiChatModel({
    baseUrl,
    model,
    ...(apiKey ? { apiKey } : {}),
    ...(apiVersion ? { apiVersion } : {}),
  });
  return {
    ok: true,
    model: guardChatModel(chat, { budget: options.budget, logger: options.logger }),
    description: `${model} at ${url.host}`,
  };
}
