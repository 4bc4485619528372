import { type CliCommand, parseCommandArgs, UsageError } from '../command';
import { openRepoStore, STORE_OPTIONS } from '../repoStore';
import { candidateJson, findCandidate } from './candidates';

export const showCommand: CliCommand = {
  name: 'show',
  summary: 'Show a candidate: its skill text, evidence and (for an edit) the diff',
  usage:
    'Usage: skillwright show ID [--repo PATH] [--db PATH] [--json]\n\n  ID may be a unique prefix of the id shown ' +
    'by `skillwright candidates`.',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      options: STORE_OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    const [id] = positionals;
    if (!id || positionals.length > 1) throw new UsageError('expected exactly one candidate ID');
    const { candidates, close } = await openRepoStore(io, { repo: values.repo, db: values.db, access: 'read' });
    try {
      const candidate = findCandidate(candidates, id);
      if (values.json) {
        io.stdout(`${JSON.stringify(candidateJson(candidate), null, 2)}\n`);
        return 0;
      }
      const lines = [
        `${candidate.name}  (${candidate.kind}, ${candidate.status}, ` +
          `confidence ${candidate.confidence.toFixed(2)}, from ${candidate.source})`,
        `id: ${candidate.id}`,
        `description: ${candidate.description}`,
        `scope: ${candidate.scope.join(', ') || '(none)'}`,
        ...(candidate.rejectReason ? [`rejected because: ${candidate.rejectReason}`] : []),
        '',
        candidate.diff ? `Diff against the current skill:\n\n${candidate.diff}` : candidate.body,
        'Evidence:',
        ...candidate.evidence.map((item) => {
          const line = item.line ? `:${item.line}` : '';
          const detail = item.detail ? ` — ${item.detail}` : '';
          return `  - ${item.kind} ${item.ref}${line}${detail}`;
        }),
      ];
      io.stdout(`${lines.join('\n')}\n`);
      return 0;
    } finally {
      await close();
    }
  },
};
