import { basename } from 'node:path';
import type { TranscriptStep } from '../model/events';
import { clipInput } from './clipInput';
import { parseCodexPatch } from './codexPatch';
import { EventFactory, type SessionRef } from './eventFactory';
import { asNumber, asRecord, asString, clip, parseTimestamp, textOf, tryParseJson, type JsonRecord } from './json';
import { type LineParser, parsingJsonLines } from './lineParser';
import { exitCodeFromText, toolCallStep, toolFacts } from './toolKinds';
import type { ParseContext, ParseResult } from './types';

const IGNORED_TYPES = new Set(['compacted', 'event_msg']);
const RESPONSE_TYPES = new Set([
  'message',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'local_shell_call',
  'reasoning',
  'web_search_call',
]);

/**
 * Codex CLI's `rollout-<ts>-<uuid>.jsonl`: `{timestamp, type, payload}` lines. The session id is
 * the uuid in the file name (equal to session_meta's id), so a tail resumed mid-file still knows
 * it. Files are append-only, so a line's byte offset is a stable key for events that have no id.
 */
export function createCodexParser(context: ParseContext, saved: Record<string, string> = {}): LineParser {
  const factory = new EventFactory(context);
  const state = { ...saved };
  const fromName = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i.exec(
    basename(context.path),
  );
  if (fromName?.[1]) state.sessionId ??= fromName[1];

  const session = (): SessionRef => ({ sessionId: state.sessionId ?? basename(context.path) });
  const push = (out: ParseResult, key: string, ts: number | undefined, step: TranscriptStep): void => {
    out.events.push(factory.make(session(), key, ts, step));
  };

  function meta(out: ParseResult, ts: number | undefined, payload: JsonRecord): void {
    const cwd = asString(payload.cwd);
    const model = asString(payload.model);
    const branch = asString(asRecord(payload.git)?.branch);
    if (
      (cwd ?? state.cwd) === state.cwd &&
      (model ?? state.model) === state.model &&
      (branch ?? state.branch) === state.branch
    )
      return;
    if (cwd) state.cwd = cwd;
    if (model) state.model = model;
    if (branch) state.branch = branch;
    const step = {
      kind: 'meta' as const,
      ...(model ? { model } : {}),
      ...(cwd ? { cwd } : {}),
      ...(branch ? { branch } : {}),
    };
    push(out, `meta:${model ?? ''}:${cwd ?? ''}:${branch ?? ''}`, ts, step);
  }

  function responseItem(out: ParseResult, key: string, ts: number | undefined, item: JsonRecord): string | undefined {
    switch (item.type) {
      case 'message': {
        const text = textOf(item.content).trim();
        if (!text) return undefined;
        if (item.role === 'user' && !isInjectedContext(text)) push(out, key, ts, { kind: 'prompt', text });
        else if (item.role === 'assistant') push(out, key, ts, { kind: 'note', text: clip(text, 1000) });
        return undefined;
      }
      case 'function_call':
      case 'custom_tool_call':
      case 'local_shell_call':
        return toolCall(out, ts, item);
      case 'function_call_output':
      case 'custom_tool_call_output':
        return toolResult(out, ts, item);
      case 'web_search_call': {
        const query = asString(asRecord(item.action)?.query) ?? '';
        push(out, key, ts, {
          kind: 'tool-call',
          callId: asString(item.id) ?? key,
          tool: 'search',
          rawName: 'web_search',
          summary: query,
        });
        return undefined;
      }
      default:
        return undefined;
    }
  }

  function toolCall(out: ParseResult, ts: number | undefined, item: JsonRecord): string | undefined {
    const callId = asString(item.call_id) ?? asString(item.id);
    if (!callId) return 'bad-fields';
    if (item.type === 'local_shell_call') {
      const action = asRecord(item.action);
      const facts = toolFacts('run-command', 'local_shell', action);
      push(out, `call:${callId}`, ts, {
        kind: 'tool-call',
        callId,
        tool: 'run-command',
        rawName: 'local_shell',
        ...facts,
        input: clipInput(action),
      });
      return undefined;
    }
    const rawName = asString(item.name);
    if (!rawName) return 'bad-fields';
    const rawInput = item.type === 'custom_tool_call' ? item.input : item.arguments;
    const input =
      typeof rawInput === 'string' && item.type === 'function_call' ? (tryParseJson(rawInput) ?? rawInput) : rawInput;
    const patchText =
      rawName === 'apply_patch' ? (typeof input === 'string' ? input : asString(asRecord(input)?.input)) : undefined;
    if (patchText !== undefined) {
      const files = parseCodexPatch(patchText);
      const first = files[0];
      const tool = files.length > 0 && files.every((file) => file.op === 'add') ? 'write' : 'edit';
      const diff = files.map((file) => file.diff).join('');
      const step: TranscriptStep = {
        kind: 'tool-call',
        callId,
        tool,
        rawName,
        summary: files.map((file) => file.path).join(', ') || rawName,
        input: clipInput(input),
      };
      if (first) step.path = first.path;
      if (diff) step.diff = diff;
      push(out, `call:${callId}`, ts, step);
      return undefined;
    }
    push(out, `call:${callId}`, ts, toolCallStep(callId, rawName, input));
    return undefined;
  }

  function toolResult(out: ParseResult, ts: number | undefined, item: JsonRecord): string | undefined {
    const callId = asString(item.call_id);
    if (!callId) return 'bad-fields';
    const { output, exitCode, failed } = readOutput(item.output);
    const isError = failed || (exitCode !== undefined && exitCode !== 0);
    push(out, `result:${callId}`, ts, {
      kind: 'tool-result',
      callId,
      isError,
      output: clip(output),
      ...(exitCode === undefined ? {} : { exitCode }),
    });
    return undefined;
  }

  return {
    parseLine: parsingJsonLines((line, offset, out) => {
      const ts = parseTimestamp(line.timestamp);
      const key = `off:${offset}`;
      // Rollouts from before the {type, payload} envelope put items and the header on the line itself.
      const type = asString(line.type);
      const payload = asRecord(line.payload) ?? (type && RESPONSE_TYPES.has(type) ? line : undefined);
      if (type === 'session_meta' || (!type && asString(line.id) && line.timestamp !== undefined)) {
        const header = payload ?? line;
        const id = asString(header.id);
        if (id && !fromName) state.sessionId = id;
        meta(out, ts ?? parseTimestamp(header.timestamp), header);
        return undefined;
      }
      if (type === 'turn_context') {
        if (!payload) return 'bad-fields';
        meta(out, ts, payload);
        return undefined;
      }
      if (type === 'event_msg') return tokenCount(out, key, ts, payload);
      if (type && IGNORED_TYPES.has(type)) return undefined;
      if (type === 'response_item' || (type && RESPONSE_TYPES.has(type))) {
        if (!payload) return 'bad-fields';
        return responseItem(out, key, ts, payload);
      }
      if (!type && asString(line.record_type) === 'state') return undefined;
      return 'unknown-type';
    }),
    finish() {},
    saveState: () => ({ ...state }),
  };

  function tokenCount(
    out: ParseResult,
    key: string,
    ts: number | undefined,
    payload: JsonRecord | undefined,
  ): string | undefined {
    if (!payload || payload.type !== 'token_count') return undefined;
    const last = asRecord(asRecord(payload.info)?.last_token_usage);
    const inputTokens = asNumber(last?.input_tokens);
    const outputTokens = asNumber(last?.output_tokens);
    if (inputTokens === undefined && outputTokens === undefined) return undefined;
    push(out, key, ts, {
      kind: 'meta',
      ...(state.model ? { model: state.model } : {}),
      ...(inputTokens === undefined ? {} : { inputTokens }),
      ...(outputTokens === undefined ? {} : { outputTokens }),
    });
    return undefined;
  }
}

