import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runEvaluation } from '../../../src/core/eval/evaluation';
import { evaluationBody, metricTable } from '../../../src/core/eval/evaluationHtml';
import type { EvalReport } from '../../../src/core/eval/evalTypes';
import { chartLegend, formatShare, metricLabel, metricsChartSvg } from '../../../src/core/eval/metricsChart';
import { buildPlantedRepo, type PlantedRepo } from './plantedRepo';

describe('the evaluation page for a real report', () => {
  let planted: PlantedRepo;
  let report: EvalReport;
  let html: string;

  before(async () => {
    planted = buildPlantedRepo();
    report = await runEvaluation({ repo: planted.repo.dir, split: planted.split, ks: [1, 3] });
    html = evaluationBody(report);
  });
  after(() => planted.repo.cleanup());

  it('has a section per metric block, each with its chart and table', () => {
    const titles = [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((match) => match[1]);
    assert.deepEqual(titles, ['Co-change prediction', 'Skill retrieval', 'Gaps', 'Convention adherence']);
    assert.equal(html.match(/<svg class="chart"/g)?.length, 3);
    assert.match(html, new RegExp(`${report.train_commits} commits</dd>`));
    assert.match(html, /<footer class="muted">Took /);
  });

  it('puts every number of ours in the co-change table, so the chart is never the only copy', () => {
    const table = metricTable(report.cochange, 'Skillwright');
    for (const [key, value] of Object.entries(report.cochange.ours)) {
      assert.ok(
        table.includes(`<th scope="row">${metricLabel(key)}</th><td class="num">${formatShare(value)}</td>`),
        key,
      );
    }
    for (const name of Object.keys(report.cochange.baselines))
      assert.ok(table.includes(`>${name.replace(/_/g, ' ')}</th>`), name);
  });
});

describe('metrics chart', () => {
  const series = [
    { name: 'ours <b>', values: { precision_at_1: 0.5, recall_at_1: 0.05 } },
    { name: 'random', values: { precision_at_1: 0.25 } },
  ];

  it('draws one bar per series and metric, a missing value as an empty bar marked –', () => {
    const svg = metricsChartSvg({ title: 'T', keys: ['precision_at_1', 'recall_at_1'], series });
    assert.equal(svg.match(/<rect class="bar/g)?.length, 4);
    assert.match(svg, /<title>random recall@1: –<\/title><\/rect>/);
    assert.match(svg, /width="0\.0"/);
    assert.ok(!svg.includes('<b>'), 'series names are escaped');
    assert.match(
      svg,
      /aria-label="T\. ours &#60;b&#62;: precision@1 0\.50, recall@1 0\.050; random: precision@1 0\.25, recall@1 none"/,
    );
  });

  it('draws nothing without metrics or series', () => {
    assert.equal(metricsChartSvg({ title: 'T', keys: [], series }), '');
    assert.equal(metricsChartSvg({ title: 'T', keys: ['precision_at_1'], series: [] }), '');
  });

  it('labels metrics and shares for people', () => {
    assert.equal(metricLabel('specific_hit_at_1'), 'specific hit@1');
    assert.equal(formatShare(0.5), '0.50');
    assert.equal(formatShare(0.0123), '0.012');
    assert.equal(formatShare(0), '0.00');
    assert.equal(
      chartLegend(['a&b']),
      '<ul class="legend"><li><span class="swatch series-0" aria-hidden="true"></span>a&#38;b</li></ul>',
    );
  });
});
