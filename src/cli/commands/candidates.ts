import type { CandidateRepository, StoredCandidate } from '../../core/candidates/candidateRepository';
import { type CliCommand, parseCommandArgs, UsageError } from '../command';
import { openRepoStore, STORE_OPTIONS } from '../repoStore';

/** A candidate by id or unique id prefix, or a UsageError naming what exists. */
export function findCandidate(repository: CandidateRepository, id: string): StoredCandidate {
  const found = repository.find(id);
  if (!found) throw new UsageError(`no candidate with id '${id}' (run \`skillwright candidates\` to list them)`);
  return found;
}

/** A fixed-width table: name, kind, confidence, evidence count, id. */
export function candidateTable(candidates: readonly StoredCandidate[]): string {
  const rows = candidates.map((candidate) => [
    candidate.id,
    candidate.name,
    candidate.kind,
    candidate.confidence.toFixed(2),
    String(candidate.evidence.length),
    candidate.source,
  ]);
  const header = ['ID', 'NAME', 'KIND', 'CONF', 'EVIDENCE', 'SOURCE'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export const candidatesCommand: CliCommand = {
  name: 'candidates',
  summary: 'List the pending skill candidates of a repository',
  usage: [
    'Usage: skillwright candidates [--repo PATH] [--db PATH] [--all] [--json]',
    '',
    '  --repo PATH  repository (default: the current folder)',
    '  --db PATH    store file (default: the per-user store for this repository)',
    '  --all        include accepted, rejected and superseded candidates',
    '  --json       print {candidates:[…]} (same schema as `learn --json`)',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseCommandArgs({
      args,
      options: { ...STORE_OPTIONS, all: { type: 'boolean', default: false } },
      strict: true,
    });
    const { candidates, close } = await openRepoStore(io, { repo: values.repo, db: values.db, access: 'read' });
    try {
      const list = values.all ? candidates.list() : candidates.listPending();
      if (values.json) io.stdout(`${JSON.stringify({ candidates: list.map(candidateJson) }, null, 2)}\n`);
      else if (list.length === 0) io.stdout('No pending candidates. Run `skillwright learn` to look for some.\n');
      else io.stdout(candidateTable(list));
      return 0;
    } finally {
      await close();
    }
  },
};

/** The stable JSON shape of a candidate (documented in learn.ts). */
function isoDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function candidateJson(candidate: StoredCandidate): Record<string, unknown> {
  return {
    id: candidate.id,
    name: candidate.name,
    description: candidate.description,
    kind: candidate.kind,
    status: candidate.status,
    confidence: candidate.confidence,
    support: candidate.support ?? candidate.evidence.length,
    evidence: candidate.evidence,
    scope: candidate.scope,
    source: candidate.source,
    body: candidate.body,
    ...(candidate.diff ? { diff: candidate.diff } : {}),
    ...(candidate.baseHash ? { baseHash: candidate.baseHash } : {}),
    ...(candidate.rejectReason ? { rejectReason: candidate.rejectReason } : {}),
    ...(candidate.span
      ? { span: { from: isoDay(candidate.span.from), to: isoDay(candidate.span.to), commits: candidate.span.commits } }
      : {}),
    ...(candidate.statistics ? { statistics: candidate.statistics } : {}),
  };
}
