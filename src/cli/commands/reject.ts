import { ReviewError } from '../../core/review/reviewActions';
import { type CliCommand, parseCommandArgs, UsageError } from '../command';
import { openRepoWorkflow, STORE_OPTIONS } from '../repoStore';

export const rejectCommand: CliCommand = {
  name: 'reject',
  summary: 'Reject a candidate so the same idea is not proposed again',
  usage: [
    'Usage: skillwright reject ID [--reason TEXT] [--repo PATH] [--db PATH] [--json]',
    '',
    '  A rejected idea comes back only if its evidence at least doubles (and grows by 5 or more).',
    '  Fails without changing anything while the editor owns the store (use its Reject there).',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      options: { ...STORE_OPTIONS, reason: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const [id] = positionals;
    if (!id || positionals.length > 1) throw new UsageError('expected exactly one candidate ID');
    const { workflow, close } = await openRepoWorkflow(io, { repo: values.repo, db: values.db, config: {} });
    try {
      let rejected;
      try {
        rejected = workflow.reject(id, values.reason?.trim() || undefined);
      } catch (error) {
        if (error instanceof ReviewError)
          throw new UsageError(`${error.message} (run \`skillwright candidates --all\` to list them)`);
        throw error;
      }
      io.stdout(
        values.json
          ? `${JSON.stringify({ id: rejected.id, status: 'rejected' })}\n`
          : `Rejected ${rejected.name} (${rejected.id}).\n`,
      );
      return 0;
    } finally {
      await close();
    }
  },
};
