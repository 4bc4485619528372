/**
 * Trajectory reflection (Trace2Skill style). Lessons are extracted from each session in parallel
 * (bounded), then consolidated hierarchically: batches of lessons are merged into edits, and the
 * edits of the batches merged again until one conflict-free set remains. An edit becomes a
 * candidate only when more than one session supports it, or a failure followed by its fix does.
 */
import type { Candidate, Evidence } from '../../model/candidate';
import type { Trajectory } from '../../model/trajectory';
import { frameData } from '../../llm/dataFrame';
import type { GuardedChatModel } from '../../llm/guardedChatModel';
import { consolidationSchema, type ConsolidatedEdit, type Lesson, lessonsSchema } from '../../llm/schemas';
import { mapBounded } from '../../llm/semaphore';
import { completeStructured } from '../../llm/structured';
import { type Clock, type Logger, silentLogger, systemClock } from '../../ports';
import { type LlmDistillResult, stopReasonOf } from './distillResult';
import { libraryBlock, metaSkill, type PromptContext, systemMessage, userMessage } from './prompts';
import { applySkillEdit, type LibrarySkill, normaliseSkillName, toCandidate } from './skillEdits';
import { errorMessage } from '../../util/errorMessage';

export interface TrajectoryReflectionOptions extends PromptContext {
  model: GuardedChatModel;
  trajectories: Trajectory[];
  library?: LibrarySkill[];
  /** Sessions reflected on at once. @default 3 */
  concurrency?: number;
  /** Lessons per consolidation call. @default 12 */
  batchSize?: number;
  signal?: AbortSignal;
  logger?: Logger;
  clock?: Clock;
}

/** A lesson or merged edit on its way up the consolidation tree. */
interface Support {
  id: string;
  text: string;
  sessions: Set<string>;
  /** Session id → the step ids cited there. */
  steps: Map<string, string[]>;
  verifiedFix: boolean;
  tokens: number;
}

export async function runTrajectoryReflection(options: TrajectoryReflectionOptions): Promise<LlmDistillResult> {
  const logger = options.logger ?? silentLogger;
  const result: LlmDistillResult = { candidates: [], tokens: 0, stoppedBy: 'done', dropped: [] };
  const library = new Map((options.library ?? []).map((skill) => [skill.name, skill]));
  const trajectories = options.trajectories.filter(
    (trajectory) => !trajectory.session.excluded && trajectory.steps.length > 0,
  );
  try {
    const perSession = await mapBounded(trajectories, options.concurrency ?? 3, (trajectory) =>
      extractLessons(trajectory, options, logger),
    );
    let items: Support[] = [];
    for (const [index, extracted] of perSession.entries()) {
      result.tokens += extracted.tokens;
      if (extracted.dropped) result.dropped.push(extracted.dropped);
      const trajectory = trajectories[index] as Trajectory;
      for (const lesson of extracted.lessons) items.push(lessonSupport(`L${items.length + 1}`, lesson, trajectory));
    }
    if (items.length === 0) return result;
    const batchSize = Math.max(2, options.batchSize ?? 12);
    let edits: { edit: ConsolidatedEdit; support: Support }[] = [];
    for (let level = 0; ; level++) {
      const batches = chunk(items, batchSize);
      const merged = await mapBounded(batches, options.concurrency ?? 3, (batch) =>
        consolidate(batch, library, options, logger),
      );
      edits = merged.flatMap((batch) => batch.edits);
      result.tokens += merged.reduce((sum, batch) => sum + batch.tokens, 0);
      result.dropped.push(...merged.flatMap((batch) => batch.dropped));
      if (batches.length === 1 || edits.length === 0) break;
      items = edits.map(({ edit, support }, index) => ({ ...support, id: `E${index + 1}`, text: renderEdit(edit) }));
      logger.info(`trajectory-reflection: level ${level + 1} merged into ${items.length} edits`);
    }
    result.candidates = toCandidates(edits, library, options, result);
  } catch (error) {
    result.stoppedBy = stopReasonOf(error, options.signal);
    if (result.stoppedBy === 'error') logger.error(`trajectory-reflection failed: ${errorMessage(error)}`);
    else logger.warn(`trajectory-reflection stopped (${result.stoppedBy})`);
  }
  return result;
}

