import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { leftAloneReason } from '../../core/review/leftAloneReason';
import { type AcceptOutcome, ReviewError } from '../../core/review/reviewActions';
import { type CliCommand, parseCommandArgs, UsageError } from '../command';
import { REPO_CONFIG_FLAGS, repoConfigInput } from '../options';
import { openRepoWorkflow, STORE_OPTIONS } from '../repoStore';

export const acceptCommand: CliCommand = {
  name: 'accept',
  summary: 'Accept a candidate: write it to .agents/skills/<name>/SKILL.md',
  usage: [
    'Usage: skillwright accept ID [--edited FILE] [--repo PATH] [--db PATH] [--skills-folder DIR] [--mirror ' +
      'DIR]... [--allow-outside-repo] [--json]',
    '',
    '  --edited FILE         accept your edited version: a whole SKILL.md (e.g. from `skillwright show ID`',
    "                        reworked); its name, description and body replace the candidate's",
    '  --skills-folder DIR   where skills live, relative to the repository (default .agents/skills)',
    '  --mirror DIR          also refresh this copy of the skills folder (as skillwright.skills.mirrors;',
    '                        repeatable); quarantined skills are kept out of it',
    '  --allow-outside-repo  write even when the skills folder is outside the repository, by its path or',
    '                        through a symlink; without it such an accept is refused and nothing is written',
    '',
    '  A skill someone edited by hand is never overwritten: the update becomes a new candidate.',
    '  Fails without changing anything while the editor owns the store (use its Accept there).',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs({
      args,
      options: {
        ...STORE_OPTIONS,
        'skills-folder': REPO_CONFIG_FLAGS['skills-folder'],
        mirror: REPO_CONFIG_FLAGS.mirror,
        edited: { type: 'string' },
        'allow-outside-repo': { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    const [id] = positionals;
    if (!id || positionals.length > 1) throw new UsageError('expected exactly one candidate ID');
    const editedText = values.edited === undefined ? undefined : await readEdited(resolve(io.cwd, values.edited));
    const { workflow, close } = await openRepoWorkflow(io, {
      repo: values.repo,
      db: values.db,
      config: repoConfigInput(values),
    });
    try {
      let outcome: AcceptOutcome;
      try {
        outcome = await workflow.accept(id, {
          allowOutsideRoot: values['allow-outside-repo'],
          outsideRootHint: 'Pass --allow-outside-repo to write there anyway',
          ...(editedText === undefined ? {} : { editedText }),
        });
      } catch (error) {
        if (error instanceof ReviewError)
          throw new UsageError(`${error.message} (run \`skillwright candidates --all\` to list them)`);
        throw error;
      }
      return report(outcome, values.json, io.stdout, io.stderr);
    } finally {
      await close();
    }
  },
};

async function readEdited(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --edited ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function report(
  outcome: AcceptOutcome,
  json: boolean,
  stdout: (text: string) => void,
  stderr: (text: string) => void,
): number {
  const { candidate } = outcome;
  if (outcome.status === 'invalid') {
    if (json) stdout(`${JSON.stringify({ id: candidate.id, status: 'invalid', problems: outcome.problems })}\n`);
    else
      stderr(
        `The edited SKILL.md is not a valid skill; nothing was ` +
          `written:\n${outcome.problems.map((problem) => `  ${problem}`).join('\n')}\n`,
      );
    return 1;
  }
  if (outcome.status === 'conflict') {
    if (json) stdout(`${JSON.stringify({ id: candidate.id, status: 'conflict', reason: outcome.reason })}\n`);
    else stderr(`Cannot accept ${candidate.name}: ${outcome.reason}\n`);
    return 1;
  }
  if (outcome.status === 'became-candidate') {
    const { proposal, reason, path } = outcome;
    stdout(
      json
        ? `${JSON.stringify({ id: candidate.id, status: 'became-candidate', reason, proposal: proposal.id })}\n`
        : `${path} ${leftAloneReason(reason)}; it was left alone.\nThe update is now candidate ${proposal.id}: ` +
            `review it with \`skillwright show ${proposal.id}\`.\n`,
    );
    return 0;
  }
  stdout(
    json
      ? `${JSON.stringify({ id: candidate.id, status: 'accepted', path: outcome.path })}\n`
      : `Accepted ${outcome.candidate.name}: wrote ${outcome.path}\n`,
  );
  return 0;
}
