import { parseUnifiedDiff } from '../../diff/unifiedDiff';
import type { Evidence } from '../../model/candidate';
import { isAgent } from '../../model/agents';
import type { RecordedEvent } from '../../model/events';
import { code, humanList, type LearnedCandidate, makeCandidate, renderBody } from './candidateFactory';

export interface HumanCorrectionOptions {
  /** Occurrences of the same replacement needed for a lesson. @default 2 */
  minOccurrences: number;
  /** How alike an agent line and its replacement must be to count as a rewrite. @default 0.4 */
  minSimilarity: number;
  /** @default 4 */
  maxSkills: number;
}

export const DEFAULT_HUMAN_CORRECTION_OPTIONS: HumanCorrectionOptions = {
  minOccurrences: 2,
  minSimilarity: 0.4,
  maxSkills: 4,
};

interface AgentLine {
  text: string;
  path: string;
  eventId: string;
  sessionId?: string;
  ts: number;
}

interface Correction {
  agent: AgentLine;
  after: string;
  before: string;
  replacement: string;
  via: 'edit' | 'commit';
  correctionEventId: string;
}

/**
 * Lines an agent wrote that the human then rewrote, either by editing them or by committing
 * something else in their place. A replacement that recurs ("console.log(" → "logger.debug(")
 * becomes a "do this, not that" lesson.
 */
export function distillHumanCorrections(
  events: readonly RecordedEvent[],
  partial: Partial<HumanCorrectionOptions> = {},
  now = Date.now(),
): LearnedCandidate[] {
  const options = { ...DEFAULT_HUMAN_CORRECTION_OPTIONS, ...partial };
  const agentLines = new Map<string, AgentLine[]>();
  const corrected = new Set<AgentLine>();
  const corrections: Correction[] = [];
  for (const event of [...events].sort((a, b) => a.ts - b.ts)) {
    if (event.type === 'edit' && isAgent(event.attribution.actor)) {
      for (const text of plusLines(event.diff)) {
        const list = agentLines.get(event.path) ?? [];
        list.push({ text, path: event.path, eventId: event.id, sessionId: event.sessionHint, ts: event.ts });
        agentLines.set(event.path, list);
      }
    } else if (event.type === 'edit' && event.attribution.actor === 'human') {
      const pending = (agentLines.get(event.path) ?? []).filter((line) => !corrected.has(line));
      for (const hunk of parseUnifiedDiff(event.diff).flatMap((file) => file.hunks)) {
        const removed = hunk.lines.filter((line) => line.startsWith('-')).map((line) => line.slice(1).trim());
        const added = hunk.lines.filter((line) => line.startsWith('+')).map((line) => line.slice(1).trim());
        for (const text of removed) {
          const agent = pending.find((line) => line.text === text && !corrected.has(line));
          if (agent) record(agent, added, 'edit', event.id);
        }
      }
    } else if (event.type === 'commit' && event.diff) {
      for (const file of parseUnifiedDiff(event.diff)) {
        const committed = file.hunks.flatMap((hunk) =>
          hunk.lines.filter((line) => line.startsWith('+')).map((line) => line.slice(1).trim()),
        );
        const committedSet = new Set(committed);
        for (const agent of agentLines.get(file.newPath) ?? []) {
          if (corrected.has(agent) || agent.ts > event.ts) continue;
          if (committedSet.has(agent.text))
            corrected.add(agent); // survived: nothing to learn
          else record(agent, committed, 'commit', event.id);
        }
      }
    }
  }

  function record(agent: AgentLine, candidates: string[], via: Correction['via'], correctionEventId: string): void {
    let best: { text: string; score: number } | undefined;
    for (const text of candidates) {
      const score = similarity(agent.text, text);
      if (score >= options.minSimilarity && (!best || score > best.score)) best = { text, score };
    }
    if (!best) return;
    const core = replacementCore(agent.text, best.text);
    if (!core) return;
    corrected.add(agent);
    corrections.push({ agent, after: best.text, before: core[0], replacement: core[1], via, correctionEventId });
  }

  const groups = new Map<string, Correction[]>();
  for (const item of corrections)
    groups.set(`${item.before}\u0000${item.replacement}`, [
      ...(groups.get(`${item.before}\u0000${item.replacement}`) ?? []),
      item,
    ]);
  return [...groups.values()]
    .filter((group) => group.length >= options.minOccurrences)
    .sort((a, b) => b.length - a.length)
    .slice(0, options.maxSkills)
    .map((group) => toCandidate(group, now));
}

