import { resolve } from 'node:path';
import { RelatedFilesIndex } from '../../core/cochange/relatedFilesIndex';
import { formatRelatedFiles } from '../../core/delivery/relatedFilesText';
import { type CliCommand, parseCommandArgs, UsageError } from '../command';
import { positiveInt } from '../options';
import { cliRepoRoot } from '../repoStore';

const USAGE = `Usage: skillwright related FILE... [--repo PATH] [--k N] [--half-life N] [--json]

Lists the files that usually change together with the given ones, from the repository's whole
history (renames followed, recent commits weighing more), each with how likely it is to change in
the same commit and the commits that show it.

  --repo PATH      repository (default: the current folder)
  --k N            how many files to show (default 10)
  --half-life N    commits per halving of an old commit's weight (default 500)
  --json           print {files, unknown, related:[{path, probability, reasons, together, of,
                   lastCommit:{hash, subject, date}, span:{from, to}}], head}`;

export const relatedCommand: CliCommand = {
  name: 'related',
  summary: 'List the files that usually change together with the given ones',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCommandArgs({
      args,
      allowPositionals: true,
      options: {
        repo: { type: 'string' },
        k: { type: 'string' },
        'half-life': { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    if (parsed.positionals.length === 0) throw new UsageError('give at least one file');
    const k = positiveInt(parsed.values.k, '--k') ?? 10;
    const halfLife = positiveInt(parsed.values['half-life'], '--half-life');
    const repo = await cliRepoRoot(io, parsed.values.repo);
    const index = await RelatedFilesIndex.build(repo, { halfLife, signal: io.signal });
    // Paths on the command line are relative to where the user stands, not to the repository root.
    const files = parsed.positionals.map((file) => resolve(io.cwd, file));
    const result = index.related(files, k);
    io.stdout(parsed.values.json ? `${JSON.stringify(result, null, 2)}\n` : formatRelatedFiles(result));
    return 0;
  },
};