/**
 * Codex function outputs are JSON `{output, metadata:{exit_code}}` in older builds, plain text with "Exit code: N" in
 * newer ones.
 */
function readOutput(value: unknown): { output: string; exitCode?: number; failed: boolean } {
  const record = asRecord(value);
  if (record) {
    const output = textOf(record.content ?? record.output);
    return { output, failed: record.success === false, ...withExit(exitCodeFromText(output)) };
  }
  const text = typeof value === 'string' ? value : textOf(value);
  const json = asRecord(text.startsWith('{') ? tryParseJson(text) : undefined);
  if (json && (json.output !== undefined || json.metadata !== undefined)) {
    const output = textOf(json.output);
    const exitCode = asNumber(asRecord(json.metadata)?.exit_code) ?? exitCodeFromText(output);
    return { output, failed: false, ...withExit(exitCode) };
  }
  return { output: text, failed: /^(error|failed|aborted)\b/i.test(text.trim()), ...withExit(exitCodeFromText(text)) };
}

function withExit(exitCode: number | undefined): { exitCode?: number } {
  return exitCode === undefined ? {} : { exitCode };
}

/** Codex sends AGENTS.md, environment and instruction blocks as user messages; they are not prompts. */
function isInjectedContext(text: string): boolean {
  return /^\s*(<environment_context>|<user_instructions>|<permissions|# AGENTS\.md instructions|<INSTRUCTIONS>)/.test(
    text,
  );
}
