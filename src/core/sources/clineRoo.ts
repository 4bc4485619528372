import { basename } from 'node:path';
import type { TranscriptStep } from '../model/events';
import { clipInput } from './clipInput';
import { EventFactory, type SessionRef } from './eventFactory';
import { asArray, asNumber, asRecord, asString, clip, textOf, tryParseJson, type JsonRecord } from './json';
import { exitCodeFromText, toolCallStep, toolFacts, toolKindOf } from './toolKinds';
import { unifiedDiff } from '../diff/unifiedDiff';
import { countSkip, type ParseContext, type ParseResult } from './types';

export interface ClineTaskFiles {
  /** Parsed ui_messages.json, when present. */
  uiMessages?: unknown;
  /** Parsed api_conversation_history.json, when present. */
  apiHistory?: unknown;
  /** Parsed task_metadata.json, when present. */
  metadata?: unknown;
}

/**
 * A Cline or Roo Code task folder (globalStorage/<extension>/tasks/<taskId>). ui_messages.json is
 * the primary record because it shows every command, tool and answer whether the model used
 * native tool calls or XML in text; api_conversation_history.json is the fallback when it is
 * missing. The task id is the session id.
 */
export function parseClineRooTask(files: ClineTaskFiles, context: ParseContext, out: ParseResult): void {
  const factory = new EventFactory(context);
  const session: SessionRef = { sessionId: basename(context.path) };
  const cwd = clineTaskCwd(files.apiHistory);
  const models = asArray(asRecord(files.metadata)?.model_usage)
    .map((usage) => asString(asRecord(usage)?.model_id))
    .filter(Boolean);
  const firstTs =
    asNumber(asRecord(asArray(files.uiMessages)[0])?.ts) ?? asNumber(asRecord(asArray(files.apiHistory)[0])?.ts);
  if (cwd || models[0])
    out.events.push(
      factory.make(session, 'meta:task', firstTs, {
        kind: 'meta',
        ...(cwd ? { cwd } : {}),
        ...(models[0] ? { model: models[0] } : {}),
      }),
    );
  if (Array.isArray(files.uiMessages)) emitUiMessages(factory, session, files.uiMessages, out);
  else if (Array.isArray(files.apiHistory)) emitApiHistory(factory, session, files.apiHistory, out);
  else
    countSkip(
      out.skipped,
      files.uiMessages === undefined && files.apiHistory === undefined ? 'empty-task' : 'bad-fields',
    );
}

function emitUiMessages(factory: EventFactory, session: SessionRef, messages: unknown[], out: ParseResult): void {
  let pendingCommand: string | undefined;
  messages.forEach((value, index) => {
    const message = asRecord(value);
    const ts = asNumber(message?.ts);
    if (!message || ts === undefined || (message.type !== 'say' && message.type !== 'ask')) {
      countSkip(out.skipped, 'bad-fields');
      return;
    }
    const kind = asString(message.say) ?? asString(message.ask) ?? '';
    const text = asString(message.text) ?? '';
    const key = `ui:${ts}:${index}`;
    const push = (step: TranscriptStep): void => {
      out.events.push(factory.make(session, key, ts, step));
    };
    switch (kind) {
      case 'task':
      case 'user_feedback':
        if (text.trim()) push({ kind: 'prompt', text: text.trim() });
        break;
      case 'text':
      case 'completion_result':
        if (text.trim() && message.partial !== true) push({ kind: 'note', text: clip(text.trim(), 1000) });
        break;
      case 'error':
        if (text.trim()) push({ kind: 'note', text: clip(`error: ${text.trim()}`, 1000) });
        break;
      case 'command':
        if (!text.trim()) break;
        pendingCommand = key;
        push({ kind: 'tool-call', callId: key, tool: 'run-command', rawName: 'execute_command', summary: text.trim() });
        break;
      case 'command_output': {
        if (!pendingCommand) break;
        const exitCode = exitCodeFromText(text);
        out.events.push(
          factory.make(session, `result:${pendingCommand}`, ts, {
            kind: 'tool-result',
            callId: pendingCommand,
            isError: exitCode !== undefined && exitCode !== 0,
            output: clip(text),
            ...(exitCode === undefined ? {} : { exitCode }),
          }),
        );
        break;
      }
      case 'tool': {
        const tool = asRecord(tryParseJson(text));
        if (!tool) {
          countSkip(out.skipped, 'bad-fields');
          break;
        }
        push(uiToolStep(key, tool));
        break;
      }
      case 'api_req_started': {
        const info = asRecord(tryParseJson(text));
        const inputTokens = asNumber(info?.tokensIn);
        const outputTokens = asNumber(info?.tokensOut);
        if (inputTokens !== undefined || outputTokens !== undefined)
          push({
            kind: 'meta',
            ...(inputTokens === undefined ? {} : { inputTokens }),
            ...(outputTokens === undefined ? {} : { outputTokens }),
          });
        break;
      }
      default:
        break;
    }
  });
}

