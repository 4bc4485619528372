/**
 * Structured answers: ask with a JSON Schema, extract and validate the JSON with zod, give the
 * model ONE repair attempt that quotes the validation errors, then drop the answer with a logged
 * reason. Callers only ever see a fully validated object or `{ok: false, reason}`.
 */
import { z } from 'zod';
import type { Logger } from '../ports';
import { silentLogger } from '../ports';
import { BudgetExceeded } from './budget';
import { type ChatMessage, ChatModelError, type ChatRequest, type TokenUsage } from './chatModel';
import type { GuardedChatModel } from './guardedChatModel';
import { extractJson } from './jsonExtract';

export type StructuredResult<T> =
  | { ok: true; value: T; usage: TokenUsage; attempts: number }
  | { ok: false; reason: string; usage: TokenUsage; attempts: number; error?: ChatModelError };

export interface StructuredOptions {
  logger?: Logger;
  /** What the log lines say this call was for, e.g. `commit-replay distill abc1234`. */
  label?: string;
  /** Answers longer than this are rejected unparsed. @default 262144 */
  maxAnswerChars?: number;
}

export type StructuredRequest = Omit<ChatRequest, 'jsonSchema'> & { schemaName: string };

const jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

/** The JSON Schema sent to endpoints that support response_format json_schema. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  let cached = jsonSchemas.get(schema);
  if (!cached) {
    cached = z.toJSONSchema(schema, { unrepresentable: 'any' }) as Record<string, unknown>;
    delete cached.$schema;
    jsonSchemas.set(schema, cached);
  }
  return cached;
}

/**
 * Throws only BudgetExceeded and cancellation, which must stop the whole run; every other failure
 * (endpoint errors after retries, bad answers after the repair) is a `{ok: false}` result.
 */
export async function completeStructured<T>(
  model: GuardedChatModel,
  schema: z.ZodType<T>,
  request: StructuredRequest,
  options: StructuredOptions = {},
): Promise<StructuredResult<T>> {
  const logger = options.logger ?? silentLogger;
  const label = options.label ?? request.schemaName;
  const maxChars = options.maxAnswerChars ?? 262_144;
  const usage: TokenUsage = { input: 0, output: 0 };
  let messages: ChatMessage[] = request.messages;
  let lastReason = '';
  for (let attempt = 1; attempt <= 2; attempt++) {
    let text: string;
    try {
      const response = await model.complete({ ...request, messages, jsonSchema: jsonSchemaOf(schema) });
      usage.input += response.usage.input;
      usage.output += response.usage.output;
      text = response.text;
    } catch (error) {
      if (error instanceof BudgetExceeded) throw error;
      if (error instanceof ChatModelError && error.kind === 'cancelled') throw error;
      const failure = error instanceof ChatModelError ? error : new ChatModelError('server', String(error));
      const reason = `model call failed: ${failure.kind}: ${failure.message}`;
      logger.warn(`llm ${label}: dropped, ${reason}`);
      return { ok: false, reason, usage, attempts: attempt, error: failure };
    }
    const checked = validate(schema, text, maxChars);
    if (checked.ok) return { ok: true, value: checked.value, usage, attempts: attempt };
    lastReason = checked.reason;
    if (attempt === 1) {
      logger.info(`llm ${label}: invalid answer (${lastReason}); asking once for a repair`);
      messages = [
        ...request.messages,
        { role: 'assistant', content: text.length > 4000 ? `${text.slice(0, 4000)}\n…[truncated]` : text },
        {
          role: 'user',
          content:
            `Your previous answer was rejected: ${lastReason}\n` +
            (`Reply again with ONLY one JSON object that satisfies the ${request.schemaName} schema, no prose, no ` +
              `code fence.`),
        },
      ];
    }
  }
  logger.warn(`llm ${label}: dropped after one repair attempt: ${lastReason}`);
  return { ok: false, reason: `invalid answer after repair: ${lastReason}`, usage, attempts: 2 };
}

function validate<T>(
  schema: z.ZodType<T>,
  text: string,
  maxChars: number,
): { ok: true; value: T } | { ok: false; reason: string } {
  if (text.length > maxChars) {
    return { ok: false, reason: `answer too large (${text.length} characters, limit ${maxChars}); answer compactly` };
  }
  const extracted = extractJson(text);
  if (!extracted.ok) return extracted;
  const parsed = schema.safeParse(extracted.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 8)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, reason: `schema violation: ${issues}` };
}
