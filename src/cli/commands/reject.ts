import { parseArgs } from 'node:util';
import { type CliCommand, UsageError } from '../command';
import { findCandidate, openRepoStore, STORE_OPTIONS } from './candidates';

export const rejectCommand: CliCommand = {
  name: 'reject',
  summary: 'Reject a candidate so the same idea is not proposed again',
  usage: [
    'Usage: skillwright reject ID [--reason TEXT] [--repo PATH] [--db PATH]',
    '',
    '  A rejected idea comes back only if its evidence at least doubles (and grows by 5 or more).',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, options: { ...STORE_OPTIONS, reason: { type: 'string' } }, allowPositionals: true, strict: true });
    const [id] = positionals;
    if (!id || positionals.length > 1) throw new UsageError('expected exactly one candidate ID');
    const { store, candidates } = await openRepoStore(io, values.repo, values.db);
    try {
      const candidate = findCandidate(candidates, id);
      if (candidate.status !== 'pending') throw new UsageError(`candidate ${candidate.id} is already ${candidate.status}`);
      candidates.markRejected(candidate.id, values.reason?.trim() || undefined);
      await store.save();
      io.stdout(values.json ? `${JSON.stringify({ id: candidate.id, status: 'rejected' })}\n` : `Rejected ${candidate.name} (${candidate.id}).\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};
