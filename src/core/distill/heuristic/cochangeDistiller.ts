import type { Evidence } from '../../model/candidate';
import type { ClassifiedCommit } from '../../history/commitRecord';
import { code, humanList, type LearnedCandidate, makeCandidate, renderBody, shortHash } from './candidateFactory';
import { type CoChangeOptions, type CoChangeRule, dirOf, mineCoChangeRules } from './cochangeRules';

export interface CoChangeDistillOptions extends Partial<CoChangeOptions> {
  /** At most this many subsystem skills. @default 5 */
  maxSkills?: number;
}

interface Subsystem {
  key: string;
  rules: CoChangeRule[];
  score: number;
}

const SUPPORTING_DIR = /(^|\/)(tests?|specs?|__tests__|docs?|examples?)(\/|$)/;

/**
 * Turns co-change rules into one checklist skill per subsystem ("when you change src/router/**,
 * also update test/router/** and docs/routing.md"), rather than one skill per rule.
 */
export function distillCoChange(commits: readonly ClassifiedCommit[], options: CoChangeDistillOptions = {}, now = Date.now()): LearnedCandidate[] {
  // Advice needs stronger rules than prediction does: default to 60% confidence.
  const model = mineCoChangeRules(commits, { minConfidence: 0.6, minWeightedSupport: 2, ...options });
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
    for (const component of connectedComponents(rootRules)) groups.set(`./${component[0]?.antecedent ?? ''}`, component);
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
    if (fresh.length > 0) kept.push({ ...subsystem, rules: fresh, score: fresh.reduce((sum, rule) => sum + rule.weightedSupport * rule.confidence, 0) });
  }
  return kept
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
    .slice(0, options.maxSkills ?? 5)
    .map((subsystem) => toCandidate(subsystem, byHash, model.commitCount, now));
}