async function extractLessons(
  trajectory: Trajectory,
  options: TrajectoryReflectionOptions,
  logger: Logger,
): Promise<{ lessons: Lesson[]; tokens: number; dropped?: string }> {
  const session = trajectory.session;
  const steps = trajectory.steps
    .slice(0, 80)
    .map((step) => {
      const files = step.files.length ? `\n  files: ${step.files.slice(0, 10).join(', ')}` : '';
      return (
        `[${step.eventId}] ${step.outcome}: ${step.action.slice(0, 600)}\n  ` +
        `→ ${step.observation.slice(0, 1200)}${files}`
      );
    })
    .join('\n');
  const answer = await completeStructured(
    options.model,
    lessonsSchema,
    {
      schemaName: 'lessons',
      messages: [
        systemMessage(metaSkill('trajectory-reflect', options)),
        userMessage('Extract the reusable lessons of this agent session.', [
          frameData(
            'trajectory',
            `task: ${session.task ?? '(unknown)'}\nsession ` +
              `outcome: ${session.outcome}${session.rating ? `, rated ${session.rating}` : ''}\n\n${steps}`,
            {
              session: session.id,
              agent: session.actor,
            },
          ),
          libraryBlock(new Map((options.library ?? []).map((skill) => [skill.name, skill])).values()),
        ]),
      ],
      maxTokens: 2048,
      temperature: 0.2,
      signal: options.signal,
    },
    { logger, label: `trajectory-reflect ${session.id}` },
  );
  const tokens = answer.usage.input + answer.usage.output;
  return answer.ok
    ? { lessons: answer.value.lessons, tokens }
    : { lessons: [], tokens, dropped: `session ${session.id}: ${answer.reason}` };
}

function lessonSupport(id: string, lesson: Lesson, trajectory: Trajectory): Support {
  const stepIndex = new Map(trajectory.steps.map((step, index) => [step.eventId, index]));
  const cited = lesson.eventIds.filter((eventId) => stepIndex.has(eventId));
  // A fix is verified when a cited failing step is followed by a successful step of the same session.
  const verifiedFix = cited.some((eventId) => {
    const index = stepIndex.get(eventId) ?? -1;
    return (
      trajectory.steps[index]?.outcome === 'failure' &&
      trajectory.steps.slice(index + 1).some((step) => step.outcome === 'success')
    );
  });
  const scopeLine = lesson.scope.length ? `\nscope: ${lesson.scope.join(', ')}` : '';
  return {
    id,
    text: `${lesson.kind} for skill "${lesson.skill}": ${lesson.title}\n${lesson.rule}${scopeLine}`,
    sessions: new Set([trajectory.session.id]),
    steps: new Map([[trajectory.session.id, cited]]),
    verifiedFix,
    tokens: 0,
  };
}

