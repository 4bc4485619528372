import { fileURLToPath } from 'node:url';
import type { ToolKind, TranscriptStep } from '../model/events';
import { clipInput } from './clipInput';
import { EventFactory, type SessionRef } from './eventFactory';
import { asArray, asNumber, asRecord, asString, clip, textOf, type JsonRecord } from './json';
import { type LineParser, parsingJsonLines } from './lineParser';
import { MutationLog } from './mutationLog';
import { exitCodeFromText, toolKindOf } from './toolKinds';
import { countSkip, type ParseContext, type ParseResult } from './types';

/**
 * GitHub Copilot Chat sessions as VS Code stores them under workspaceStorage/<hash>/chatSessions:
 * a `.json` object `{version: 3, sessionId, requests}` or a `.jsonl` mutation log that rebuilds
 * the same object. Each request becomes a prompt, its tool invocations tool calls and results,
 * and its markdown a note.
 */
export function createCopilotJsonlParser(context: ParseContext): LineParser {
  const log = new MutationLog();
  return {
    parseLine: parsingJsonLines((record) => log.apply(record)),
    finish(out) {
      emitSession(context, log.state, out);
    },
    saveState: () => ({}),
  };
}

export function parseCopilotJson(value: unknown, context: ParseContext, out: ParseResult): void {
  emitSession(context, value, out);
}

function emitSession(context: ParseContext, value: unknown, out: ParseResult): void {
  const state = asRecord(value);
  if (!state) {
    if (value !== undefined) countSkip(out.skipped, 'not-an-object');
    return;
  }
  const factory = new EventFactory(context);
  const sessionId = asString(state.sessionId) ?? context.path.replace(/^.*[\\/]/, '').replace(/\.jsonl?$/, '');
  const session: SessionRef = { sessionId };
  let lastTs = asNumber(state.creationDate);
  asArray(state.requests).forEach((requestValue, index) => {
    const request = asRecord(requestValue);
    if (!request) {
      countSkip(out.skipped, 'bad-fields');
      return;
    }
    const key = asString(request.requestId) ?? `#${index}`;
    const ts = asNumber(request.timestamp) ?? lastTs;
    lastTs = ts;
    const prompt = textOf(asRecord(request.message)?.text ?? request.message).trim();
    if (prompt) out.events.push(factory.make(session, `req:${key}`, ts, { kind: 'prompt', text: prompt }));
    const model = asString(request.modelId);
    const usage = asRecord(request.usage);
    const inputTokens = asNumber(usage?.promptTokens);
    const outputTokens = asNumber(usage?.completionTokens);
    if (model || inputTokens !== undefined) {
      out.events.push(
        factory.make(session, `req:${key}:meta`, ts, {
          kind: 'meta',
          ...(model ? { model } : {}),
          ...(inputTokens === undefined ? {} : { inputTokens }),
          ...(outputTokens === undefined ? {} : { outputTokens }),
        }),
      );
    }
    emitResponse(factory, session, key, ts, asArray(request.response), out);
    const error = asString(asRecord(asRecord(request.result)?.errorDetails)?.message);
    if (error)
      out.events.push(
        factory.make(session, `req:${key}:error`, ts, { kind: 'note', text: clip(`error: ${error}`, 1000) }),
      );
  });
}

