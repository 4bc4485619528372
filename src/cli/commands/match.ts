import { join, resolve } from 'node:path';
import { loadDeliveryLibrary } from '../../core/delivery/deliveryLibrary';
import { searchSkills } from '../../core/delivery/searchSkills';
import { DEFAULT_GAP_THRESHOLD } from '../../core/gaps/gapDetector';
import { type CliCommand, parseCommandArgs, UsageError } from '../command';
import { positiveInt } from '../options';

const SYNOPSIS = [
  'Usage: skillwright match "TASK"',
  '[--files a,b]',
  '[--repo PATH]',
  '[--skills DIR]',
  '[--k N]',
  '[--threshold T]',
  '[--json]',
].join(' ');
const USAGE = `${SYNOPSIS}

Ranks the repository's skills for a task and says whether the task is a gap (no skill scores
at least the threshold, default ${DEFAULT_GAP_THRESHOLD}).

  --files a,b      workspace-relative paths the task touches (boosts skills scoped to them)
  --repo PATH      repository root (default: current directory)
  --skills DIR     skills folder relative to the repo (default: .agents/skills)
  --k N            how many skills to show (default 5)
  --threshold T    gap threshold, 0–1
  --json           print {task, results:[{name, score, explanation}], gap}`;

export const matchCommand: CliCommand = {
  name: 'match',
  summary: "Rank the repository's skills for a task and report a gap",
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCommandArgs({
      args,
      allowPositionals: true,
      options: {
        files: { type: 'string' },
        repo: { type: 'string' },
        skills: { type: 'string' },
        k: { type: 'string' },
        threshold: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const task = parsed.positionals.join(' ').trim();
    const files = (parsed.values.files ?? '')
      .split(',')
      .map((file) => file.trim())
      .filter(Boolean);
    if (!task && files.length === 0) throw new UsageError('give a task (and optionally --files)');
    const k = positiveInt(parsed.values.k, '--k') ?? 5;
    const threshold = parsed.values.threshold === undefined ? DEFAULT_GAP_THRESHOLD : Number(parsed.values.threshold);
    if (!(threshold >= 0 && threshold <= 1)) throw new UsageError('--threshold must be between 0 and 1');

    const repo = resolve(io.cwd, parsed.values.repo ?? '.');
    const library = await loadDeliveryLibrary(join(repo, parsed.values.skills ?? '.agents/skills'));
    const result = searchSkills(library, task, files, k, { threshold, minShareOfThreshold: 0 });
    if (parsed.values.json) {
      const json = {
        task,
        files,
        results: result.results.map(({ name, score, explanation }) => ({ name, score: round(score), explanation })),
        gap: result.gap,
      };
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
      return 0;
    }
    if (result.results.length === 0) io.stdout(`No skills match (library: ${library.index.size} skills).\n`);
    for (const skill of result.results) {
      const terms = [
        ...new Set([
          ...skill.explanation.terms.name,
          ...skill.explanation.terms.description,
          ...skill.explanation.terms.body,
        ]),
      ];
      const scope =
        skill.explanation.scopeGlobs.length > 0 ? `  scope: ${skill.explanation.scopeGlobs.join(', ')}` : '';
      io.stdout(`${skill.score.toFixed(2)}  ${skill.name}  terms: ${terms.join(' ') || '-'}${scope}\n`);
    }
    if (result.gap) io.stdout(`\nGap: no skill reaches ${threshold}. Consider writing one for this task.\n`);
    return 0;
  },
};

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
