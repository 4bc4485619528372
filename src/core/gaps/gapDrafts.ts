import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { StoredCandidate } from '../candidates/candidateRepository';
import { synthesizeGapSkill } from '../distill/llm/gapSynthesis';
import { normaliseSkillName } from '../distill/llm/skillEdits';
import type { GuardedChatModel } from '../llm/guardedChatModel';
import { WORKSPACE_PROMPTS_DIR } from '../llm/metaSkills';
import type { Evidence } from '../model/candidate';
import type { Logger } from '../ports';
import type { LoadedSkill } from '../skills/library';
import { META, parseScope } from '../skills/provenance';
import { nameProblems } from '../skills/validate';
import { oneLine } from '../util/oneLine';
import { gapTask } from './gapTask';
import type { Gap } from './gapTypes';

/** A template draft is a starting point the user fills in, so it starts below every learned one. */
export const TEMPLATE_CONFIDENCE = 0.2;
const CONTEXT_FILES = 6;
const CONTEXT_CHARS = 4000;
const CONTEXT_FILE_MAX_BYTES = 256 * 1024;
const NAME_WORDS = 6;

/** Repository files the gap points at (its evidence, query files), read small and bounded. */
export async function gapContextSnippets(gap: Gap, repoRoot: string): Promise<{ path: string; text: string }[]> {
  const paths = [
    ...new Set([...gap.evidence.filter((item) => item.kind === 'file').map((item) => item.ref), ...gap.query.files]),
  ];
  const snippets: { path: string; text: string }[] = [];
  for (const path of paths) {
    if (snippets.length >= CONTEXT_FILES) break;
    const absolute = resolve(repoRoot, path);
    const inside = relative(repoRoot, absolute);
    if (!inside || inside.startsWith('..') || isAbsolute(inside)) continue;
    try {
      const info = await stat(absolute);
      if (!info.isFile() || info.size > CONTEXT_FILE_MAX_BYTES) continue;
      const text = await readFile(absolute, 'utf8');
      if (text.includes('\u0000')) continue;
      snippets.push({ path: inside.replace(/\\/g, '/'), text: text.slice(0, CONTEXT_CHARS) });
    } catch {
      // A file cited by old evidence may be gone; the draft simply has less context.
    }
  }
  return snippets;
}

