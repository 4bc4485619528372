/**
 * The project's only import of `openai`. Works with any OpenAI-compatible endpoint: OpenAI,
 * Azure OpenAI, Ollama (`http://localhost:11434/v1`), vLLM, LM Studio (`http://localhost:1234/v1`).
 *
 * Azure: baseUrl `https://<resource>.openai.azure.com/openai/deployments/<deployment>`, model = the
 * deployment name, `apiVersion` e.g. `2024-10-21`. The version goes in the `api-version` query
 * parameter and the key in the `api-key` header, which is what Azure expects.
 *
 * The SDK's own retries are off: guardedChatModel.ts retries with a policy shared by all adapters.
 */
import OpenAI from 'openai';
import {
  type ChatModel,
  ChatModelError,
  type SendableChatRequest,
  type ChatResponse,
  estimateTokens,
} from './chatModel';
import { errorMessage } from '../util/errorMessage';

export type StructuredOutputMode = 'json_schema' | 'json_object' | 'none';

export interface OpenAiChatModelOptions {
  baseUrl: string;
  model: string;
  /** From the host's secret storage; never read from settings. Local servers accept any value. */
  apiKey?: string;
  /** Set for Azure OpenAI; switches auth to the `api-key` header. */
  apiVersion?: string;
  /**
   * How a jsonSchema request is passed on. When the endpoint rejects it with a 400 the adapter
   * falls back (json_schema → json_object → none) and remembers the working mode.
   * @default 'json_schema'
   */
  structuredOutput?: StructuredOutputMode;
  /** @default 120000 */
  timeoutMs?: number;
}

const FALLBACK: Record<StructuredOutputMode, StructuredOutputMode | undefined> = {
  json_schema: 'json_object',
  json_object: 'none',
  none: undefined,
};

export function createOpenAiChatModel(options: OpenAiChatModelOptions): ChatModel {
  const azure = options.apiVersion !== undefined;
  const client = new OpenAI({
    baseURL: options.baseUrl,
    apiKey: options.apiKey || 'not-needed',
    maxRetries: 0,
    timeout: options.timeoutMs ?? 120_000,
    ...(azure
      ? { defaultQuery: { 'api-version': options.apiVersion }, defaultHeaders: { 'api-key': options.apiKey ?? '' } }
      : {}),
  });
  let mode: StructuredOutputMode = options.structuredOutput ?? 'json_schema';

  async function send(request: SendableChatRequest, useMode: StructuredOutputMode): Promise<ChatResponse> {
    const responseFormat = request.jsonSchema ? responseFormatFor(useMode, request) : undefined;
    const completion = await client.chat.completions.create(
      {
        model: options.model,
        messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
        ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(responseFormat ? { response_format: responseFormat } : {}),
        stream: false,
      },
      { signal: request.signal, ...(request.timeoutMs !== undefined ? { timeout: request.timeoutMs } : {}) },
    );
    const text = completion.choices[0]?.message?.content ?? '';
    const usage = completion.usage;
    return {
      text,
      usage: usage
        ? { input: usage.prompt_tokens, output: usage.completion_tokens }
        : { input: estimateTokens(request.messages.map((m) => m.content).join('\n')), output: estimateTokens(text) },
    };
  }

  return {
    id: `openai:${options.model}`,
    async complete(request: SendableChatRequest): Promise<ChatResponse> {
      // A per-call controller: the SDK leaves its listener on the signal it is given, and a run
      // shares one signal across hundreds of calls.
      const controller = new AbortController();
      const forward = (): void => controller.abort();
      if (request.signal?.aborted) controller.abort();
      request.signal?.addEventListener('abort', forward, { once: true });
      const call: SendableChatRequest = { ...request, signal: controller.signal };
      try {
        for (;;) {
          try {
            return await send(call, mode);
          } catch (error) {
            const next = FALLBACK[mode];
            if (
              request.jsonSchema &&
              next &&
              error instanceof OpenAI.BadRequestError &&
              /response_format|json/i.test(error.message)
            ) {
              mode = next;
              continue;
            }
            throw toChatModelError(error, controller.signal);
          }
        }
      } finally {
        request.signal?.removeEventListener('abort', forward);
      }
    },
  };
}

function responseFormatFor(
  mode: StructuredOutputMode,
  request: SendableChatRequest,
): OpenAI.Chat.Completions.ChatCompletionCreateParams['response_format'] {
  if (mode === 'json_object') return { type: 'json_object' };
  if (mode === 'json_schema' && request.jsonSchema) {
    // strict:false because strict mode rejects optional properties, which our schemas use.
    return {
      type: 'json_schema',
      json_schema: { name: request.schemaName ?? 'answer', schema: request.jsonSchema, strict: false },
    };
  }
  return undefined;
}

function toChatModelError(error: unknown, signal: AbortSignal | undefined): ChatModelError {
  if (signal?.aborted || error instanceof OpenAI.APIUserAbortError) {
    return new ChatModelError('cancelled', 'cancelled by the caller', { cause: error });
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ChatModelError('timeout', 'the model endpoint did not answer in time', { cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ChatModelError('network', `cannot reach the model endpoint: ${error.message}`, { cause: error });
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    const message = `HTTP ${status ?? '?'}: ${firstLine(error.message)}`;
    if (status === 429) {
      return new ChatModelError('rate-limited', message, {
        status,
        retryAfterMs: retryAfterMs(error.headers),
        cause: error,
      });
    }
    if (status !== undefined && status >= 500) return new ChatModelError('server', message, { status, cause: error });
    if (status === 401 || status === 403) return new ChatModelError('auth', message, { status, cause: error });
    if (status === 408) return new ChatModelError('timeout', message, { status, cause: error });
    return new ChatModelError('bad-request', message, { status, cause: error });
  }
  // The SDK throws a SyntaxError when a 200 response's body is not JSON; the server misbehaved.
  const text = errorMessage(error);
  return new ChatModelError('server', `unreadable response from the model endpoint: ${firstLine(text)}`, {
    cause: error,
  });
}

/** `retry-after-ms` (OpenAI), then `retry-after` in seconds or as an HTTP date. */
function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
