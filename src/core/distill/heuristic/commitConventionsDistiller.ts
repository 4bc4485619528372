import type { Evidence } from '../../model/candidate';
import type { ClassifiedCommit } from '../../history/commitRecord';
import { composePattern } from '../../util/patterns';
import { code, humanList, type LearnedCandidate, makeCandidate, renderBody, shortHash } from './candidateFactory';

export interface CommitConventionOptions {
  /** Fewer counted commits than this: say nothing. @default 10 */
  minCommits: number;
  /** Share of subjects that must follow a style for it to be a convention. @default 0.6 */
  minShare: number;
  /** Only the newest this-many counted commits are read: conventions change, today's is what matters. @default 300 */
  recentCommits: number;
}

export const DEFAULT_COMMIT_CONVENTION_OPTIONS: CommitConventionOptions = {
  minCommits: 10,
  minShare: 0.6,
  recentCommits: 300,
};

const CONVENTIONAL = /^(\w+)(?:\(([^)]+)\))?(!)?: \S/;
const TICKET = /\b[A-Z][A-Z0-9]+-\d+\b|(?:^|\s|\()#\d+\b/;
const PAST_TENSE_VERBS = [
  ...['added', 'fixed', 'updated', 'changed', 'removed', 'moved', 'renamed'],
  ...['improved', 'refactored', 'implemented', 'created', 'deleted'],
  ...['adds', 'fixes', 'updates', 'changes', 'removes'],
];
const PAST_TENSE = composePattern(['^', `(${PAST_TENSE_VERBS.join('|')})`, String.raw`\b`], 'i');

/**
 * Commit-message conventions (Conventional Commits types and scopes, ticket references, mood,
 * subject length) and the typical size of a commit. Proposes nothing unless a style is followed
 * by most commits, so random messages yield no skill.
 */
export function distillCommitConventions(
  commits: readonly ClassifiedCommit[],
  partial: Partial<CommitConventionOptions> = {},
  now = Date.now(),
): LearnedCandidate[] {
  const options = { ...DEFAULT_COMMIT_CONVENTION_OPTIONS, ...partial };
  const counted = [...commits]
    .filter(
      (commit) =>
        commit.parents.length <= 1 &&
        (!commit.exclusion || commit.exclusion === 'release' || commit.exclusion === 'lockfile-only'),
    )
    .sort((a, b) => b.commitDate - a.commitDate)
    .slice(0, options.recentCommits);
  if (counted.length < options.minCommits) return [];
  const types = new Map<string, ClassifiedCommit[]>();
  const scopes = new Map<string, number>();
  let conventional = 0;
  let breaking = 0;
  let tickets = 0;
  let prSuffix = 0;
  let ticketExample = '';
  let pastTense = 0;
  for (const commit of counted) {
    const match = CONVENTIONAL.exec(commit.subject);
    if (match) {
      conventional++;
      const type = (match[1] ?? '').toLowerCase();
      types.set(type, [...(types.get(type) ?? []), commit]);
      if (match[2]) scopes.set(match[2], (scopes.get(match[2]) ?? 0) + 1);
      if (match[3]) breaking++;
    }
    const ticket = TICKET.exec(`${commit.subject}\n${commit.body}`);
    if (ticket) {
      tickets++;
      ticketExample ||= ticket[0].trim();
      if (/\(#\d+\)$/.test(commit.subject)) prSuffix++;
    }
    const description = match ? commit.subject.slice(match[0].length - 1) : commit.subject;
    if (PAST_TENSE.test(description.trim())) pastTense++;
  }
  const n = counted.length;
  const usesConventional = conventional / n >= options.minShare;
  const usesTickets = tickets / n >= options.minShare;
  if (!usesConventional && !usesTickets) return [];

  const lengths = counted.map((commit) => commit.subject.length).sort((a, b) => a - b);
  const p90 = lengths[Math.floor(lengths.length * 0.9)] ?? 72;
  const sizes = counted.map((commit) => commit.statFiles.length).sort((a, b) => a - b);
  const medianFiles = sizes[Math.floor(sizes.length / 2)] ?? 1;
  const typeList = [...types].sort((a, b) => b[1].length - a[1].length);
  const scopeList = [...scopes].sort((a, b) => b[1] - a[1]).map(([scope]) => scope);

  const rules: string[] = [];
  const breakingExample = counted.find((commit) => CONVENTIONAL.exec(commit.subject)?.[3])?.subject;
  if (usesConventional) {
    rules.push(`- Write the subject as Conventional Commits: ${code('type(scope): summary')}.`);
    rules.push(
      `- Use one of the types in use here, most common first: ${typeList
        .slice(0, 8)
        .map(([type]) => code(type))
        .join(', ')}. Do not invent new types.`,
    );
    if (scopeList.length > 0)
      rules.push(`- Name the area touched as the scope, e.g. ${humanList(scopeList.slice(0, 8).map(code))}.`);
    if (breaking > 0)
      rules.push(
        `- Mark a breaking change with ${code('!')} after the type or ` +
          `scope${breakingExample ? `, as in ${code(breakingExample)}` : ''}.`,
      );
  }
  if (usesTickets) {
    const example = counted.find((commit) => /\(#\d+\)$/.test(commit.subject))?.subject;
    rules.push(
      prSuffix / tickets >= 0.8 && example
        ? `- End the subject with the pull request number, as squash merges here do: ${code(example)}.`
        : `- Reference the ticket or issue, like ${code(ticketExample)}.`,
    );
  }
  rules.push(
    pastTense / n < 0.2
      ? '- Use the imperative mood: "add", "fix", "remove" — not "added" or "fixes".'
      : '- Keep the summary short and descriptive.',
  );
  rules.push(`- Keep the subject under ${Math.max(50, p90)} characters.`);
  rules.push('- Keep each commit to one change; put unrelated edits in commits of their own.');

  const examples = usesConventional
    ? typeList.slice(0, 4).map(([, list]) => list[0] as ClassifiedCommit)
    : counted.slice(0, 4);
  const evidence: Evidence[] = examples.map((commit) => ({ kind: 'commit', ref: commit.hash, detail: commit.subject }));
  const model = counted.find(
    (commit) =>
      commit.subject.length <= Math.max(50, p90) &&
      (!usesConventional || CONVENTIONAL.test(commit.subject)) &&
      (!usesTickets || TICKET.test(`${commit.subject}\n${commit.body}`)) &&
      !PAST_TENSE.test(commit.subject.replace(/^\w+(\([^)]*\))?!?:\s*/, '')),
  );
  const body = renderBody('Commit message conventions', [
    ['When to use', ['When writing a commit message or a pull request title in this repository.']],
    ['Rules', rules],
    [
      'Example',
      model
        ? [
            `The newest subject that follows every rule, from ${code(shortHash(model.hash))}:`,
            '',
            '```text',
            model.subject,
            '```',
          ]
        : [],
    ],
    [
      'Pitfalls',
      [
        usesConventional
          ? `- A subject without a type prefix (e.g. "update stuff") breaks the changelog tooling and stands out ` +
            `in review.`
          : '- A commit without a ticket reference cannot be traced back to its discussion.',
        '- Do not mix unrelated changes (formatting sweeps, dependency bumps) into a feature commit.',
      ],
    ],
    ['Evidence', examples.map((commit) => `- ${shortHash(commit.hash)} ${commit.subject}`)],
  ]);
  const share = Math.max(conventional, tickets) / n;
  const conventionalNote = usesConventional ? ' (Conventional Commits with its types and scopes)' : '';
  const ticketNote = usesTickets ? ', with ticket references' : '';
  return [
    makeCandidate(
      {
        name: 'commit-message-conventions',
        description:
          `How commit messages are written in this repository${conventionalNote}${ticketNote}. Use ` +
          `when committing or titling a pull request.`,
        body,
        scope: ['**'],
        confidence: Math.min(0.95, share * (1 - 1 / n)),
        evidence,
        source: 'commit-conventions',
        support: Math.max(conventional, tickets),
        statistics: {
          'counted-commits': String(n),
          'conventional-share': (conventional / n).toFixed(2),
          'ticket-share': (tickets / n).toFixed(2),
          'pr-suffix-share': (prSuffix / n).toFixed(2),
          types: typeList
            .slice(0, 8)
            .map(([type, list]) => `${type}=${list.length}`)
            .join(', '),
          'subject-length-p90': String(p90),
          'median-files-per-commit': String(medianFiles),
          ...(breaking > 0 ? { 'breaking-commits': String(breaking) } : {}),
        },
      },
      now,
    ),
  ];
}