/** Drafts skills for the gap with the model; candidates come back pending at low confidence. */
export async function synthesizeGapCandidates(options: {
  gap: Gap;
  model: GuardedChatModel;
  repoRoot: string;
  library: readonly LoadedSkill[];
  logger: Logger;
  signal?: AbortSignal;
}): Promise<{ candidates: StoredCandidate[]; dropped: string[]; tokens: number }> {
  const { gap } = options;
  const result = await synthesizeGapSkill({
    model: options.model,
    gap: {
      id: gap.id,
      task: gapTask(gap),
      evidence: [
        gap.prompt,
        ...gap.evidence.map(
          (item) => `${item.kind}: ${oneLine(item.ref)}${item.detail ? ` — ${oneLine(item.detail)}` : ''}`,
        ),
      ],
      context: await gapContextSnippets(gap, options.repoRoot),
    },
    library: options.library.map((skill) => ({
      name: skill.folderName,
      description: skill.doc.description,
      body: skill.doc.body,
      scope: parseScope(skill.doc.metadata[META.scope]),
      hash: skill.hash,
    })),
    metaSkills: { workspaceOverrideDir: join(options.repoRoot, WORKSPACE_PROMPTS_DIR) },
    logger: options.logger,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { candidates: result.candidates, dropped: result.dropped, tokens: result.tokens };
}

/**
 * A skill skeleton for the gap, prefilled with its evidence, for when no model is configured.
 * The placeholders say plainly what to write; nothing in it pretends to know the answer.
 */
export function templateCandidate(gap: Gap, existingNames: ReadonlySet<string>, now: number): StoredCandidate {
  const task = gapTask(gap);
  const name = uniqueName(skillNameFor(gap), existingNames);
  const area = gap.scope.length > 0 ? ` It applies to ${gap.scope.map((glob) => `\`${glob}\``).join(', ')}.` : '';
  const evidenceLines = gap.evidence.slice(0, 15).map((item) => {
    const where = item.sessionId && item.kind !== 'session' ? ` (session ${item.sessionId})` : '';
    const detail = item.detail ? ` — ${oneLine(item.detail).slice(0, 160)}` : '';
    return `- ${item.kind}: ${oneLine(item.ref).slice(0, 160)}${detail}${where}`;
  });
  if (gap.evidence.length > 15) evidenceLines.push(`- … and ${gap.evidence.length - 15} more`);
  const body = [
    `# ${titleFor(task)}`,
    '',
    '## When to use',
    '',
    `Use this skill when asked to ${gap.question}.${area}`,
    '',
    '## Steps',
    '',
    '1. Describe the first step as it is done in this repository: the command to run or the file to open.',
    '2. Describe the steps that follow, with the exact commands, file paths and settings involved.',
    '3. Describe how to check that the work is done (the test, build or command that proves it).',
    '',
    '## Pitfalls',
    '',
    '- Describe what went wrong in the sessions below and how to avoid it.',
    '',
    '## Evidence',
    '',
    `This draft was made from a knowledge gap seen ${gap.evidence.length} time(s):`,
    '',
    ...evidenceLines,
    '',
  ].join('\n');
  const evidence: Evidence[] = [
    { kind: 'gap', ref: gap.id, detail: task.slice(0, 200) },
    ...gap.evidence
      .filter((item) => item.kind === 'session' || item.kind === 'file' || item.kind === 'command')
      .slice(0, 10)
      .map((item): Evidence => ({
        kind: item.kind === 'command' ? 'command' : item.kind === 'file' ? 'file' : 'session',
        ref: item.kind === 'session' ? (item.sessionId ?? item.ref) : item.ref,
        ...(item.detail ? { detail: oneLine(item.detail).slice(0, 200) } : {}),
      })),
  ];
  return {
    id: `gap-template-${name}-${createHash('sha256').update(gap.id).digest('hex').slice(0, 10)}`,
    name,
    description: descriptionFor(gap),
    kind: 'new',
    body,
    scope: [...gap.scope],
    confidence: TEMPLATE_CONFIDENCE,
    evidence,
    source: 'gap-template',
    status: 'pending',
    createdAt: now,
  };
}

/** A spec-valid skill name from the gap's task: its first content words, lowercase and hyphenated. */
export function skillNameFor(gap: Gap): string {
  const words = gap.question
    .toLowerCase()
    .replace(/[^a-z0-9\s-]+/g, ' ')
    .split(/\s+/)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
    .slice(0, NAME_WORDS);
  const name = normaliseSkillName(words.join('-'))?.slice(0, 48).replace(/-+$/, '');
  return name && nameProblems(name).length === 0
    ? name
    : `gap-${gap.id.replace(/[^a-z0-9]/g, '').slice(0, 8) || 'skill'}`;
}

function descriptionFor(gap: Gap): string {
  const what =
    gap.kind === 'low-match' || gap.kind === 'reported' ? `asked to ${gap.question}` : `you need to ${gap.need}`;
  const here = /\b(this|the|our) (repo|repository|codebase|project)\b/i.test(what) ? '' : ' in this repository';
  return `Use when ${what}${here}.`.slice(0, 1024);
}

function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let suffix = 2; suffix < 100; suffix++) {
    const candidate = `${base}-${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
  return `${base}-${Date.now().toString(36)}`;
}

function titleFor(task: string): string {
  const flat = oneLine(task).replace(/[?.!]+$/, '');
  const text = flat.length > 80 ? `${flat.slice(0, 80).replace(/\s+\S*$/, '')}…` : flat;
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : 'Untitled skill';
}

const STOP_WORDS = new Set([
  'the',
  'a',
  'an',
  'to',
  'of',
  'for',
  'in',
  'on',
  'and',
  'or',
  'with',
  'we',
  'our',
  'this',
  'that',
  'is',
  'it',
  'do',
  'how',
  'when',
  'what',
  'by',
  'from',
  'at',
  'as',
  'be',
  'are',
  'repo',
  'repository',
]);
