import type { EvalReport, MetricBlock } from './evalTypes';
import { escapeHtml } from '../util/html';
import { chartLegend, type ChartSeries, formatShare, metricLabel, metricsChartSvg } from './metricsChart';

/**
 * The evaluation page body: what was learned from what, then each metric block as a chart of
 * ours against every baseline and a table with the ratio, so the chart is never the only copy of
 * a number. Pure string building (no vscode), so it renders the same in any host.
 */
export function evaluationBody(report: EvalReport): string {
  const k = (name: string): string[] => report.ks.map((cutoff) => `${name}_at_${cutoff}`);
  const sections = [
    section({
      title: 'Co-change prediction',
      explain:
        `For each file a commit changed, predict the commit's other ` +
        `files. ${report.cochange.queries} queries from ${report.cochange.commits} commits with two or more files.`,
      block: report.cochange,
      oursLabel: 'Skillwright',
      chartKeys: [...k('precision'), ...k('recall')],
    }),
    section({
      title: 'Skill retrieval',
      explain:
        `The commit message as the task, matched against the learned skills: a hit when a top-k skill's ` +
        `scope covers a file the commit touched. ${report.retrieval.commits} commits; random is the mean ` +
        `of ${report.retrieval.random_seeds} seeded orders.`,
      block: report.retrieval,
      oursLabel: 'Skillwright',
      chartKeys: k('hit'),
    }),
    gapsSection(report),
    section({
      title: 'Convention adherence',
      explain:
        'The share of applicable commits after the split that follow each learned commit or test convention, ' +
        'beside the same rule on the commits before it. A rule with little support after the split shows up low.',
      block: report.conventions,
      oursLabel: 'after split',
      chartKeys: Object.keys(report.conventions.ours),
      empty:
        report.conventions.rules.length === 0
          ? 'No commit or test convention was learned before the split.'
          : undefined,
      footer: report.conventions.rules.length
        ? `<ul class="rules">${report.conventions.rules.map(ruleItem).join('')}</ul>`
        : '',
    }),
  ];
  return `${header(report)}\n${sections.join('\n')}\n${footer(report)}`;
}

function ruleItem(rule: EvalReport['conventions']['rules'][number]): string {
  const support = `<span class="muted">(${rule.adhered}/${rule.applicable})</span>`;
  return `<li><code>${escapeHtml(rule.key)}</code> ${escapeHtml(rule.statement)} ${support}</li>`;
}

function librarySkillItem(skill: EvalReport['library'][number]): string {
  const about = `<span class="muted">${escapeHtml(skill.source)} · ${escapeHtml(skill.scope.join(', '))}</span>`;
  return `<li><code>${escapeHtml(skill.name)}</code> ${about}</li>`;
}

function header(report: EvalReport): string {
  const excluded = (counts: Record<string, number | undefined>): string =>
    Object.entries(counts)
      .filter(([, count]) => count)
      .map(([reason, count]) => `${count} ${escapeHtml(reason)}`)
      .join(', ') || 'none';
  const { label, rev, time } = report.split;
  // A split given as a hash is labelled by that hash; showing it twice would only add noise.
  const named = rev && label === rev ? '' : `${escapeHtml(label)} `;
  const revCode = rev ? `<code>${escapeHtml(rev.slice(0, 10))}</code>` : '';
  const date = time ? ` · ${escapeHtml(time.slice(0, 10))}` : '';
  const split = `${named}${revCode}${date}`;
  const leftOut = `before ${excluded(report.excluded.train)}; after ${excluded(report.excluded.test)}`;
  const skills = report.library.length
    ? `<details><summary>${report.library.length} skills learned before the split</summary>` +
      `<ul class="library">${report.library.map(librarySkillItem).join('')}</ul></details>`
    : '<p class="warning">Nothing was learned before the split, so every metric of ours is zero. Pick an earlier ' +
      'split.</p>';
  return `<header>
  <h1>Does what Skillwright learns predict this repository's future?</h1>
  <p class="meta"><code>${escapeHtml(report.repo)}</code></p>
  <dl class="summary">
    <dt>Split</dt><dd>${split}</dd>
    <dt>Learned from</dt><dd>${report.train_commits} commits</dd>
    <dt>Scored</dt><dd>${report.test_commits} later commits, never learned from</dd>
    <dt>Left out as trivial</dt><dd>${leftOut}</dd>
  </dl>
  ${skills}
</header>`;
}

