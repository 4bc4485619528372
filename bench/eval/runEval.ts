/**
 * `npm run eval`: runs `skillwright eval` on every repository this machine has offline and writes
 * the table to bench/EVAL.md:
 * - this repository's own history (small but real);
 * - two generated repositories with known structure (bench/eval/generateRepo.ts), one also online;
 * - any bare mirror under /work/.mirror/<owner>+<name>/repo (fetched real projects), if present.
 * No npm package installed here ships a git history, so none is used.
 * Usage: node --import tsx bench/eval/runEval.ts [--quick] [--no-mirrors]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runEvaluation } from '../../src/core/eval/evaluation';
import type { EvalOptions, EvalReport } from '../../src/core/eval/evalTypes';
import { generateRepo } from './generateRepo';

const ROOT = join(import.meta.dirname ?? __dirname, '..', '..');
const WORK = join(ROOT, 'bench', '.work');
const MIRRORS = '/work/.mirror';
const MIN_MIRROR_COMMITS = 1000;

function commitCount(repo: string): number {
  try {
    return Number(execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim());
  } catch {
    return 0;
  }
}

interface Target {
  label: string;
  kind: string;
  options: EvalOptions;
}

/** A date split leaving `share` of all commits (by committer date, side branches included) after it. */
function splitAtShare(repo: string, share: number): string {
  const times = execFileSync('git', ['log', '--format=%ct', 'HEAD'], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  })
    .trim()
    .split('\n')
    .map(Number)
    .sort((a, b) => a - b);
  const at = times[Math.min(times.length - 1, Math.max(0, Math.floor(times.length * (1 - share)) - 1))] ?? 0;
  return new Date(at * 1000).toISOString();
}

