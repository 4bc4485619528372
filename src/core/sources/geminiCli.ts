import { basename, dirname } from 'node:path';
import { EventFactory, type SessionRef } from './eventFactory';
import { asArray, asNumber, asRecord, asString, clip, parseTimestamp, textOf, type JsonRecord } from './json';
import { type LineParser, parsingJsonLines } from './lineParser';
import { exitCodeFromText, toolCallStep } from './toolKinds';
import { countSkip, type ParseContext, type ParseResult } from './types';

/**
 * Gemini CLI chats. The JSONL form is an upsert log: a metadata line, message records that are
 * rewritten in full (same id) as their tool calls finish, `{$set}` metadata patches (a `messages`
 * array replaces the list) and `{$rewindTo: id}`, which drops that message and everything after.
 * The log is folded first and the surviving messages are emitted, so a rewound branch never
 * becomes steps. Older versions wrote one JSON object with a `messages` array.
 */
interface GeminiFold {
  metadata: JsonRecord;
  messages: Map<string, JsonRecord>;
}

export function createGeminiParser(context: ParseContext): LineParser {
  const fold: GeminiFold = { metadata: {}, messages: new Map() };
  return {
    parseLine: parsingJsonLines((record) => applyRecord(fold, record)),
    finish(out) {
      emitFold(context, fold, out);
    },
    saveState: () => ({}),
  };
}

/** The legacy single-JSON chat file. */
export function parseGeminiJson(value: unknown, context: ParseContext, out: ParseResult): void {
  const record = asRecord(value);
  if (!record) {
    countSkip(out.skipped, 'not-an-object');
    return;
  }
  const fold: GeminiFold = { metadata: {}, messages: new Map() };
  const reason = applyRecord(fold, { $set: record });
  if (reason) countSkip(out.skipped, reason);
  emitFold(context, fold, out);
}

function applyRecord(fold: GeminiFold, record: JsonRecord): string | undefined {
  if ('$rewindTo' in record) {
    const target = asString(record.$rewindTo);
    if (target === undefined) return 'bad-fields';
    let found = false;
    for (const id of [...fold.messages.keys()]) {
      if (id === target) found = true;
      if (found) fold.messages.delete(id);
    }
    if (!found) fold.messages.clear();
    return undefined;
  }
  if ('$set' in record) {
    const patch = asRecord(record.$set);
    if (!patch) return 'bad-fields';
    const { messages, ...rest } = patch;
    fold.metadata = { ...fold.metadata, ...rest };
    if (Array.isArray(messages)) {
      fold.messages.clear();
      for (const message of messages) {
        const item = asRecord(message);
        const id = asString(item?.id);
        if (item && id) fold.messages.set(id, item);
      }
    }
    return undefined;
  }
  const id = asString(record.id);
  if (id) {
    if (typeof record.type !== 'string') return 'bad-fields';
    fold.messages.set(id, record);
    return undefined;
  }
  if (asString(record.sessionId)) {
    fold.metadata = { ...fold.metadata, ...record };
    return undefined;
  }
  return 'unknown-type';
}

function emitFold(context: ParseContext, fold: GeminiFold, out: ParseResult): void {
  const factory = new EventFactory(context);
  const sessionId = asString(fold.metadata.sessionId) ?? basename(context.path).replace(/\.jsonl?$/, '');
  const parentDir = basename(dirname(context.path));
  const session: SessionRef =
    fold.metadata.kind === 'subagent' && parentDir !== 'chats'
      ? { sessionId, parentSessionId: parentDir }
      : { sessionId };
  const cwd = asString(asArray(fold.metadata.directories)[0]);
  const startTs = parseTimestamp(fold.metadata.startTime);
  if (cwd) out.events.push(factory.make(session, 'meta:cwd', startTs, { kind: 'meta', cwd }));
  for (const [id, message] of fold.messages) {
    const ts = parseTimestamp(message.timestamp) ?? startTs;
    const text = textOf(message.content).trim();
    switch (message.type) {
      case 'user':
        if (text) out.events.push(factory.make(session, `msg:${id}`, ts, { kind: 'prompt', text }));
        break;
      case 'gemini': {
        const tokens = asRecord(message.tokens);
        const model = asString(message.model);
        if (model || tokens) {
          const inputTokens = asNumber(tokens?.input);
          const outputTokens = asNumber(tokens?.output);
          out.events.push(
            factory.make(session, `meta:${id}`, ts, {
              kind: 'meta',
              ...(model ? { model } : {}),
              ...(inputTokens === undefined ? {} : { inputTokens }),
              ...(outputTokens === undefined ? {} : { outputTokens }),
            }),
          );
        }
        if (text) out.events.push(factory.make(session, `msg:${id}`, ts, { kind: 'note', text: clip(text, 1000) }));
        asArray(message.toolCalls).forEach((call, index) => emitToolCall(factory, session, id, index, ts, call, out));
        break;
      }
      case 'error':
      case 'warning':
        if (text)
          out.events.push(
            factory.make(session, `msg:${id}`, ts, { kind: 'note', text: clip(`${message.type}: ${text}`, 1000) }),
          );
        break;
      case 'info':
        break;
      default:
        countSkip(out.skipped, 'unknown-type');
    }
  }
}

function emitToolCall(
  factory: EventFactory,
  session: SessionRef,
  messageId: string,
  index: number,
  messageTs: number | undefined,
  value: unknown,
  out: ParseResult,
): void {
  const call = asRecord(value);
  const rawName = asString(call?.name);
  if (!call || !rawName) {
    countSkip(out.skipped, 'bad-fields');
    return;
  }
  const callId = asString(call.id) ?? `${messageId}:${index}`;
  const ts = parseTimestamp(call.timestamp) ?? messageTs;
  out.events.push(factory.make(session, `call:${callId}`, ts, toolCallStep(callId, rawName, call.args)));
  const status = asString(call.status);
  if (status !== 'success' && status !== 'error' && status !== 'cancelled') return;
  const output = resultText(call.result) || textOf(call.resultDisplay);
  const exitCode = exitCodeFromText(output);
  const isError = status !== 'success' || (exitCode !== undefined && exitCode !== 0);
  out.events.push(
    factory.make(session, `result:${callId}`, ts, {
      kind: 'tool-result',
      callId,
      isError,
      output: clip(output),
      ...(exitCode === undefined ? {} : { exitCode }),
    }),
  );
}

/** Tool results are Gemini API parts: `[{functionResponse: {response: {output | error}}}]`. */
function resultText(value: unknown): string {
  const parts = Array.isArray(value) ? value : [value];
  return parts
    .map((part) => {
      const response = asRecord(asRecord(asRecord(part)?.functionResponse)?.response);
      if (response) return textOf(response.output ?? response.error ?? response.content);
      return textOf(part);
    })
    .filter(Boolean)
    .join('\n');
}
