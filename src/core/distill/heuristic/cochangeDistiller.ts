import type { Evidence, EvidenceSpan } from '../../model/candidate';
import type { LearningCommit } from '../../history/presentHistory';
import { DEFAULT_HALF_LIFE_COMMITS } from '../../history/recency';
import { dirOf } from '../../util/paths';
import { code, humanList, type LearnedCandidate, makeCandidate, renderBody, shortHash } from './candidateFactory';
import { type CoChangeOptions, type CoChangeRule, mineCoChangeRules } from './cochangeRules';

export interface CoChangeDistillOptions extends Partial<CoChangeOptions> {
  /** At most this many subsystem skills. @default 5 */
  maxSkills?: number;
  /** Commits per halving of weight; rules need commits among the newest half of this many. */
  halfLife?: number;
}

interface Subsystem {
  key: string;
  rules: CoChangeRule[];
  score: number;
}

const SUPPORTING_DIR = /(^|\/)(tests?|specs?|__tests__|docs?|examples?)(\/|$)/;

/**
 * Turns the strong, current co-change rules into one checklist skill per subsystem ("when you
 * change src/router/**, also update test/router/** and docs/routing.md"), rather than one skill per
 * rule. Commits arrive in today's paths, so every file a skill names exists at the split.
 */
export function distillCoChange(
  commits: readonly LearningCommit[],
  options: CoChangeDistillOptions = {},
  now = Date.now(),
): LearnedCandidate[] {
  const halfLife = options.halfLife ?? DEFAULT_HALF_LIFE_COMMITS;
  // Advice needs stronger rules than prediction does, and rules the repository still follows:
  // seen at least twice among the newest half-life/2 commits (each still weighing over 0.7).
  const model = mineCoChangeRules(commits, {
    minConfidence: 0.6,
    minWeightedSupport: 1.5,
    recentWindow: Math.ceil(halfLife / 2),
    minRecentCommits: 2,
    ...options,
  });
  const byHash = new Map(commits.map((commit) => [commit.hash, commit]));
  const groups = new Map<string, CoChangeRule[]>();
  for (const rule of model.rules) {
    if (rule.level === 'directory' && (isNested(rule.antecedent, rule.consequent) || rule.antecedent === '.')) continue;
    const key = subsystemOf(rule.level === 'file' ? dirOf(rule.antecedent) : rule.antecedent);
    groups.set(key, [...(groups.get(key) ?? []), rule]);
  }
  const rootRules = groups.get('.');
  if (rootRules) {
    groups.delete('.');
    for (const component of connectedComponents(rootRules))
      groups.set(`./${component[0]?.antecedent ?? ''}`, component);
  }
  const subsystems: Subsystem[] = [...groups].map(([key, rules]) => ({
    key,
    rules,
    score: rules.reduce((sum, rule) => sum + rule.support * rule.confidence, 0),
  }));
  // Code areas claim their rules first, so the advice reads "change src/x, update test/x", not the reverse.
  const supporting = (key: string): number => (SUPPORTING_DIR.test(key) ? 1 : 0);
  subsystems.sort((a, b) => supporting(a.key) - supporting(b.key) || b.score - a.score || a.key.localeCompare(b.key));
  const seenPairs = new Set<string>();
  const kept: Subsystem[] = [];
  for (const subsystem of subsystems) {
    const fresh: CoChangeRule[] = [];
    for (const rule of [...subsystem.rules].sort((a, b) => b.support * b.confidence - a.support * a.confidence)) {
      if (seenPairs.has(pairKey(rule))) continue;
      seenPairs.add(pairKey(rule));
      fresh.push(rule);
    }
    if (fresh.length > 0)
      kept.push({
        ...subsystem,
        rules: fresh,
        score: fresh.reduce((sum, rule) => sum + rule.weightedSupport * rule.confidence, 0),
      });
  }
  return kept
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
    .slice(0, options.maxSkills ?? 5)
    .map((subsystem) => toCandidate(subsystem, byHash, now));
}