function targets(quick: boolean, mirrors: boolean): Target[] {
  const list: Target[] = [
    {
      label: 'skillwright (this repo)',
      kind: 'real, own history',
      options: { repo: ROOT, split: splitAtShare(ROOT, 0.6) },
    },
  ];
  // The folder name carries the size, so a --quick repo is never reused for a full run.
  const mirrored = generateRepo(join(WORK, `eval-generated-mirrored-${quick ? 1500 : 5000}`), {
    commits: quick ? 1500 : 5000,
  });
  list.push({
    label: `generated, ${quick ? 1500 : 5000} commits, mirrored tests`,
    kind: 'generated',
    options: { repo: mirrored, split: 'eval-split' },
  });
  const colocated = generateRepo(join(WORK, `eval-generated-colocated-${quick ? 1000 : 3000}`), {
    commits: quick ? 1000 : 3000,
    seed: 99,
    layout: 'colocated',
    conventionalRate: 0.25,
    testRate: 0.5,
    docRate: 0.1,
  });
  list.push({
    label: `generated, ${quick ? 1000 : 3000} commits, colocated tests, free-form messages`,
    kind: 'generated',
    options: { repo: colocated, split: 'eval-split' },
  });
  list.push({
    label: `generated, ${quick ? 1500 : 5000} commits, mirrored tests (online)`,
    kind: 'generated, online',
    options: {
      repo: mirrored,
      split: 'eval-split',
      online: true,
      window: quick ? 150 : 500,
      relearnEvery: quick ? 10 : 25,
    },
  });
  if (mirrors && existsSync(MIRRORS)) {
    for (const entry of readdirSync(MIRRORS).sort()) {
      const repo = join(MIRRORS, entry, 'repo');
      if (!existsSync(join(repo, 'HEAD'))) continue;
      // Collections of files with a short history (a set of published skills) say nothing here.
      if (commitCount(repo) < MIN_MIRROR_COMMITS) continue;
      list.push({
        label: entry.replace('+', '/'),
        kind: 'real, fetched mirror',
        options: { repo, split: splitAtShare(repo, 0.2) },
      });
    }
  }
  return list;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const results: Array<{ target: Target; report: EvalReport }> = [];
  for (const target of targets(args.includes('--quick'), !args.includes('--no-mirrors'))) {
    process.stderr.write(`eval: ${target.label} ... `);
    try {
      const report = await runEvaluation(target.options);
      process.stderr.write(`${(report.timings_ms.total / 1000).toFixed(1)} s\n`);
      results.push({ target, report });
    } catch (error) {
      // A damaged snapshot (missing objects) must not cost the other rows.
      process.stderr.write(`skipped: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  const markdown = renderMarkdown(results);
  writeFileSync(join(ROOT, 'bench', 'EVAL.md'), markdown);
  process.stdout.write(markdown);
}

const f = (value: number | undefined): string => (value === undefined ? '–' : value.toFixed(2));
const r = (value: number | null | undefined): string =>
  value === undefined || value === null ? '–' : `${value.toFixed(2)}×`;
const PREDICTORS = ['ours', 'same_directory', 'most_frequent', 'rose'] as const;
const LABELS: Record<string, string> = {
  ours: 'ours',
  same_directory: 'same folder',
  most_frequent: 'most frequent',
  rose: 'ROSE-style rules',
};

type CoChange = EvalReport['cochange'];

function metricsOf(block: CoChange, name: string): Record<string, number> {
  return name === 'ours' ? block.ours : (block.baselines[name] ?? {});
}

/** The baseline with the highest recall@5 on this block: the one every claim is measured against. */
function bestBaseline(block: CoChange): string {
  return PREDICTORS.filter((name) => name !== 'ours').reduce(
    (best, name) =>
      (metricsOf(block, name).recall_at_5 ?? 0) > (metricsOf(block, best).recall_at_5 ?? 0) ? name : best,
    'rose' as string,
  );
}

/** A Markdown table row; cells print as they would inside a template literal. */
function row(cells: readonly unknown[]): string {
  return `| ${cells.map((cell) => String(cell)).join(' | ')} |`;
}

function ratio(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined || b === 0 ? null : a / b;
}

function renderMarkdown(results: Array<{ target: Target; report: EvalReport }>): string {
  const lines = [
    '# Evaluation: does what Skillwright learns predict the future?',
    '',
    'Generated by `npm run eval` (bench/eval/runEval.ts). Each row learns only from the history before',
    'the split (`learn --until`; real repositories split so that 20% of their commits come after it) and',
    'scores every later commit. Our co-change model follows the tree after the split (a renamed file',
    'keeps its history) but learns no statistics from it; the baselines see the same training commits:',
    'same folder, most frequently changed files, and ROSE-style association rules (support ≥ 1, no',
    'recency, no renames). Co-change queries: each file of a commit alone ("one initial change", ROSE\'s',
    'protocol), and half of a commit\'s files ("files so far", for commits of 3+ files). Precision is over',
    'answered queries, recall over all, hit@3 is the share of queries with a right file in the top 3',
    "(ROSE's own figure). Retrieval: the commit message as the task; `spec.` counts a top-1 skill whose",
    'scope, narrower than `**`, covers a touched file; random = mean of 10 seeded orders. Recipes: later',
    "commits that add a new name in a recipe's first file the way its first step does; share = how many",
    "of the recipe's other files they also changed, against the co-change model asked for as many files.",
    '',
    '| repository | learned / scored | renames | skills | R@5 ours · best baseline (×) | P@5 ours · that baseline ' +
      '| hit@3 ours · ROSE | files-so-far R@5 ours · best (×) | spec. hit@1 ours · rnd (×) | recipes: triggers, ' +
      'share ours · co-change (×) | time |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { target, report } of results) {
    const c = report.cochange;
    const best = bestBaseline(c);
    const sets = report.cochange_sets;
    const setBest = bestBaseline(sets);
    const bestRecall = metricsOf(c, best).recall_at_5;
    const setBestRecall = metricsOf(sets, setBest).recall_at_5;
    const specific = report.retrieval.ours.specific_hit_at_1;
    const randomSpecific = report.retrieval.baselines.random?.specific_hit_at_1;
    const recipes = report.recipes;
    const recipeShare = recipes.triggers
      ? `, ${f(recipes.ours.share)} · ${f(recipes.baselines.cochange.share)} (${r(recipes.ratios.cochange)})`
      : '';
    lines.push(
      row([
        target.label,
        `${report.train_commits} / ${report.test_commits}`,
        report.renames,
        report.library.length,
        `${f(c.ours.recall_at_5)} · ${f(bestRecall)} ${LABELS[best]} (${r(ratio(c.ours.recall_at_5, bestRecall))})`,
        `${f(c.ours.precision_at_5)} · ${f(metricsOf(c, best).precision_at_5)}`,
        `${f(c.ours.hit_at_3)} · ${f(metricsOf(c, 'rose').hit_at_3)}`,
        `${f(sets.ours.recall_at_5)} · ${f(setBestRecall)} (${r(ratio(sets.ours.recall_at_5, setBestRecall))})`,
        `${f(specific)} · ${f(randomSpecific)} (${r(report.retrieval.ratios.random?.specific_hit_at_1)})`,
        `${recipes.recipes} recipes, ${recipes.triggers} triggers${recipeShare}`,
        `${(report.timings_ms.total / 1000).toFixed(1)} s`,
      ]),
    );
  }
  for (const { target, report } of results) {
    lines.push('', `## ${target.label}`, '');
    lines.push(
      `Split ${report.split.label}${report.split.rev ? ` (${report.split.rev.slice(0, 10)})` : ''}; ` +
        `half-life ${report.half_life} commits; calibrated on this ` +
        `history: ${report.calibration.calibrated ? 'yes' : 'no (too short, default weights)'}.`,
      '',
    );
    for (const [title, block] of [
      ['One initial change', report.cochange],
      ['Files so far', report.cochange_sets],
    ] as const) {
      lines.push(`${title} (${block.queries} queries from ${block.commits} commits):`, '');
      lines.push(
        '| predictor | R@1 | R@3 | R@5 | P@1 | P@3 | P@5 | hit@3 | coverage |',
        '|---|---|---|---|---|---|---|---|---|',
      );
      for (const name of PREDICTORS) {
        const m = metricsOf(block, name);
        const figures = [
          m.recall_at_1,
          m.recall_at_3,
          m.recall_at_5,
          m.precision_at_1,
          m.precision_at_3,
          m.precision_at_5,
        ];
        lines.push(row([LABELS[name], ...figures.map(f), f(m.hit_at_3), f(m.coverage)]));
      }
      lines.push('');
    }
    const skills = report.library.map((skill) => `\`${skill.name}\``).join(', ');
    lines.push(
      `Skills learned at the split: ${skills || 'none'}. Gap rate ${f(report.gaps.ours.gap_rate)}; ` +
        `hit@1 ${f(report.retrieval.ours.hit_at_1)} against ` +
        `random ${f(report.retrieval.baselines.random?.hit_at_1)}.`,
    );
  }
  for (const { target, report } of results) {
    if (!report.online) continue;
    lines.push(
      '',
      `## Online: ${target.label}`,
      '',
      `Relearning every ${report.online.relearn_every} commits; windows of ${report.online.window}.`,
      '',
    );
    lines.push(
      '| commits | skills | R@5 ours · dir · freq · rose | hit@1 ours · rnd | gap rate |',
      '|---|---|---|---|---|',
    );
    for (const window of report.online.windows) {
      const c = window.cochange;
      const recalls = [c.ours, c.baselines.same_directory, c.baselines.most_frequent, c.baselines.rose].map((block) =>
        f(block?.recall_at_5),
      );
      const hits = [window.retrieval.ours, window.retrieval.baselines.random].map((block) => f(block?.hit_at_1));
      lines.push(
        row([
          `${window.from}–${window.to}`,
          window.library_size,
          recalls.join(' · '),
          hits.join(' · '),
          f(window.gaps.ours.gap_rate),
        ]),
      );
    }
  }
  lines.push('', '## Conventions learned and kept', '');
  for (const { target, report } of results) {
    const rules = report.conventions.rules.map((rule) => `${rule.key} ${rule.adhered}/${rule.applicable}`).join(', ');
    lines.push(`- ${target.label}: ${rules || 'none learned'}`);
  }
  return `${lines.join('\n')}\n`;
}

main().catch((error: unknown) => {
  process.stderr.write(`eval failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
