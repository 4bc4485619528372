import { basename } from 'node:path';
import type { ToolKind } from '../model/events';
import { EventFactory, type SessionRef } from './eventFactory';
import { asNumber, asRecord, asString, clip, parseTimestamp, textOf, type JsonRecord } from './json';
import { type LineParser, parsingJsonLines } from './lineParser';
import { exitCodeFromText, toolCallStep } from './toolKinds';
import type { ParseContext, ParseResult } from './types';

/** Line types that carry nothing for a trajectory; seen, not counted as skipped. */
const IGNORED_TYPES = new Set([
  'summary',
  'file-history-snapshot',
  'queue-operation',
  'progress',
  'attachment',
  'custom-title',
  'system',
  'tag',
]);

/**
 * Claude Code's `~/.claude/projects/<dir>/<sessionId>.jsonl`. One line per message block; a
 * message split over several lines repeats its message.id, so meta (model, tokens) is emitted
 * once per message.id. Files named agent-*.jsonl are sub-agent sidechains: they get their own
 * session id and point at the parent session.
 */
export function createClaudeCodeParser(context: ParseContext, saved: Record<string, string> = {}): LineParser {
  const factory = new EventFactory(context);
  const agentFile = /^agent-(.+)\.jsonl$/.exec(basename(context.path));
  const callKinds = new Map<string, ToolKind>();
  const state = { ...saved };

  function sessionOf(line: JsonRecord): SessionRef | undefined {
    const lineSession = asString(line.sessionId) ?? state.sessionId;
    if (!lineSession) return undefined;
    state.sessionId = lineSession;
    if (!agentFile) return { sessionId: lineSession };
    return { sessionId: `${lineSession}:agent-${agentFile[1]}`, parentSessionId: lineSession };
  }

  function emitContextMeta(session: SessionRef, line: JsonRecord, ts: number | undefined, out: ParseResult): void {
    const cwd = asString(line.cwd);
    const branch = asString(line.gitBranch);
    if (!cwd || (cwd === state.cwd && branch === state.branch)) return;
    state.cwd = cwd;
    if (branch) state.branch = branch;
    const step = branch ? { kind: 'meta' as const, cwd, branch } : { kind: 'meta' as const, cwd };
    out.events.push(factory.make(session, `ctx:${cwd}:${branch ?? ''}`, ts, step));
  }

  function userLine(
    session: SessionRef,
    line: JsonRecord,
    key: string,
    ts: number | undefined,
    out: ParseResult,
  ): string | undefined {
    const message = asRecord(line.message);
    if (!message) return 'bad-fields';
    if (line.isMeta === true || line.isCompactSummary === true) return undefined;
    const content = message.content;
    if (typeof content === 'string') {
      pushPrompt(session, `${key}:0`, ts, content, out);
      return undefined;
    }
    if (!Array.isArray(content) || !holdsBlocks(content)) return 'bad-fields';
    const texts: string[] = [];
    const topResult = asRecord(line.toolUseResult);
    content.forEach((blockValue) => {
      const block = asRecord(blockValue);
      if (!block) return;
      if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
      if (block.type === 'tool_result') {
        const callId = asString(block.tool_use_id);
        if (!callId) return;
        const output = textOf(block.content) || textOf(topResult?.stdout) || '';
        const isError = block.is_error === true;
        let exitCode = exitCodeFromText(output);
        if (
          exitCode === undefined &&
          callKinds.get(callId) === 'run-command' &&
          !isError &&
          topResult?.interrupted !== true
        )
          exitCode = 0;
        const step = {
          kind: 'tool-result' as const,
          callId,
          isError,
          output: clip(output),
          ...(exitCode === undefined ? {} : { exitCode }),
        };
        out.events.push(factory.make(session, `result:${callId}`, ts, step));
      }
    });
    pushPrompt(session, `${key}:0`, ts, texts.join('\n'), out);
    return undefined;
  }

  function pushPrompt(session: SessionRef, key: string, ts: number | undefined, raw: string, out: ParseResult): void {
    const text = raw.trim();
    if (!text || isSyntheticPrompt(text)) return;
    // Claude Code records an interruption as a user line; it is an event, not something asked for.
    const step = text.startsWith('[Request interrupted')
      ? { kind: 'note' as const, text }
      : { kind: 'prompt' as const, text };
    out.events.push(factory.make(session, key, ts, step));
  }

  function assistantLine(
    session: SessionRef,
    line: JsonRecord,
    key: string,
    ts: number | undefined,
    out: ParseResult,
  ): string | undefined {
    const message = asRecord(line.message);
    if (!message || !Array.isArray(message.content) || !holdsBlocks(message.content)) return 'bad-fields';
    const messageId = asString(message.id);
    // Split lines of one message are consecutive; the last id is persisted so a resumed tail knows it.
    if (messageId && messageId !== state.lastMessageId) {
      state.lastMessageId = messageId;
      const usage = asRecord(message.usage);
      const model = asString(message.model);
      if (model) state.model = model;
      const input = sum(usage?.input_tokens, usage?.cache_creation_input_tokens, usage?.cache_read_input_tokens);
      const output = asNumber(usage?.output_tokens);
      if (model || input !== undefined) {
        const step = {
          kind: 'meta' as const,
          ...(model ? { model } : {}),
          ...(input === undefined ? {} : { inputTokens: input }),
          ...(output === undefined ? {} : { outputTokens: output }),
        };
        out.events.push(factory.make(session, `msg:${messageId}`, ts, step));
      }
    }
    message.content.forEach((blockValue, index) => {
      const block = asRecord(blockValue);
      if (!block) return;
      if (block.type === 'text' && typeof block.text === 'string' && block.text.trim()) {
        out.events.push(
          factory.make(session, `${key}:${index}`, ts, { kind: 'note', text: clip(block.text.trim(), 1000) }),
        );
      } else if (block.type === 'tool_use') {
        const callId = asString(block.id);
        const rawName = asString(block.name);
        if (!callId || !rawName) return;
        const step = toolCallStep(callId, rawName, block.input);
        rememberCall(callKinds, callId, step.tool);
        out.events.push(factory.make(session, `call:${callId}`, ts, step));
      }
    });
    return undefined;
  }

  return {
    parseLine: parsingJsonLines((line, offset, out) => {
      const type = line.type;
      if (typeof type !== 'string') return 'unknown-type';
      if (IGNORED_TYPES.has(type)) return undefined;
      if (type !== 'user' && type !== 'assistant') return 'unknown-type';
      const session = sessionOf(line);
      if (!session) return 'no-session-id';
      const ts = parseTimestamp(line.timestamp);
      const key = asString(line.uuid) ?? `off:${offset}`;
      emitContextMeta(session, line, ts, out);
      return type === 'user' ? userLine(session, line, key, ts, out) : assistantLine(session, line, key, ts, out);
    }),
    finish() {},
    saveState: () => ({ ...state }),
  };
}

/** Content is a list of blocks (objects); a list holding none, such as arrays nested deep, is not a message. */
function holdsBlocks(content: readonly unknown[]): boolean {
  return content.length === 0 || content.some((block) => asRecord(block) !== undefined);
}

/** Results follow their calls closely; remembering the recent calls keeps memory flat on huge files. */
const MAX_REMEMBERED_CALLS = 512;

function rememberCall(kinds: Map<string, ToolKind>, callId: string, tool: ToolKind): void {
  kinds.set(callId, tool);
  if (kinds.size > MAX_REMEMBERED_CALLS) {
    const oldest = kinds.keys().next().value;
    if (oldest !== undefined) kinds.delete(oldest);
  }
}

/** Command wrappers and interruption markers Claude Code writes as if the user typed them. */
function isSyntheticPrompt(text: string): boolean {
  return (
    /^\s*<(local-command-stdout|local-command-stderr|command-message|system-reminder)>/.test(text) ||
    text.startsWith('Caveat: The messages below')
  );
}

function sum(...values: unknown[]): number | undefined {
  const numbers = values.map(asNumber).filter((value): value is number => value !== undefined);
  return numbers.length ? numbers.reduce((total, value) => total + value, 0) : undefined;
}