function toCandidate(subsystem: Subsystem, byHash: Map<string, LearningCommit>, now: number): LearnedCandidate {
  const { key } = subsystem;
  const rules = [...subsystem.rules].sort((a, b) => b.support - a.support || b.confidence - a.confidence);
  const antecedents = [...new Set(rules.map(trigger))];
  const root = key.startsWith('./');
  const area = root ? humanList(antecedents.map(code), 3) : code(`${key}/`);
  const targets = [...new Set(rules.map(target))];
  // Tests and docs "predicting" code reads backwards; say it as keeping both sides in step.
  const inStep = SUPPORTING_DIR.test(key);
  const byTarget = new Map<string, CoChangeRule[]>();
  for (const rule of rules) byTarget.set(target(rule), [...(byTarget.get(target(rule)) ?? []), rule]);
  const steps = [...byTarget]
    .sort((a, b) => total(b[1]) - total(a[1]))
    .slice(0, 8)
    .map(([file, triggers], index) => {
      const sides = triggers
        .slice(0, 4)
        .map((rule) =>
          rule.level === 'directory' ? `a file in ${code(`${rule.antecedent}/`)}` : code(rule.antecedent),
        );
      return inStep
        ? `${index + 1}. When you change ${eitherOf(sides)}, update ${code(file)} in the same commit, and the ` +
            `other way round.`
        : `${index + 1}. When you change ${eitherOf(sides)}, also update ${code(file)}.`;
    });
  const supporting = [...new Set(rules.flatMap((rule) => rule.commits))];
  const commitHashes = supporting.slice(0, 8);
  const example = exampleCommit(rules, byHash);
  const missed = rules
    .slice(0, 8)
    .reduce((most, rule) => (misses(rule) > misses(most) ? rule : most), rules[0] as CoChangeRule);
  const pitfalls = [
    misses(missed) === 0
      ? `- Every change to ${code(trigger(missed))} so far also changed ${code(target(missed))}; a commit without ` +
        `it would be the first, so check before you commit.`
      : `- The file most often forgotten is ${code(target(missed))} when ${code(trigger(missed))} changes. If ` +
        `your change really does not need it, say why in the commit message.`,
    '- Update the companion files in the same commit, even for small fixes; reviewers here expect them together, ' +
      'not in a follow-up.',
  ];
  const evidence: Evidence[] = commitHashes.map((hash) => {
    const commit = byHash.get(hash);
    const touched = rules.filter((rule) => rule.commits.includes(hash)).map(target);
    return {
      kind: 'commit',
      ref: hash,
      detail: `"${commit?.subject ?? ''}" also changed ${humanList([...new Set(touched)], 3)}`,
    };
  });
  for (const file of targets.slice(0, 4))
    evidence.push({
      kind: 'file',
      ref: file.replace(/\/\*$/, ''),
      detail: `changes together with ${root ? antecedents.join(', ') : `${key}/`}`,
    });
  const body = renderBody(inStep ? `Keeping ${area} in step with the code` : `Changing ${area}`, [
    [
      'When to use',
      [
        inStep
          ? `When you change files in ${area} or the code they cover ` +
            `(${humanList(targets.slice(0, 3).map(code), 3)}), so both sides land in the same commit.`
          : `Before you commit a change to ${root ? area : code(`${key}/**`)}: check which other files belong in ` +
            `the same commit.`,
      ],
    ],
    ['Steps', steps],
    ['Example', example ? [example] : []],
    ['Pitfalls', pitfalls],
    ['Evidence', commitHashes.slice(0, 5).map((hash) => `- ${shortHash(hash)} ${byHash.get(hash)?.subject ?? ''}`)],
  ]);
  const best = rules[0] as CoChangeRule;
  const confidence = Math.min(0.95, best.confidence * (1 - 1 / (best.support + 1)));
  return makeCandidate(
    {
      name: inStep ? `keeping-${key}-in-step` : `changing-${root ? key.slice(2) : key}`,
      description: inStep
        ? `Which files in ${plain(area)} change together with the code they cover (${humanList(targets, 3)}). Use ` +
          `when editing that code, so its ${plain(area)} files are updated in the same commit.`
        : `Checklist for changes to ${plain(area)}: the files that change with it (${humanList(targets, 3)}). Use ` +
          `when editing ${plain(area)}, so the companion updates land in the same commit.`,
      body,
      scope: (inStep ? [...antecedents, ...targets] : antecedents).slice(0, 12),
      confidence,
      evidence,
      source: 'cochange',
      support: new Set(rules.flatMap((rule) => rule.commits)).size,
      span: ruleSpan(rules),
      statistics: {
        rule: `${trigger(best)} -> ${target(best)}`,
        support: String(best.support),
        'recent-confidence': best.confidence.toFixed(2),
        lift: best.lift.toFixed(1),
        'recent-commits': String(best.recentCommits),
      },
    },
    now,
  );
}

/** From the oldest to the newest commit behind any of the rules; the count is the best rule's. */
function ruleSpan(rules: readonly CoChangeRule[]): EvidenceSpan | undefined {
  const dated = rules.filter((rule) => rule.lastDate > 0);
  if (dated.length === 0) return undefined;
  return {
    from: Math.min(...dated.map((rule) => rule.firstDate)),
    to: Math.max(...dated.map((rule) => rule.lastDate)),
    commits: Math.max(...rules.map((rule) => rule.support)),
  };
}

/** The newest commit that changed the strongest rule's files, as a worked example. */
function exampleCommit(rules: readonly CoChangeRule[], byHash: Map<string, LearningCommit>): string | undefined {
  const best = rules[0];
  const hash = best?.commits[0];
  const commit = hash ? byHash.get(hash) : undefined;
  if (!best || !commit) return undefined;
  const files = commit.statFiles.filter((file) => rules.some((rule) => matchesSide(rule, file)));
  return (
    `${code(shortHash(commit.hash))} "${commit.subject}" ` +
    `changed ${humanList(files.slice(0, 6).map(code), 6)} together.`
  );
}

function matchesSide(rule: CoChangeRule, file: string): boolean {
  return rule.level === 'file'
    ? file === rule.antecedent || file === rule.consequent
    : dirOf(file) === rule.antecedent || dirOf(file) === rule.consequent;
}

/** "a, b or c": any one of the triggers is enough. */
function eitherOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Directory rules count files directly in the folder, hence `dir/*`. */
function target(rule: CoChangeRule): string {
  return rule.level === 'directory' ? `${rule.consequent}/*` : rule.consequent;
}

function trigger(rule: CoChangeRule): string {
  return rule.level === 'directory' ? `${rule.antecedent}/*` : rule.antecedent;
}

function total(rules: readonly CoChangeRule[]): number {
  return rules.reduce((sum, rule) => sum + rule.support, 0);
}

function misses(rule: CoChangeRule): number {
  return rule.antecedentCount - rule.support;
}

function plain(text: string): string {
  return text.replace(/`/g, '');
}

function pairKey(rule: CoChangeRule): string {
  return [rule.level, ...[rule.antecedent, rule.consequent].sort()].join('\u0000');
}

function isNested(a: string, b: string): boolean {
  return a === '.' || b === '.' || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/** Groups rules by the first two path segments, the usual depth of a subsystem (src/router). */
function subsystemOf(dir: string): string {
  return dir.split('/').slice(0, 2).join('/');
}

/**
 * Root-level files (package.json, a changelog, type definitions) share no folder; split their rules
 * into groups of files that actually change together, so one skill does not mix unrelated chores.
 */
function connectedComponents(rules: readonly CoChangeRule[]): CoChangeRule[][] {
  const parent = new Map<string, string>();
  const find = (node: string): string => {
    let current = node;
    while (parent.has(current) && parent.get(current) !== current) current = parent.get(current) as string;
    return current;
  };
  for (const rule of rules) {
    for (const node of [rule.antecedent, rule.consequent]) if (!parent.has(node)) parent.set(node, node);
    parent.set(find(rule.antecedent), find(rule.consequent));
  }
  const components = new Map<string, CoChangeRule[]>();
  for (const rule of rules)
    components.set(find(rule.antecedent), [...(components.get(find(rule.antecedent)) ?? []), rule]);
  return [...components.values()].map((component) => [...component].sort((a, b) => b.support - a.support));
}
