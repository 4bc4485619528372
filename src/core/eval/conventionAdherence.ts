import type { Candidate } from '../model/candidate';
import { isCodeFile, testInfo } from '../distill/heuristic/testLayout';

/**
 * Checks commits against the conventions the library states. The rules are read back from the
 * learned skills' own text, because that text is what an agent would follow: if a distiller's
 * wording changes, an unparsed rule simply drops out of the report (listed as not learned).
 */
export interface ConventionRule {
  /** conventional_commits | ticket_reference | subject_length | test_location | tests_with_code */
  key: string;
  /** The rule as the library states it. */
  statement: string;
  /** Whether the rule says anything about this commit; undefined when it does not apply. */
  check(commit: ConventionCommit): boolean | undefined;
}

export interface ConventionCommit {
  subject: string;
  body: string;
  files: readonly string[];
}

const CONVENTIONAL = /^(\w+)(?:\(([^)]+)\))?(!)?: \S/;
const PR_SUFFIX = /\(#\d+\)$/;
const TICKET = /\b[A-Z][A-Z0-9]+-\d+\b|(?:^|\s|\()#\d+\b/;

export function learnedConventions(library: readonly Candidate[]): ConventionRule[] {
  const rules: ConventionRule[] = [];
  for (const skill of library) {
    if (skill.source === 'commit-conventions') rules.push(...commitRules(skill.body));
    if (skill.source === 'layout-conventions') rules.push(...testRules(skill.body));
  }
  return rules;
}

function commitRules(body: string): ConventionRule[] {
  const rules: ConventionRule[] = [];
  const lines = body.split('\n');
  if (lines.some((line) => line.includes('Conventional Commits:'))) {
    const typesLine = lines.find((line) => /^- (Types in use|Use one of the types)/.test(line));
    const types = new Set([...(typesLine ?? '').matchAll(/`([^`]+)`/g)].map((match) => (match[1] ?? '').toLowerCase()));
    rules.push({
      key: 'conventional_commits',
      statement: `Conventional Commits subject${types.size ? ` with a known type (${[...types].join(', ')})` : ''}`,
      check: (commit) => {
        const match = CONVENTIONAL.exec(commit.subject);
        return match !== null && (types.size === 0 || types.has((match[1] ?? '').toLowerCase()));
      },
    });
  }
  if (lines.some((line) => line.startsWith('- End the subject with the pull request number'))) {
    rules.push({
      key: 'ticket_reference',
      statement: 'subject ends with the pull request number, e.g. (#123)',
      check: (commit) => PR_SUFFIX.test(commit.subject),
    });
  } else if (lines.some((line) => line.startsWith('- Reference the ticket'))) {
    rules.push({
      key: 'ticket_reference',
      statement: 'references a ticket or issue',
      check: (commit) => TICKET.test(`${commit.subject}\n${commit.body}`),
    });
  }
  const length = /Keep the subject under (\d+) characters/.exec(body);
  if (length) {
    const max = Number(length[1]);
    rules.push({
      key: 'subject_length',
      statement: `subject of at most ${max} characters`,
      check: (commit) => commit.subject.length <= max,
    });
  }
  return rules;
}

function testRules(body: string): ConventionRule[] {
  const rules: ConventionRule[] = [];
  // Older skills say "Tests live under" and "Tests sit next to"; newer ones say "Put tests under" and "Put each test
  // next to".
  const mirrored = /(?:Tests live|Put tests) under `([^`]*)\/`/.exec(body);
  const location = mirrored
    ? 'test-dir'
    : body.includes('`__tests__/`')
      ? '__tests__'
      : /Tests sit next to the file|Put each test next to the file/.test(body)
        ? 'colocated'
        : undefined;
  const naming = /Name test files `([^`]+)`/.exec(body);
  const marker = naming ? testInfo(naming[1] ?? '')?.marker : undefined;
  if (location) {
    const root = mirrored?.[1] ?? '';
    const where =
      location === 'test-dir' ? `under ${root}/` : location === '__tests__' ? 'in __tests__/' : 'next to the code';
    const named = marker ? `, named *${marker}.*` : '';
    rules.push({
      key: 'test_location',
      statement: `tests ${where}${named}`,
      check: (commit) => {
        const tests = commit.files.map(testInfo).filter((info) => info !== undefined);
        if (tests.length === 0) return undefined;
        return tests.every(
          (info) =>
            info.location === location &&
            (location !== 'test-dir' || !root || info.path.startsWith(`${root}/`)) &&
            (marker === undefined || info.marker === marker),
        );
      },
    });
  }
  if (body.includes('add its test file in the same commit')) {
    rules.push({
      key: 'tests_with_code',
      statement: 'a commit changing source code also changes a test',
      check: (commit) => {
        if (!commit.files.some((file) => isCodeFile(file) && !testInfo(file))) return undefined;
        return commit.files.some((file) => testInfo(file) !== undefined);
      },
    });
  }
  return rules;
}

/** Per rule: share of the commits it applies to that follow it. */
export class AdherenceAccumulator {
  private readonly applicable = new Map<string, number>();
  private readonly adhered = new Map<string, number>();

  constructor(readonly rules: readonly ConventionRule[]) {}

  add(commit: ConventionCommit): void {
    for (const rule of this.rules) {
      const verdict = rule.check(commit);
      if (verdict === undefined) continue;
      this.applicable.set(rule.key, (this.applicable.get(rule.key) ?? 0) + 1);
      if (verdict) this.adhered.set(rule.key, (this.adhered.get(rule.key) ?? 0) + 1);
    }
  }

  /** `<rule>` shares plus `adherence`, their mean over rules that applied at least once (exact, unrounded). */
  shares(): Record<string, number> {
    const out: Record<string, number> = {};
    const values: number[] = [];
    for (const rule of this.rules) {
      const applicable = this.applicable.get(rule.key) ?? 0;
      if (applicable === 0) continue;
      const share = (this.adhered.get(rule.key) ?? 0) / applicable;
      out[rule.key] = share;
      values.push(share);
    }
    if (values.length > 0) out.adherence = values.reduce((a, b) => a + b, 0) / values.length;
    return out;
  }

  counts(key: string): { applicable: number; adhered: number } {
    return { applicable: this.applicable.get(key) ?? 0, adhered: this.adhered.get(key) ?? 0 };
  }
}
