import { parseArgs } from 'node:util';
import { skillsFolderOf } from '../../core/learn/repoContext';
import { acceptCandidate } from '../../core/skills/accept';
import { type CliCommand, UsageError } from '../command';
import { findCandidate, openRepoStore, STORE_OPTIONS } from './candidates';

export const acceptCommand: CliCommand = {
  name: 'accept',
  summary: 'Accept a candidate: write it to .agents/skills/<name>/SKILL.md',
  usage: [
    'Usage: skillwright accept ID [--repo PATH] [--db PATH] [--skills-folder DIR] [--json]',
    '',
    '  --skills-folder DIR  where skills live, relative to the repository (default .agents/skills)',
    '',
    '  A skill someone edited by hand is never overwritten: the update becomes a new candidate.',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, options: { ...STORE_OPTIONS, 'skills-folder': { type: 'string' } }, allowPositionals: true, strict: true });
    const [id] = positionals;
    if (!id || positionals.length > 1) throw new UsageError('expected exactly one candidate ID');
    const { repoRoot, store, candidates } = await openRepoStore(io, values.repo, values.db);
    try {
      const candidate = findCandidate(candidates, id);
      if (candidate.status !== 'pending') throw new UsageError(`candidate ${candidate.id} is already ${candidate.status}`);
      const now = Date.now();
      const result = await acceptCandidate(candidate, { skillsFolder: skillsFolderOf(repoRoot, values['skills-folder']), root: repoRoot, now });
      if (result.status === 'conflict') {
        io.stderr(`Cannot accept ${candidate.name}: ${result.reason}\n`);
        return 1;
      }
      if (result.status === 'became-candidate') {
        candidates.markSuperseded(candidate.id, now);
        candidates.save({ ...result.proposal, status: 'pending' }, now);
        await store.save();
        io.stdout(
          values.json
            ? `${JSON.stringify({ id: candidate.id, status: 'became-candidate', reason: result.reason, proposal: result.proposal.id })}\n`
            : `${result.current.path} was ${result.reason === 'hand-edited' ? 'edited by hand' : 'not written by Skillwright or changed since'}; it was left alone.\nThe update is now candidate ${result.proposal.id}: review it with \`skillwright show ${result.proposal.id}\`.\n`,
        );
        return 0;
      }
      candidates.markAccepted(candidate.id, now);
      await store.save();
      io.stdout(values.json ? `${JSON.stringify({ id: candidate.id, status: 'accepted', path: result.path })}\n` : `Accepted ${candidate.name}: wrote ${result.path}\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};