function emitResponse(
  factory: EventFactory,
  session: SessionRef,
  requestKey: string,
  ts: number | undefined,
  parts: unknown[],
  out: ParseResult,
): void {
  const markdown: string[] = [];
  const editedPaths = new Set<string>();
  const edits: { path: string; index: number }[] = [];
  parts.forEach((partValue, index) => {
    const part = asRecord(partValue);
    if (!part) return;
    const kind = asString(part.kind);
    if (kind === undefined || kind === 'markdownContent' || kind === 'markdownVuln') {
      const text = textOf(part.content ?? part.value);
      if (text) markdown.push(text);
      return;
    }
    // Markdown arrives in streamed chunks; anything else in between ends a paragraph.
    if (markdown.length && markdown[markdown.length - 1] !== '\n\n') markdown.push('\n\n');
    if (kind === 'toolInvocationSerialized' || kind === 'toolInvocation') {
      const step = toolCallStep(part, `${requestKey}:${index}`);
      if (step.kind === 'tool-call' && step.path) editedPaths.add(step.path);
      out.events.push(factory.make(session, `call:${step.kind === 'tool-call' ? step.callId : index}`, ts, step));
      const result = toolResultStep(part, step.kind === 'tool-call' ? step.callId : '');
      if (result)
        out.events.push(
          factory.make(session, `result:${result.kind === 'tool-result' ? result.callId : index}`, ts, result),
        );
    } else if (kind === 'textEditGroup') {
      const path = uriPath(part.uri);
      if (path) edits.push({ path, index });
    }
  });
  for (const edit of edits) {
    if (editedPaths.has(edit.path)) continue;
    editedPaths.add(edit.path);
    const callId = `${requestKey}:edit:${edit.index}`;
    out.events.push(
      factory.make(session, `call:${callId}`, ts, {
        kind: 'tool-call',
        callId,
        tool: 'edit',
        rawName: 'textEditGroup',
        summary: edit.path,
        path: edit.path,
      }),
    );
  }
  const note = markdown.join('').trim();
  if (note)
    out.events.push(factory.make(session, `req:${requestKey}:note`, ts, { kind: 'note', text: clip(note, 1000) }));
}

function toolCallStep(part: JsonRecord, fallbackId: string): TranscriptStep {
  const rawName = asString(part.toolId) ?? 'unknown-tool';
  const callId = asString(part.toolCallId) ?? fallbackId;
  const data = asRecord(part.toolSpecificData);
  const commandLine = asRecord(data?.commandLine);
  const command =
    asString(commandLine?.userEdited) ??
    asString(commandLine?.toolEdited) ??
    asString(commandLine?.original) ??
    asString(data?.command);
  let tool: ToolKind = data?.kind === 'terminal' || command !== undefined ? 'run-command' : toolKindOf(rawName);
  const message = textOf(part.invocationMessage ?? part.pastTenseMessage);
  const path = uriPath(data?.uri) ?? pathInMessage(message);
  if (tool === 'other' && /^(Reading|Read)\b/.test(message)) tool = 'read';
  const step: TranscriptStep = {
    kind: 'tool-call',
    callId,
    tool,
    rawName,
    summary: command ?? path ?? clip(message, 200),
    input: clipInput(data),
  };
  if (path && tool !== 'run-command') step.path = path;
  return step;
}

function toolResultStep(part: JsonRecord, callId: string): TranscriptStep | undefined {
  if (part.isComplete !== true && part.isConfirmed !== false) return undefined;
  const data = asRecord(part.toolSpecificData);
  const terminalState = asRecord(data?.terminalCommandState);
  const details = asRecord(part.resultDetails);
  const output = textOf(asRecord(data?.terminalCommandOutput)?.text ?? details?.output ?? part.pastTenseMessage);
  const exitCode =
    asNumber(terminalState?.exitCode) ?? (data?.kind === 'terminal' ? exitCodeFromText(output) : undefined);
  const rejected = part.isConfirmed === false || asRecord(part.isConfirmed)?.type === 0;
  const isError = rejected || details?.isError === true || (exitCode !== undefined && exitCode !== 0);
  return {
    kind: 'tool-result',
    callId,
    isError,
    output: clip(rejected ? `rejected by user. ${output}` : output),
    ...(exitCode === undefined ? {} : { exitCode }),
  };
}

/** A file URI as VS Code serialises it (`{fsPath, path, scheme}` or a string) to a path. */
function uriPath(value: unknown): string | undefined {
  const record = asRecord(value);
  if (record) return asString(record.fsPath) ?? asString(record.path);
  const text = asString(value);
  if (!text) return undefined;
  if (text.startsWith('file://')) {
    try {
      return fileURLToPath(text);
    } catch {
      return undefined;
    }
  }
  return text;
}

function pathInMessage(message: string): string | undefined {
  const match = /\((file:\/\/[^)\s]+)\)/.exec(message);
  return match?.[1] ? uriPath(match[1].replace(/#.*$/, '')) : undefined;
}