function toCandidate(group: Correction[], now: number): LearnedCandidate {
  const first = group[0] as Correction;
  const paths = [...new Set(group.map((item) => item.agent.path))];
  const scope = [
    ...new Set(paths.map((path) => (path.includes('/') ? `${path.slice(0, path.lastIndexOf('/'))}/**` : path))),
  ];
  const examples = group
    .slice(0, 3)
    .map((item) => [`- ${code(item.agent.text)}`, `  → ${code(item.after)}`])
    .flat();
  const evidence: Evidence[] = group.slice(0, 8).map((item) => ({
    kind: item.agent.sessionId ? 'session' : 'file',
    ref: item.agent.sessionId ?? item.agent.path,
    eventId: item.agent.eventId,
    detail:
      `agent wrote ${item.before} in ${item.agent.path}; the ` +
      `human ${item.via === 'edit' ? 'changed it' : 'committed'} ${item.replacement}`,
  }));
  for (const path of paths.slice(0, 3))
    evidence.push({ kind: 'file', ref: path, detail: `${first.replacement} used here instead of ${first.before}` });
  const body = renderBody(`Use ${first.replacement}, not ${first.before}`, [
    [
      'When to use',
      [`When writing code in ${humanList(scope.map(code), 4)} that would reach for ${code(first.before)}.`],
    ],
    [
      'Rules',
      [
        `- Write ${code(first.replacement)} where you would write ${code(first.before)}.`,
        `- The maintainers rewrite agent-written ${code(first.before)} as ${code(first.replacement)}; follow the ` +
          `repository's choice from the start.`,
      ],
    ],
    ['Example', ['Rewrites the maintainers made:', '', ...examples]],
    [
      'Pitfalls',
      ['- Code that works is not enough here: the replacement is a house rule, and review will rewrite it again.'],
    ],
    ['Evidence', [`- Human corrections of agent edits in ${humanList(paths.map(code), 4)}.`]],
  ]);
  return makeCandidate(
    {
      name: `use-${first.replacement}-not-${first.before}`,
      description:
        `This repository uses ${first.replacement} instead of ${first.before}; the maintainers rewrite ` +
        `agent code that uses ${first.before}. Use when writing code in ${humanList(scope, 3)}.`,
      body,
      scope,
      confidence: Math.min(0.95, 0.5 + 0.1 * group.length),
      evidence,
      source: 'human-corrections',
      support: group.length,
      statistics: {
        corrections: String(group.length),
        files: String(paths.length),
        'by-edit': String(group.filter((item) => item.via === 'edit').length),
        'by-commit': String(group.filter((item) => item.via === 'commit').length),
      },
    },
    now,
  );
}

function plusLines(diff: string): string[] {
  return diff
    .split('\n')
    .filter((line) => line.startsWith('+') && !line.startsWith('+++'))
    .map((line) => line.slice(1).trim())
    .filter((line) => line.length > 2);
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let i = 0;
  while (i < a.length - limit && i < b.length - limit && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

export function similarity(a: string, b: string): number {
  if (!a || !b) return 0;
  const prefix = commonPrefix(a, b);
  const suffix = commonSuffix(a, b, prefix);
  return (prefix + suffix) / Math.max(a.length, b.length);
}

const WORD = /[\w.$]/;

/** The differing span of two lines, widened to whole identifiers: "console.log(" → "logger.debug(". */
export function replacementCore(before: string, after: string): [string, string] | undefined {
  let start = commonPrefix(before, after);
  const suffix = commonSuffix(before, after, start);
  let endBefore = before.length - suffix;
  let endAfter = after.length - suffix;
  while (start > 0 && WORD.test(before[start - 1] ?? '')) start--;
  while (endBefore < before.length && WORD.test(before[endBefore] ?? '')) endBefore++;
  while (endAfter < after.length && WORD.test(after[endAfter] ?? '')) endAfter++;
  if (before[endBefore] === '(' && after[endAfter] === '(') {
    endBefore++;
    endAfter++;
  }
  const a = before.slice(start, endBefore).trim();
  const b = after.slice(start, endAfter).trim();
  if (!a || !b || a === b || !/\w/.test(a) || !/\w/.test(b) || a.length > 60 || b.length > 60) return undefined;
  return [a, b];
}
