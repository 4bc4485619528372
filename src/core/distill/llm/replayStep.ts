/**
 * One commit of a contrastive replay: show the model the task and the files before the change,
 * take its blind attempt, compare it with the real diff, and ask for skill edits about the gap.
 */
import { type FileDiff, parseUnifiedDiff } from '../../diff/unifiedDiff';
import type { CommitRecord } from '../../history/commitRecord';
import { frameData } from '../../llm/dataFrame';
import type { GuardedChatModel } from '../../llm/guardedChatModel';
import { skillEditsSchema, type SkillEdit } from '../../llm/schemas';
import { completeStructured } from '../../llm/structured';
import type { Logger } from '../../ports';
import { excerptFiles } from './commitExcerpts';
import { describeSignals, organicitySignals, type OrganicitySignals } from './organicity';
import { libraryBlock, metaSkill, type PromptContext, systemMessage, userMessage } from './prompts';
import type { LibrarySkill } from './skillEdits';

export interface ReplayStepInput {
  commit: CommitRecord;
  realPatch: string;
  before: ReadonlyMap<string, string>;
  learned: Iterable<LibrarySkill>;
}

export type ReplayStepResult =
  | { ok: true; edits: SkillEdit[]; tokens: number; signals: OrganicitySignals }
  /** The answer was unusable; the commit is done and teaches nothing. */
  | { ok: false; dropped: string; tokens: number }
  /** The endpoint failed after retries; the commit must be retried by a later run. */
  | { ok: false; failed: string; tokens: number };

export interface ReplayStepDeps extends PromptContext {
  model: GuardedChatModel;
  logger: Logger;
  signal?: AbortSignal;
  excerptBudgetChars?: number;
  maxTokensPerCall?: number;
}

export async function replayCommit(input: ReplayStepInput, deps: ReplayStepDeps): Promise<ReplayStepResult> {
  const short = input.commit.hash.slice(0, 10);
  const real = safeParse(input.realPatch);
  const excerpts = excerptFiles(real, input.before, { budgetChars: deps.excerptBudgetChars });
  const task = [input.commit.subject, input.commit.body].filter(Boolean).join('\n\n');
  const attemptResponse = await deps.model.complete({
    messages: [
      systemMessage(metaSkill('commit-replay-attempt', deps)),
      userMessage('Make the change described in the task. The files below are excerpts from just before the change.', [
        frameData('task', task),
        ...excerpts.map((excerpt) => frameData('file', excerpt.text, { path: excerpt.path })),
        libraryBlock(input.learned),
      ]),
    ],
    maxTokens: deps.maxTokensPerCall ?? 4096,
    temperature: 0.2,
    signal: deps.signal,
  });
  let tokens = attemptResponse.usage.input + attemptResponse.usage.output;
  const attemptPatch = extractDiff(attemptResponse.text);
  const attempt = safeParse(attemptPatch);
  if (attempt.length === 0)
    deps.logger.info(`commit-replay ${short}: the attempt held no parsable diff; comparing against an empty attempt`);
  const signals = organicitySignals(real, attempt);

  const distilled = await completeStructured(
    deps.model,
    skillEditsSchema,
    {
      schemaName: 'skill_edits',
      messages: [
        systemMessage(metaSkill('commit-replay-distill', deps)),
        userMessage('Distil the gap between the blind attempt and the real commit into skill edits.', [
          frameData('task', task, { commit: short }),
          frameData('attempt-diff', attemptPatch.slice(0, 16_000) || '(empty attempt)'),
          frameData('real-diff', input.realPatch.slice(0, 16_000), { commit: short }),
          frameData('signals', describeSignals(signals)),
          libraryBlock(input.learned),
        ]),
      ],
      maxTokens: deps.maxTokensPerCall ?? 4096,
      temperature: 0.2,
      signal: deps.signal,
    },
    { logger: deps.logger, label: `commit-replay distill ${short}` },
  );
  tokens += distilled.usage.input + distilled.usage.output;
  if (distilled.ok) return { ok: true, edits: distilled.value.edits, tokens, signals };
  if (distilled.error) return { ok: false, failed: distilled.reason, tokens };
  return { ok: false, dropped: distilled.reason, tokens };
}

/** The ```diff block of an answer, else the answer from its first `---`/`diff --git` line. */
export function extractDiff(text: string): string {
  const fenced = /```(?:diff|patch)?[ \t]*\r?\n([\s\S]*?)```/.exec(text);
  if (fenced) return (fenced[1] ?? '').trim() + '\n';
  const start = text.search(/^(diff --git |--- )/m);
  return start >= 0 ? text.slice(start).trim() + '\n' : '';
}

function safeParse(patch: string): FileDiff[] {
  if (!patch.trim()) return [];
  try {
    return parseUnifiedDiff(patch).filter((diff) => diff.hunks.length > 0 || diff.oldPath !== diff.newPath);
  } catch {
    return lenientParse(patch);
  }
}

/**
 * Models often miscount hunk lengths, which the strict parser rejects. The signals only need which
 * files changed and which lines were added or removed, so read those without checking counts.
 */
export function lenientParse(patch: string): FileDiff[] {
  const files: FileDiff[] = [];
  let current: FileDiff | undefined;
  const lines = patch.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = lines[i + 1] ?? '';
    if (line.startsWith('--- ') && next.startsWith('+++ ')) {
      const strip = (name: string): string =>
        name
          .trim()
          .split('\t')[0]
          ?.replace(/^[ab]\//, '') ?? '';
      current = { oldPath: strip(line.slice(4)), newPath: strip(next.slice(4)), hunks: [] };
      files.push(current);
      i++;
    } else if (current && line.startsWith('@@')) {
      current.hunks.push({
        oldStart: Number(/-(\d+)/.exec(line)?.[1] ?? 1),
        oldLines: 0,
        newStart: Number(/\+(\d+)/.exec(line)?.[1] ?? 1),
        newLines: 0,
        lines: [],
      });
    } else if (current && /^[ +-]/.test(line)) {
      const hunk = current.hunks[current.hunks.length - 1];
      if (hunk) hunk.lines.push(line);
    }
  }
  return files.filter((file) => file.hunks.length > 0);
}