function toCandidate(subsystem: Subsystem, byHash: Map<string, ClassifiedCommit>, commitCount: number, now: number): LearnedCandidate {
  const { key } = subsystem;
  const rules = [...subsystem.rules].sort((a, b) => b.support - a.support || b.confidence - a.confidence);
  const scope = rules.map((rule) => (rule.level === 'directory' ? `${rule.antecedent}/*` : rule.antecedent));
  const antecedents = [...new Set(scope)];
  const root = key.startsWith('./');
  const area = root ? humanList(antecedents.map(code), 3) : code(`${key}/`);
  const targets = [...new Set(rules.map(target))];
  // One step per file to update, naming every trigger, reads like a checklist rather than a rule dump.
  const byTarget = new Map<string, CoChangeRule[]>();
  for (const rule of rules) byTarget.set(target(rule), [...(byTarget.get(target(rule)) ?? []), rule]);
  // Tests and docs "predicting" code reads backwards; say it as keeping both sides in step.
  const inStep = SUPPORTING_DIR.test(key);
  const steps = [...byTarget]
    .sort((a, b) => total(b[1]) - total(a[1]))
    .slice(0, 8)
    .map(([file, triggers], index) => {
      if (inStep) {
        const sides = triggers.slice(0, 3).map((rule) => code(rule.level === 'directory' ? `${rule.antecedent}/*` : rule.antecedent));
        const first = triggers[0] as CoChangeRule;
        return `${index + 1}. Keep ${code(file)} and ${humanList(sides, 3)} in step: ${first.support} of the ${first.antecedentCount} commits that touched ${sides[0]} also changed ${code(file)}.`;
      }
      const whens = triggers.slice(0, 4).map((rule) => `${rule.level === 'directory' ? `a file in ${code(`${rule.antecedent}/`)}` : code(rule.antecedent)} (${rule.support} of ${rule.antecedentCount} commits)`);
      return `${index + 1}. Update ${code(file)} when you change ${humanList(whens, 4)}.`;
    });
  const missed = rules.slice(0, 8).reduce((most, rule) => (misses(rule) > misses(most) ? rule : most), rules[0] as CoChangeRule);
  const pitfalls = [
    inStep
      ? `- Changes to ${area} alone happen (${misses(missed)} of ${missed.antecedentCount} for ${code(missed.level === 'directory' ? `${missed.antecedent}/` : missed.antecedent)}), but a change to ${code(target(missed))} without its counterpart is the exception here.`
      : misses(missed) === 0
      ? `- Every one of the ${missed.antecedentCount} commits that touched ${code(missed.level === 'directory' ? `${missed.antecedent}/` : missed.antecedent)} also changed ${code(target(missed))}; a change without it would be the first, so double-check.`
      : `- The usual slip is forgetting ${code(target(missed))}: ${misses(missed)} of ${missed.antecedentCount} commits that touched ${code(missed.level === 'directory' ? `${missed.antecedent}/` : missed.antecedent)} left it out. If yours is one of those, say why in the commit message.`,
    '- Check the companion files even for small fixes: reviewers of this repository expect them in the same commit, not a follow-up.',
  ];
  const commitHashes = [...new Set(rules.flatMap((rule) => rule.commits))].slice(0, 8);
  const evidence: Evidence[] = commitHashes.map((hash) => {
    const commit = byHash.get(hash);
    const touched = rules.filter((rule) => rule.commits.includes(hash)).map(target);
    return { kind: 'commit', ref: hash, detail: `"${commit?.subject ?? ''}" also changed ${humanList([...new Set(touched)], 3)}` };
  });
  for (const file of targets.slice(0, 4)) evidence.push({ kind: 'file', ref: file.replace(/\/\*$/, ''), detail: `changes together with ${root ? antecedents.join(', ') : `${key}/`}` });
  const best = rules[0] as CoChangeRule;
  const body = renderBody(inStep ? `Keeping ${area} in step with the code` : `Changing ${area}`, [
    [
      'When to use',
      [
        inStep
          ? `When you change files in ${area} or what they cover (${humanList(targets.slice(0, 3).map(code), 3)}), to keep both sides in the same commit.`
          : `Before committing a change to ${root ? area : code(`${key}/**`)}, to check which other files belong in the same commit.`,
      ],
    ],
    ['Steps', steps],
    ['Pitfalls', pitfalls],
    [
      'Evidence',
      [
        `- Mined from ${commitCount} commits; strongest rule ${code(best.antecedent)} → ${code(best.consequent)}: support ${best.support}, confidence ${best.confidence.toFixed(2)}, lift ${best.lift.toFixed(1)}.`,
        ...commitHashes.slice(0, 5).map((hash) => `- ${shortHash(hash)} ${byHash.get(hash)?.subject ?? ''}`),
      ],
    ],
  ]);
  const confidence = Math.min(0.95, best.confidence * (1 - 1 / (best.support + 1)));
  return makeCandidate(
    {
      name: inStep ? `keeping-${key}-in-step` : `changing-${root ? key.slice(2) : key}`,
      description: inStep
        ? `Which files in ${plain(area)} change together with the code they cover (${humanList(targets, 3)}). Use when editing that code so its ${plain(area)} files are updated in the same commit.`
        : `Checklist for changes to ${plain(area)}: the files that must change with it (${humanList(targets, 3)}). Use when editing ${plain(area)} so the companion updates land in the same commit.`,
      body,
      scope: (inStep ? [...antecedents, ...targets] : antecedents).slice(0, 12),
      confidence,
      evidence,
      source: 'cochange',
      support: new Set(rules.flatMap((rule) => rule.commits)).size,
    },
    now,
  );
}

/** Directory rules count files directly in the folder, hence `dir/*`. */
function target(rule: CoChangeRule): string {
  return rule.level === 'directory' ? `${rule.consequent}/*` : rule.consequent;
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
  for (const rule of rules) components.set(find(rule.antecedent), [...(components.get(find(rule.antecedent)) ?? []), rule]);
  return [...components.values()].map((component) => [...component].sort((a, b) => b.support - a.support));
}
