/**
 * The one interface every distiller talks to. Two adapters implement it: the OpenAI-compatible
 * client (openaiChatModel.ts) and the host's language-model API (src/vscode). Adapters translate
 * their own failures into ChatModelError so retry and logging policy lives in one place
 * (guardedChatModel.ts), not in each adapter.
 */
import type { Redacted } from '../redaction/gate';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /**
   * A JSON Schema the answer must satisfy. Adapters that support structured output pass it on
   * (response_format json_schema); the rest ignore it, and the caller still validates the text.
   */
  jsonSchema?: Record<string, unknown>;
  /** A short identifier for the schema, `[a-zA-Z0-9_-]`, required by some endpoints. */
  schemaName?: string;
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
  /** Per-attempt timeout; adapters abort the call and throw a `timeout` ChatModelError. */
  timeoutMs?: number;
}

export interface TokenUsage {
  input: number;
  output: number;
}

export interface ChatResponse {
  text: string;
  usage: TokenUsage;
}

/**
 * A request as an adapter receives it: every message went through the redaction gate, which
 * only guardChatModel applies. An adapter cannot be handed raw text by mistake.
 */
export interface SendableChatRequest extends Omit<ChatRequest, 'messages'> {
  messages: { role: ChatMessage['role']; content: Redacted<string> }[];
}

/** A model adapter. Distillers never see one: they get the GuardedChatModel that wraps it. */
export interface ChatModel {
  /** Human-readable identity for logs, e.g. `openai:gpt-4o-mini` or `vscode:copilot/gpt-4o`. */
  readonly id: string;
  complete(request: SendableChatRequest): Promise<ChatResponse>;
}

/**
 * - `rate-limited`, `server`, `network`, `timeout`: transient, retried with backoff.
 * - `cancelled`: the caller's AbortSignal fired; never retried.
 * - `auth`, `bad-request`, `refused` (consent denied / content filter), `unavailable` (no model):
 *   permanent for this run.
 */
export type ChatErrorKind =
  'rate-limited' | 'server' | 'network' | 'timeout' | 'cancelled' | 'auth' | 'bad-request' | 'refused' | 'unavailable';

export class ChatModelError extends Error {
  override readonly name = 'ChatModelError';
  constructor(
    readonly kind: ChatErrorKind,
    message: string,
    readonly options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'server' || this.kind === 'network' || this.kind === 'timeout';
  }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof ChatModelError && error.kind === 'cancelled';
}

/** A rough token count for adapters whose endpoint reports no usage (about 4 chars a token). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