function uiToolStep(callId: string, tool: JsonRecord): TranscriptStep {
  const rawName = asString(tool.tool) ?? 'tool';
  const kind = toolKindOf(rawName);
  const path = asString(tool.path);
  const facts = toolFacts(kind, rawName, { path, pattern: asString(tool.regex) ?? asString(tool.filePattern) });
  const step: TranscriptStep = { kind: 'tool-call', callId, tool: kind, rawName, ...facts, input: clipInput(tool) };
  const diffText = asString(tool.diff);
  if (diffText && /^(---|@@|diff )/m.test(diffText)) step.diff = diffText;
  else if (kind === 'write' && path && typeof tool.content === 'string')
    step.diff = unifiedDiff(path, '', tool.content) || undefined;
  if (step.diff === undefined) delete step.diff;
  return step;
}

function emitApiHistory(factory: EventFactory, session: SessionRef, history: unknown[], out: ParseResult): void {
  let promptSeen = false;
  history.forEach((value, index) => {
    const message = asRecord(value);
    if (!message || (message.role !== 'user' && message.role !== 'assistant')) {
      countSkip(out.skipped, 'bad-fields');
      return;
    }
    const ts = asNumber(message.ts);
    const blocks =
      typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : asArray(message.content);
    blocks.forEach((blockValue, blockIndex) => {
      const block = asRecord(blockValue);
      const key = `api:${index}:${blockIndex}`;
      if (!block) return;
      if (block.type === 'text' && typeof block.text === 'string') {
        const text = block.text.replace(/<environment_details>[\s\S]*?<\/environment_details>/g, '').trim();
        if (!text) return;
        if (message.role === 'user' && !promptSeen) {
          promptSeen = true;
          out.events.push(
            factory.make(session, key, ts, { kind: 'prompt', text: text.replace(/^<task>\s*|\s*<\/task>$/g, '') }),
          );
        } else if (message.role === 'assistant') {
          out.events.push(factory.make(session, key, ts, { kind: 'note', text: clip(text, 1000) }));
        }
      } else if (block.type === 'tool_use') {
        const callId = asString(block.id) ?? key;
        const rawName = asString(block.name) ?? 'tool';
        out.events.push(factory.make(session, `call:${callId}`, ts, toolCallStep(callId, rawName, block.input)));
      } else if (block.type === 'tool_result') {
        const callId = asString(block.tool_use_id);
        if (!callId) return;
        const output = textOf(block.content);
        const exitCode = exitCodeFromText(output);
        out.events.push(
          factory.make(session, `result:${callId}`, ts, {
            kind: 'tool-result',
            callId,
            isError: block.is_error === true || (exitCode !== undefined && exitCode !== 0),
            output: clip(output),
            ...(exitCode === undefined ? {} : { exitCode }),
          }),
        );
      }
    });
  });
}

/**
 * The working directory Cline and Roo write into the environment details of each user turn
 * ("# Current Working Directory (/path) Files" / "Current Workspace Directory (/path)").
 */
export function clineTaskCwd(apiHistory: unknown): string | undefined {
  const first = asArray(apiHistory).find((message) => asRecord(message)?.role === 'user');
  return cwdInText(textOf(asRecord(first)?.content));
}

export function cwdInText(text: string): string | undefined {
  const match = /Current (?:Working|Workspace) Directory \(([^)\n]+)\)/.exec(text);
  return match?.[1]?.trim();
}
