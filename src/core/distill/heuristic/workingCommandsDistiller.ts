import type { Evidence } from '../../model/candidate';
import { code, humanList, type LearnedCandidate, makeCandidate, renderBody } from './candidateFactory';
import { type CommandRun, errorLine } from './commandRuns';
import {
  CATEGORY_ORDER,
  type CommandCategory,
  type DeclaredCommand,
  categorize,
  makeTargets,
  packageRunner,
  packageScripts,
  workflowRunLines,
} from './projectCommands';

export interface WorkingCommandsInput {
  /** Every file in the tree at the split. */
  files: readonly string[];
  /** Contents of the files `commandSourceFiles` picked. */
  contents: ReadonlyMap<string, string>;
  runs: readonly CommandRun[];
}

/** The files whose contents the distiller needs. */
export function commandSourceFiles(files: readonly string[]): string[] {
  return files.filter(
    (file) =>
      file === 'package.json' ||
      file === 'Makefile' ||
      file === 'makefile' ||
      /^\.github\/workflows\/[^/]+\.ya?ml$/.test(file),
  );
}

const LONG_RUNNING = /\b(watch|dev|serve|start)\b|--watch\b/;

interface RunStats {
  runs: CommandRun[];
  passed: number;
  failures: Map<string, number>;
  medianMs?: number;
}

/** Build, test, lint and format commands that work here, with how they fare when recorded. */
export function distillWorkingCommands(input: WorkingCommandsInput, now = Date.now()): LearnedCandidate[] {
  const runner = packageRunner(input.files);
  const declared: DeclaredCommand[] = [];
  for (const [file, text] of input.contents) {
    if (file === 'package.json') declared.push(...packageScripts(text, runner, file));
    else if (/^[Mm]akefile$/.test(file)) declared.push(...makeTargets(text, file));
    else declared.push(...workflowRunLines(text, file));
  }
  const stats = runStats(input.runs);
  const byCategory = new Map<CommandCategory, string[]>();
  const add = (category: CommandCategory, command: string): void => {
    const list = byCategory.get(category) ?? [];
    if (!list.includes(command)) list.push(command);
    byCategory.set(category, list);
  };
  for (const item of declared.filter((item) => !item.file.startsWith('.github/'))) add(item.category, item.command);
  for (const item of declared.filter((item) => item.file.startsWith('.github/'))) add(item.category, item.command);
  for (const [command, stat] of stats) {
    const category = categorize(command);
    if (category && stat.passed > 0) add(category, command);
  }
  if (byCategory.size === 0) return [];

  const steps: string[] = [];
  const evidence: Evidence[] = [];
  // A watch or dev-server command never returns: the one-shot command comes first.
  const ordered = (category: CommandCategory): string[] =>
    [...(byCategory.get(category) ?? [])].sort((a, b) => Number(LONG_RUNNING.test(a)) - Number(LONG_RUNNING.test(b)));
  for (const category of CATEGORY_ORDER) {
    const commands = ordered(category).slice(0, 2);
    if (commands.length === 0) continue;
    const described = commands.map((command) => describe(command, declared, stats.get(command)));
    steps.push(`- **${title(category)}:** ${described.join('; or ')}`);
  }
  for (const item of declared.slice(0, 8))
    evidence.push({ kind: 'file', ref: item.file, line: item.line, detail: `declares ${item.command}` });
  for (const [command, stat] of [...stats].filter(([command]) => categorize(command)).slice(0, 6)) {
    evidence.push({
      kind: 'command',
      ref: command,
      detail: `${stat.passed} of ${stat.runs.length} recorded runs passed`,
    });
    const session = stat.runs.find((run) => run.sessionId);
    if (session?.sessionId)
      evidence.push({ kind: 'session', ref: session.sessionId, eventId: session.eventId, detail: `ran ${command}` });
  }
  const pitfalls: string[] = [];
  for (const [command, stat] of stats) {
    const top = [...stat.failures].sort((a, b) => b[1] - a[1])[0];
    if (top && categorize(command)) pitfalls.push(`- ${code(command)} most often fails with: ${code(top[0])}.`);
  }
  const ciFiles = [...new Set(declared.filter((item) => item.file.startsWith('.github/')).map((item) => item.file))];
  if (ciFiles.length > 0)
    pitfalls.push(
      `- CI (${humanList(ciFiles.map(code), 3)}) runs these checks on every push; run the same ones locally first.`,
    );
  if (pitfalls.length === 0)
    pitfalls.push('- Run the test and lint commands before committing; a change that only builds is not done.');
  const recorded = [...stats.values()].reduce((sum, stat) => sum + stat.runs.length, 0);
  const passedRuns = [...stats.values()].reduce((sum, stat) => sum + stat.passed, 0);
  const firstChecks = (['build', 'typecheck', 'lint', 'test'] as const)
    .map((category) => ordered(category)[0])
    .filter((command): command is string => command !== undefined && !LONG_RUNNING.test(command));
  // A test script that already runs the linter (`"test": "npm run lint && …"`) makes a separate lint step redundant.
  const definitionOf = (command: string): string =>
    declared.find((item) => item.command === command && item.definition)?.definition ?? '';
  const checks = firstChecks.filter(
    (command) => !firstChecks.some((other) => other !== command && definitionOf(other).includes(command)),
  );
  const sources = [...new Set(declared.map((item) => item.file))];
  const foundIn = sources.length > 0 ? `Declared in ${humanList(sources.map(code), 4)}` : 'Seen in recorded sessions';
  const alsoRun = sources.length > 0 && recorded > 0 ? ', and run in recorded sessions' : '';
  const body = renderBody('Build, test and lint commands', [
    [
      'When to use',
      [
        'When you need to build, check or test a change in this repository, and before handing work back or ' +
          'committing.',
      ],
    ],
    ['Steps', steps],
    [
      'Example',
      checks.length > 1 ? ['Before committing, run the checks in this order:', '', '```sh', ...checks, '```'] : [],
    ],
    ['Pitfalls', pitfalls],
    ['Evidence', [`- ${foundIn}${alsoRun}.`]],
  ]);
  const confidence = Math.min(0.95, 0.5 + 0.1 * byCategory.size + (recorded > 0 ? 0.1 : 0));
  return [
    makeCandidate(
      {
        name: 'build-test-lint-commands',
        description:
          `The commands that build, test and lint this repository ` +
          `(${[...byCategory.keys()].join(', ')}). Use before committing or when asked to verify a change.`,
        body,
        scope: ['**'],
        confidence,
        evidence: evidence.length > 0 ? evidence : [{ kind: 'file', ref: 'package.json' }],
        source: 'working-commands',
        support: declared.length + recorded,
        statistics: {
          'declared-commands': String(declared.length),
          'recorded-runs': String(recorded),
          'passed-runs': String(passedRuns),
        },
      },
      now,
    ),
  ];
}