async function consolidate(
  batch: Support[],
  library: ReadonlyMap<string, LibrarySkill>,
  options: TrajectoryReflectionOptions,
  logger: Logger,
): Promise<{ edits: { edit: ConsolidatedEdit; support: Support }[]; tokens: number; dropped: string[] }> {
  const byId = new Map(batch.map((item) => [item.id, item]));
  const listing = batch
    .map((item) => {
      const fixNote = item.verifiedFix ? '; failure followed by its fix' : '';
      return `${item.id} (sessions: ${[...item.sessions].join(', ')}${fixNote})\n${item.text}`;
    })
    .join('\n\n');
  const answer = await completeStructured(
    options.model,
    consolidationSchema,
    {
      schemaName: 'consolidation',
      messages: [
        systemMessage(metaSkill('lesson-consolidate', options)),
        userMessage('Merge these lessons into a conflict-free set of skill edits against the library.', [
          frameData('lessons', listing),
          libraryBlock(library.values()),
        ]),
      ],
      maxTokens: 4096,
      temperature: 0.1,
      signal: options.signal,
    },
    { logger, label: `lesson-consolidate (${batch.length} items)` },
  );
  const tokens = answer.usage.input + answer.usage.output;
  if (!answer.ok)
    return {
      edits: [],
      tokens,
      dropped: [`consolidation of ${batch.map((item) => item.id).join(',')}: ${answer.reason}`],
    };
  const dropped: string[] = [];
  const edits = answer.value.edits.flatMap((edit) => {
    const sources = edit.sources.map((id) => byId.get(id)).filter((item): item is Support => item !== undefined);
    if (sources.length === 0) {
      dropped.push(`edit '${edit.name}' cites no known lesson`);
      return [];
    }
    const support: Support = {
      id: '',
      text: '',
      sessions: new Set(),
      steps: new Map(),
      verifiedFix: false,
      tokens: tokens / answer.value.edits.length,
    };
    for (const source of sources) {
      source.sessions.forEach((session) => support.sessions.add(session));
      for (const [session, steps] of source.steps)
        support.steps.set(session, [...(support.steps.get(session) ?? []), ...steps]);
      support.verifiedFix ||= source.verifiedFix;
      support.tokens += source.tokens;
    }
    return [{ edit, support }];
  });
  return { edits, tokens, dropped };
}

function toCandidates(
  edits: { edit: ConsolidatedEdit; support: Support }[],
  library: ReadonlyMap<string, LibrarySkill>,
  options: TrajectoryReflectionOptions,
  result: LlmDistillResult,
): Candidate[] {
  // Conflict-free: one edit per skill name, the best-supported one wins.
  const best = new Map<string, { edit: ConsolidatedEdit; support: Support }>();
  for (const item of edits) {
    const name = normaliseSkillName(item.edit.name) ?? '';
    const held = best.get(name);
    if (!held || item.support.sessions.size > held.support.sessions.size) {
      if (held) result.dropped.push(`edit '${name}' conflicts with a better-supported edit of the same skill`);
      best.set(name, item);
    } else result.dropped.push(`edit '${name}' conflicts with a better-supported edit of the same skill`);
  }
  const perLesson = result.tokens / Math.max(1, best.size);
  return [...best.values()].flatMap(({ edit, support }) => {
    if (support.sessions.size < 2 && !support.verifiedFix) {
      result.dropped.push(`edit '${edit.name}' is supported by one session and no verified fix`);
      return [];
    }
    const applied = applySkillEdit(edit, library);
    if (!applied.ok) {
      result.dropped.push(applied.reason);
      return [];
    }
    const evidence: Evidence[] = [...support.sessions].map((session) => {
      const steps = support.steps.get(session) ?? [];
      return {
        kind: 'session',
        ref: session,
        detail: edit.rationale?.slice(0, 200) ?? edit.description.slice(0, 200),
        ...(steps[0] ? { eventId: steps[0] } : {}),
      };
    });
    return [
      toCandidate({
        skill: applied.skill,
        source: 'trajectory-reflection',
        evidence,
        tokens: perLesson,
        confidence: Math.min(0.85, 0.35 + 0.1 * support.sessions.size + (support.verifiedFix ? 0.15 : 0)),
        editsLibrary: library.has(applied.skill.name),
        createdAt: (options.clock ?? systemClock).now(),
        idSeed: `${applied.skill.name}:${[...support.sessions].sort().join(',')}`,
      }),
    ];
  });
}

function renderEdit(edit: ConsolidatedEdit): string {
  return `${edit.action} skill "${edit.name}": ${edit.description}\n${edit.body}`;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}
