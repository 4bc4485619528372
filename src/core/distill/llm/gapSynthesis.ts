/**
 * Gap synthesis (MetaAgent): a draft skill for a task no skill matched. Drafts start at low
 * confidence; their evidence is the gap and its occurrences, and grows as the gap recurs.
 */
import { frameData } from '../../llm/dataFrame';
import type { GuardedChatModel } from '../../llm/guardedChatModel';
import { skillDraftSchema } from '../../llm/schemas';
import { completeStructured } from '../../llm/structured';
import { type Clock, type Logger, silentLogger, systemClock } from '../../ports';
import { type LlmDistillResult, stopReasonOf } from './distillResult';
import { libraryBlock, metaSkill, type PromptContext, systemMessage, userMessage } from './prompts';
import { applySkillEdit, type LibrarySkill, toCandidate } from './skillEdits';

export interface GapInput {
  id: string;
  task: string;
  /** Lines saying where the gap showed up (prompts, failures). */
  evidence: string[];
  /** Repository snippets that look relevant to the task. */
  context: { path: string; text: string }[];
}

export interface GapSynthesisOptions extends PromptContext {
  model: GuardedChatModel;
  gap: GapInput;
  library?: LibrarySkill[];
  signal?: AbortSignal;
  logger?: Logger;
  clock?: Clock;
}

export const GAP_DRAFT_CONFIDENCE = 0.3;

export async function synthesizeGapSkill(options: GapSynthesisOptions): Promise<LlmDistillResult> {
  const logger = options.logger ?? silentLogger;
  const result: LlmDistillResult = { candidates: [], tokens: 0, stoppedBy: 'done', dropped: [] };
  const library = new Map((options.library ?? []).map((skill) => [skill.name, skill]));
  const { gap } = options;
  try {
    const answer = await completeStructured(
      options.model,
      skillDraftSchema,
      {
        schemaName: 'skill_draft',
        messages: [
          systemMessage(metaSkill('gap-synthesis', options)),
          userMessage('Draft a skill for this gap.', [
            frameData('gap-task', gap.task, { gap: gap.id }),
            frameData('gap-evidence', gap.evidence.slice(0, 20).join('\n') || '(none)'),
            ...gap.context
              .slice(0, 8)
              .map((snippet) => frameData('snippet', snippet.text.slice(0, 4000), { path: snippet.path })),
            libraryBlock(library.values(), 4000),
          ]),
        ],
        maxTokens: 3000,
        temperature: 0.3,
        signal: options.signal,
      },
      { logger, label: `gap-synthesis ${gap.id}` },
    );
    result.tokens = answer.usage.input + answer.usage.output;
    if (!answer.ok) {
      result.dropped.push(answer.reason);
      if (answer.error) result.stoppedBy = 'error';
      return result;
    }
    // A draft never overwrites a library skill: an existing name means "create" would be a revise.
    const applied = applySkillEdit({ ...answer.value, action: 'create' }, new Map());
    if (!applied.ok) {
      result.dropped.push(applied.reason);
      return result;
    }
    if (library.has(applied.skill.name)) {
      result.dropped.push(`draft '${applied.skill.name}' collides with an existing skill`);
      return result;
    }
    result.candidates.push(
      toCandidate({
        skill: applied.skill,
        source: 'gap-synthesis',
        evidence: [
          { kind: 'gap', ref: gap.id, detail: gap.task.slice(0, 200) },
          ...gap.context.slice(0, 5).map((snippet) => ({ kind: 'file' as const, ref: snippet.path })),
        ],
        tokens: result.tokens,
        confidence: GAP_DRAFT_CONFIDENCE,
        editsLibrary: false,
        createdAt: (options.clock ?? systemClock).now(),
        idSeed: gap.id,
      }),
    );
  } catch (error) {
    result.stoppedBy = stopReasonOf(error, options.signal);
    logger.warn(`gap-synthesis ${gap.id} stopped (${result.stoppedBy})`);
  }
  return result;
}
