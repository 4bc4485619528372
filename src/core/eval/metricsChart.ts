import { escapeHtml } from '../util/html';

/** One bar colour: our learner or a baseline, with its value per metric key. */
export interface ChartSeries {
  readonly name: string;
  readonly values: Readonly<Record<string, number | undefined>>;
}

const LABEL_WIDTH = 150;
const PLOT_WIDTH = 380;
const VALUE_WIDTH = 50;
const BAR_HEIGHT = 12;
const BAR_GAP = 2;
const GROUP_GAP = 12;
const AXIS_HEIGHT = 18;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

/**
 * A grouped horizontal bar chart as inline SVG: one group per metric, one bar per series. Built
 * here rather than by a chart library so the webview needs no script and no remote resource;
 * colours come from classes the stylesheet maps to VS Code's theme variables, because a CSP without
 * 'unsafe-inline' drops style attributes.
 */
export function metricsChartSvg(options: {
  title: string;
  keys: readonly string[];
  series: readonly ChartSeries[];
}): string {
  const { title, keys, series } = options;
  if (keys.length === 0 || series.length === 0) return '';
  const largest = Math.max(1, ...series.flatMap((entry) => keys.map((key) => entry.values[key] ?? 0)));
  const scale = (value: number): number => (Math.max(0, value) / largest) * PLOT_WIDTH;
  const groupHeight = series.length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP;
  const height = keys.length * (groupHeight + GROUP_GAP) + AXIS_HEIGHT;
  const width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH;
  const plotBottom = height - AXIS_HEIGHT;

  const grid = TICKS.map((tick) => tick * largest)
    .map((value) => {
      const x = LABEL_WIDTH + scale(value);
      return (
        `<line class="grid" x1="${x}" y1="0" x2="${x}" y2="${plotBottom}"/><text class="tick" x="${x}" ` +
        `y="${plotBottom + 13}" text-anchor="middle">${formatShare(value)}</text>`
      );
    })
    .join('');
  const groups = keys
    .map((key, groupIndex) => {
      const top = groupIndex * (groupHeight + GROUP_GAP);
      const bars = series
        .map((entry, seriesIndex) => {
          const value = entry.values[key];
          const y = top + seriesIndex * (BAR_HEIGHT + BAR_GAP);
          const barWidth = value === undefined ? 0 : Math.max(scale(value), value > 0 ? 1 : 0);
          const label = value === undefined ? '–' : formatShare(value);
          const tooltip = escapeHtml(`${entry.name} ${metricLabel(key)}: ${label}`);
          const valueX = (LABEL_WIDTH + barWidth + 4).toFixed(1);
          return (
            `<rect class="bar series-${seriesIndex % 6}" x="${LABEL_WIDTH}" y="${y}" ` +
            `width="${barWidth.toFixed(1)}" height="${BAR_HEIGHT}"><title>${tooltip}</title></rect><text ` +
            `class="value" x="${valueX}" y="${y + BAR_HEIGHT - 2}">${label}</text>`
          );
        })
        .join('');
      return (
        `<text class="label" x="${LABEL_WIDTH - 8}" y="${top + groupHeight / 2 + 4}" ` +
        `text-anchor="end">${escapeHtml(metricLabel(key))}</text>${bars}`
      );
    })
    .join('');
  const shareText = (value: number | undefined): string => (value === undefined ? 'none' : formatShare(value));
  const description = series
    .map(
      (entry) =>
        `${entry.name}: ${keys.map((key) => `${metricLabel(key)} ${shareText(entry.values[key])}`).join(', ')}`,
    )
    .join('; ');
  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" ` +
    `aria-label="${escapeHtml(`${title}. ${description}`)}" ` +
    `xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>${grid}<line class="axis" ` +
    `x1="${LABEL_WIDTH}" y1="0" x2="${LABEL_WIDTH}" y2="${plotBottom}"/>${groups}</svg>`
  );
}

/** The HTML legend shared by a chart and its table: a swatch per series in the chart's colours. */
export function chartLegend(names: readonly string[]): string {
  const swatch = (index: number): string => `<span class="swatch series-${index % 6}" aria-hidden="true"></span>`;
  const items = names.map((name, index) => `<li>${swatch(index)}${escapeHtml(name)}</li>`);
  return `<ul class="legend">${items.join('')}</ul>`;
}

/** `precision_at_3` → `precision@3`, `specific_hit_at_1` → `specific hit@1`. */
export function metricLabel(key: string): string {
  return key.replace(/_at_(\d+)/g, '@$1').replace(/_/g, ' ');
}

export function formatShare(value: number): string {
  return value.toFixed(value !== 0 && Math.abs(value) < 0.1 ? 3 : 2);
}