function runStats(runs: readonly CommandRun[]): Map<string, RunStats> {
  const stats = new Map<string, RunStats>();
  for (const run of runs) {
    const stat = stats.get(run.command) ?? { runs: [], passed: 0, failures: new Map<string, number>() };
    stat.runs.push(run);
    if (run.exitCode === 0 && !run.failed) stat.passed++;
    if (run.failed) {
      const line = errorLine(run.output);
      if (line) stat.failures.set(line, (stat.failures.get(line) ?? 0) + 1);
    }
    stats.set(run.command, stat);
  }
  for (const stat of stats.values()) {
    const durations = stat.runs
      .map((run) => run.durationMs)
      .filter((ms): ms is number => ms !== undefined && ms > 0)
      .sort((a, b) => a - b);
    if (durations.length > 0) stat.medianMs = durations[Math.floor(durations.length / 2)];
  }
  return stats;
}

function describe(command: string, declared: readonly DeclaredCommand[], stat: RunStats | undefined): string {
  const parts = [code(command)];
  const source =
    declared.find((item) => item.command === command && item.definition) ??
    declared.find((item) => item.command === command);
  if (source?.definition) parts.push(`(runs ${code(source.definition)})`);
  else if (source) parts.push(`(from ${code(source.file)})`);
  if (stat?.medianMs !== undefined) parts.push(`— typically takes ${formatDuration(stat.medianMs)}`);
  return parts.join(' ');
}

function title(category: CommandCategory): string {
  return { install: 'Install', build: 'Build', typecheck: 'Type-check', lint: 'Lint', format: 'Format', test: 'Test' }[
    category
  ];
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}
