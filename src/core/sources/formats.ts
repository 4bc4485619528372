import { extname } from 'node:path';
import { createClaudeCodeParser } from './claudeCode';
import { createCodexParser } from './codex';
import { createCopilotJsonlParser, parseCopilotJson } from './copilotChat';
import { createGeminiParser, parseGeminiJson } from './geminiCli';
import type { LineParser } from './lineParser';
import type { ParseContext, ParseResult, TranscriptSource } from './types';

/**
 * How each agent's transcript is read:
 * - append: JSONL that only grows; read from the stored offset, line by line;
 * - fold: JSONL whose lines rewrite earlier ones (Gemini upserts, Copilot mutations); re-read
 *   from the start when it changes, then emitted from the folded state;
 * - whole: one JSON document, re-parsed when its content hash changes;
 * - taskFolder: a Cline/Roo task folder of JSON files.
 */
export type TranscriptFormat =
  | { mode: 'append'; create(context: ParseContext, saved?: Record<string, string>): LineParser }
  | { mode: 'fold'; create(context: ParseContext): LineParser }
  | { mode: 'whole'; parse(value: unknown, context: ParseContext, out: ParseResult): void }
  | { mode: 'taskFolder' };

export function formatOf(source: TranscriptSource): TranscriptFormat | undefined {
  if (source.kind === 'taskFolder')
    return source.agent === 'cline' || source.agent === 'roo' ? { mode: 'taskFolder' } : undefined;
  const jsonl = extname(source.path).toLowerCase() === '.jsonl';
  switch (source.agent) {
    case 'claude-code':
      return jsonl ? { mode: 'append', create: createClaudeCodeParser } : undefined;
    case 'codex':
      return jsonl ? { mode: 'append', create: createCodexParser } : undefined;
    case 'gemini-cli':
      return jsonl ? { mode: 'fold', create: createGeminiParser } : { mode: 'whole', parse: parseGeminiJson };
    case 'copilot':
      return jsonl ? { mode: 'fold', create: createCopilotJsonlParser } : { mode: 'whole', parse: parseCopilotJson };
    default:
      return undefined;
  }
}
