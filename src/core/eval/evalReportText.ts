import type { EvalReport, MetricBlock } from './evalTypes';

/** The human-readable report: every metric of ours beside each baseline and the ratio. */
export function renderEvalText(report: EvalReport): string {
  const lines: string[] = [];
  const excluded = (counts: Record<string, number | undefined>): string =>
    Object.entries(counts)
      .map(([reason, count]) => `${count} ${reason}`)
      .join(', ') || 'none';
  lines.push(`Evaluation of ${report.repo}`);
  lines.push(
    `Split at ${report.split.label}${report.split.rev ? ` (${report.split.rev.slice(0, 10)})` : ''}: learned ` +
      `from ${report.train_commits} commits, scored ${report.test_commits} later commits.`,
  );
  lines.push(
    `Left out as trivial: before the split ${excluded(report.excluded.train)}; after ` +
      `it ${excluded(report.excluded.test)}.`,
  );
  lines.push(
    `Library: ${report.library.length} skills (${report.library.map((skill) => skill.name).join(', ') || 'none'}).`,
  );
  lines.push('');
  lines.push(
    `Co-change prediction (${report.cochange.queries} queries from ${report.cochange.commits} commits with 2+ files)`,
  );
  lines.push(...blockTable(report.cochange, 'ours'));
  lines.push('');
  lines.push(
    `Skill retrieval, commit message as the task (${report.retrieval.commits} commits; random = mean ` +
      `of ${report.retrieval.random_seeds} seeded orders)`,
  );
  lines.push(...blockTable(report.retrieval, 'ours'));
  lines.push('');
  const recipes = report.recipes;
  const cochange =
    `co-change model from the same file: ${fmt(recipes.baselines.cochange.share)}, ` +
    `ratio ${ratio(recipes.ratios.cochange)}`;
  const followedUp = recipes.triggers
    ? `, and changed ${fmt(recipes.ours.share)} of a recipe's other files (${cochange})`
    : '';
  lines.push(
    `Change recipes: ${recipes.recipes} learned; ${recipes.triggers} later commits made such a change${followedUp}.`,
  );
  lines.push('');
  lines.push(`Gaps (top match below ${report.gaps.threshold})`);
  for (const [key, value] of Object.entries(report.gaps.ours)) lines.push(`  ${key.padEnd(24)} ${fmt(value)}`);
  lines.push('');
  lines.push(
    'Convention adherence (share of applicable commits after the split; before_split = the same rule on the ' +
      'training commits)',
  );
  if (report.conventions.rules.length === 0) lines.push('  no commit or test convention was learned');
  else lines.push(...blockTable(report.conventions, 'after split'));
  for (const rule of report.conventions.rules)
    lines.push(`  - ${rule.key}: ${rule.statement} (${rule.adhered}/${rule.applicable})`);
  if (report.online) {
    lines.push('');
    lines.push(`Online: relearning every ${report.online.relearn_every} commit(s), windows of ${report.online.window}`);
    const k = report.ks[0] ?? 1;
    const header = [
      ...['commits'.padEnd(12), 'skills'.padStart(6), `P@${k}`.padStart(7), `R@${k}`.padStart(7)],
      ...[`R@${k} dir`.padStart(9), `hit@${k}`.padStart(7), `rnd@${k}`.padStart(7), 'gaps'.padStart(6)],
    ];
    lines.push(`  ${header.join(' ')}`);
    for (const window of report.online.windows) {
      const row = [
        `${window.from}-${window.to}`.padEnd(12),
        String(window.library_size).padStart(6),
        fmt(window.cochange.ours[`precision_at_${k}`]).padStart(7),
        fmt(window.cochange.ours[`recall_at_${k}`]).padStart(7),
        fmt(window.cochange.baselines.same_directory?.[`recall_at_${k}`]).padStart(9),
        fmt(window.retrieval.ours[`hit_at_${k}`]).padStart(7),
        fmt(window.retrieval.baselines.random?.[`hit_at_${k}`]).padStart(7),
        fmt(window.gaps.ours.gap_rate).padStart(6),
      ];
      lines.push(`  ${row.join(' ')}`);
    }
  }
  lines.push('');
  lines.push(
    `Took ${(report.timings_ms.total / 1000).toFixed(1)} s ` +
      `(learn ${(report.timings_ms.learn / 1000).toFixed(1)} s, ` +
      `read ${(report.timings_ms.read_test / 1000).toFixed(1)} s, ` +
      `score ${(report.timings_ms.score / 1000).toFixed(1)} s).`,
  );
  return `${lines.join('\n')}\n`;
}

function blockTable(block: MetricBlock, oursLabel: string): string[] {
  const names = Object.keys(block.baselines);
  const header = [
    `  ${'metric'.padEnd(22)}`,
    oursLabel.padStart(11),
    ...names.flatMap((name) => [name.padStart(15), `ratio`.padStart(7)]),
  ].join(' ');
  const rows = Object.entries(block.ours).map(([key, value]) => {
    const cells = names.flatMap((name) => [
      fmt(block.baselines[name]?.[key]).padStart(15),
      ratio(block.ratios[name]?.[key]).padStart(7),
    ]);
    return [`  ${key.padEnd(22)}`, fmt(value).padStart(11), ...cells].join(' ');
  });
  return [header, ...rows];
}

function fmt(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(3);
}

function ratio(value: number | null | undefined): string {
  return value === undefined || value === null ? '-' : `${value.toFixed(2)}x`;
}