function section(options: {
  title: string;
  explain: string;
  block: MetricBlock;
  oursLabel: string;
  chartKeys: readonly string[];
  empty?: string;
  footer?: string;
}): string {
  const { title, explain, block, oursLabel, chartKeys } = options;
  const baselineNames = Object.keys(block.baselines);
  const series: ChartSeries[] = [
    { name: oursLabel, values: block.ours },
    ...baselineNames.map((name) => ({ name: baselineLabel(name), values: block.baselines[name] ?? {} })),
  ];
  const keys = chartKeys.filter((key) => key in block.ours);
  const chartTitle = `${title}: ${oursLabel} against ${baselineNames.map(baselineLabel).join(', ') || 'no baseline'}`;
  const body = options.empty
    ? `<p class="muted">${escapeHtml(options.empty)}</p>`
    : `${chartLegend(series.map((entry) => entry.name))}
  <div class="chart-frame">${metricsChartSvg({ title: chartTitle, keys, series })}</div>
  ${metricTable(block, oursLabel)}`;
  return `<section>
  <h2>${escapeHtml(title)}</h2>
  <p class="explain">${escapeHtml(explain)}</p>
  ${body}
  ${options.footer ?? ''}
</section>`;
}

function gapsSection(report: EvalReport): string {
  const rows = Object.entries(report.gaps.ours)
    .map(
      ([key, value]) =>
        `<tr><th scope="row">${escapeHtml(metricLabel(key))}</th><td class="num">${formatShare(value)}</td></tr>`,
    )
    .join('');
  const explain =
    `The share of the ${report.gaps.commits} scored commits whose best-matching skill scored ` +
    `below ${report.gaps.threshold}: work the library had nothing for.`;
  const head = '<tr><th scope="col">metric</th><th scope="col" class="num">Skillwright</th></tr>';
  return `<section>
  <h2>Gaps</h2>
  <p class="explain">${explain}</p>
  <table><thead>${head}</thead><tbody>${rows}</tbody></table>
</section>`;
}

/** Ours beside each baseline, with ours ÷ baseline; ratios above 1 are where we win. */
export function metricTable(block: MetricBlock, oursLabel: string): string {
  const baselineNames = Object.keys(block.baselines);
  const baselineHeads = baselineNames
    .map(
      (name) =>
        `<th scope="col" class="num">${escapeHtml(baselineLabel(name))}</th><th scope="col" class="num">ratio</th>`,
    )
    .join('');
  const head =
    `<tr><th scope="col">metric</th><th scope="col" ` +
    `class="num">${escapeHtml(oursLabel)}</th>${baselineHeads}</tr>`;
  const rows = Object.entries(block.ours)
    .map(([key, value]) => {
      const cells = baselineNames
        .map((name) => {
          const baseline = block.baselines[name]?.[key];
          const ratio = block.ratios[name]?.[key];
          const baselineText = baseline === undefined ? '–' : formatShare(baseline);
          const ratioText = ratio === undefined || ratio === null ? '–' : `${ratio.toFixed(2)}×`;
          return `<td class="num">${baselineText}</td><td class="num ratio ${ratioClass(ratio)}">${ratioText}</td>`;
        })
        .join('');
      return (
        `<tr><th scope="row">${escapeHtml(metricLabel(key))}</th><td ` +
        `class="num">${formatShare(value)}</td>${cells}</tr>`
      );
    })
    .join('');
  return `<table><thead>${head}</thead><tbody>${rows}</tbody></table>`;
}

function footer(report: EvalReport): string {
  const seconds = (ms: number): string => (ms / 1000).toFixed(1);
  const { timings_ms: t } = report;
  return (
    `<footer class="muted">Took ${seconds(t.total)} s (learn ${seconds(t.learn)} s, ` +
    `read ${seconds(t.read_test)} s, score ${seconds(t.score)} s). The same numbers as <code>skillwright eval ` +
    `--split ${escapeHtml(report.split.rev ?? report.split.label)} --json</code>.</footer>`
  );
}

function ratioClass(ratio: number | null | undefined): string {
  if (ratio === undefined || ratio === null) return '';
  if (ratio > 1.05) return 'better';
  if (ratio < 0.95) return 'worse';
  return 'even';
}

function baselineLabel(name: string): string {
  return name.replace(/_/g, ' ');
}
