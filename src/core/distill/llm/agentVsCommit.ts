/**
 * Agent-vs-commit contrast: what an agent wrote in a session against what was finally committed.
 * The human's version is the oracle; the model explains the corrections as rules.
 */
import { parseUnifiedDiff } from '../../diff/unifiedDiff';
import { frameData } from '../../llm/dataFrame';
import type { GuardedChatModel } from '../../llm/guardedChatModel';
import { skillEditsSchema } from '../../llm/schemas';
import { completeStructured } from '../../llm/structured';
import { type Clock, type Logger, silentLogger, systemClock } from '../../ports';
import { type LlmDistillResult, stopReasonOf } from './distillResult';
import { describeSignals, organicitySignals } from './organicity';
import { libraryBlock, metaSkill, type PromptContext, systemMessage, userMessage } from './prompts';
import { lenientParse } from './replayStep';
import { applySkillEdit, type LibrarySkill, toCandidate } from './skillEdits';

export interface AgentVsCommitOptions extends PromptContext {
  model: GuardedChatModel;
  sessionId: string;
  /** The agent's edits as a unified diff (all files). */
  agentDiff: string;
  commit: { hash: string; subject: string; diff: string };
  library?: LibrarySkill[];
  signal?: AbortSignal;
  logger?: Logger;
  clock?: Clock;
}

export async function runAgentVsCommit(options: AgentVsCommitOptions): Promise<LlmDistillResult> {
  const logger = options.logger ?? silentLogger;
  const result: LlmDistillResult = { candidates: [], tokens: 0, stoppedBy: 'done', dropped: [] };
  const signals = organicitySignals(parse(options.commit.diff), parse(options.agentDiff));
  if (signals.overlap === 1 && signals.missedFiles.length === 0 && signals.extraFiles.length === 0) {
    logger.debug(`agent-vs-commit ${options.sessionId}: the commit kept the agent's edits as they were`);
    return result;
  }
  const library = new Map((options.library ?? []).map((skill) => [skill.name, skill]));
  const short = options.commit.hash.slice(0, 10);
  try {
    const answer = await completeStructured(
      options.model,
      skillEditsSchema,
      {
        schemaName: 'skill_edits',
        messages: [
          systemMessage(metaSkill('agent-vs-commit', options)),
          userMessage("Explain the human's corrections of the agent's edits as repository rules.", [
            frameData('agent-diff', options.agentDiff.slice(0, 16_000), { session: options.sessionId }),
            frameData('committed-diff', options.commit.diff.slice(0, 16_000), {
              commit: short,
              subject: options.commit.subject,
            }),
            frameData('signals', describeSignals(signals)),
            libraryBlock(library.values()),
          ]),
        ],
        maxTokens: 4096,
        temperature: 0.2,
        signal: options.signal,
      },
      { logger, label: `agent-vs-commit ${options.sessionId}` },
    );
    result.tokens = answer.usage.input + answer.usage.output;
    if (!answer.ok) {
      result.dropped.push(answer.reason);
      if (answer.error) result.stoppedBy = 'error';
      return result;
    }
    for (const edit of answer.value.edits) {
      const applied = applySkillEdit(edit, library);
      if (!applied.ok) {
        result.dropped.push(applied.reason);
        continue;
      }
      result.candidates.push(
        toCandidate({
          skill: applied.skill,
          source: 'agent-vs-commit',
          evidence: [
            { kind: 'session', ref: options.sessionId, detail: 'the agent wrote this version' },
            {
              kind: 'commit',
              ref: options.commit.hash,
              detail: `the human committed: ${options.commit.subject}`.slice(0, 200),
            },
          ],
          tokens: result.tokens / answer.value.edits.length,
          confidence: 0.5,
          editsLibrary: library.has(applied.skill.name),
          createdAt: (options.clock ?? systemClock).now(),
          idSeed: `${options.sessionId}:${options.commit.hash}:${applied.skill.name}`,
        }),
      );
    }
  } catch (error) {
    result.stoppedBy = stopReasonOf(error, options.signal);
    logger.warn(`agent-vs-commit ${options.sessionId} stopped (${result.stoppedBy})`);
  }
  return result;
}

function parse(patch: string): ReturnType<typeof parseUnifiedDiff> {
  try {
    return parseUnifiedDiff(patch);
  } catch {
    return lenientParse(patch);
  }
}
