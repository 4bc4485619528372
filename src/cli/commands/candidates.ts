import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CandidateRepository, type StoredCandidate } from '../../core/candidates/candidateRepository';
import { resolveRepoRoot } from '../../core/learn/repoContext';
import { openStoreFile, type StoreFile } from '../../core/learn/storeFile';
import { type CliCommand, type CliIo, UsageError } from '../command';
import { defaultStorePath } from '../storeLocation';

/** A repository's store as the review commands (candidates, show, accept, reject) use it. */
export interface RepoStore {
  repoRoot: string;
  store: StoreFile;
  candidates: CandidateRepository;
}

export const STORE_OPTIONS = {
  repo: { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export async function openRepoStore(io: CliIo, repo: string | undefined, db: string | undefined): Promise<RepoStore> {
  const repoRoot = await resolveRepoRoot(resolve(io.cwd, repo ?? '.'));
  const store = await openStoreFile(db ? resolve(io.cwd, db) : defaultStorePath(repoRoot));
  return { repoRoot, store, candidates: new CandidateRepository(store.db) };
}

/** A candidate by id or unique id prefix, or a UsageError naming what exists. */
export function findCandidate(repository: CandidateRepository, id: string): StoredCandidate {
  const found = repository.find(id);
  if (!found) throw new UsageError(`no candidate with id '${id}' (run \`skillwright candidates\` to list them)`);
  return found;
}

/** A fixed-width table: name, kind, confidence, evidence count, id. */
export function candidateTable(candidates: readonly StoredCandidate[]): string {
  const rows = candidates.map((candidate) => [candidate.id, candidate.name, candidate.kind, candidate.confidence.toFixed(2), String(candidate.evidence.length), candidate.source]);
  const header = ['ID', 'NAME', 'KIND', 'CONF', 'EVIDENCE', 'SOURCE'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
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
    const { values } = parseArgs({ args, options: { ...STORE_OPTIONS, all: { type: 'boolean', default: false } }, strict: true });
    const { store, candidates } = await openRepoStore(io, values.repo, values.db);
    try {
      const list = values.all ? candidates.list() : candidates.listPending();
      if (values.json) io.stdout(`${JSON.stringify({ candidates: list.map(candidateJson) }, null, 2)}\n`);
      else if (list.length === 0) io.stdout('No pending candidates. Run `skillwright learn` to look for some.\n');
      else io.stdout(candidateTable(list));
      return 0;
    } finally {
      store.close();
    }
  },
};

/** The stable JSON shape of a candidate (documented in learn.ts). */
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
  };
}
