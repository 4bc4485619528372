import { composePattern } from '../../../src/core/util/patterns';

/**
 * Figures that belong in a candidate's statistics, not in the instructions: percentages, "N of M",
 * raw support/confidence/lift, bare counts in parentheses and "N×", and counted evidence ("46
 * commits changed…"). Code blocks and inline code are left out, so `t.plan(1)` or a commit
 * subject's "(#7427)" is not mistaken for one.
 */
/** What a counted piece of evidence counts: "46 commits", "3 recorded runs", "12 files in the tree". */
const COUNTED_THINGS = [
  'commits?',
  'runs?',
  'episodes?',
  'corrections?',
  'declared commands?',
  'test files?',
  'sampled files?',
  'files? (in the tree|follow|do)',
  'times',
];

const FIGURES: ReadonlyArray<[string, RegExp]> = [
  ['percentage', /\b\d+(\.\d+)?\s?%/],
  ['n of m', /\b\d+\s+(of|out of)\s+(the\s+)?\d+\b/i],
  ['support/confidence/lift', /\b(support|confidence|lift)\b\s*[:=(]?\s*\d/i],
  ['count in parentheses', /\(\s*\d+\s*(×|x|times)?\s*\)/],
  ['times', /\b\d+\s*×/],
  [
    'counted evidence',
    composePattern([String.raw`\b\d+\s+(recorded\s+)?(`, COUNTED_THINGS.join('|'), String.raw`)\b`], 'i'),
  ],
];

export function statisticsInBody(body: string): string[] {
  const prose = body.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '``');
  const found: string[] = [];
  for (const line of prose.split('\n')) {
    for (const [kind, pattern] of FIGURES) {
      const match = pattern.exec(line);
      if (match) found.push(`${kind}: "${match[0]}" in "${line.trim()}"`);
    }
  }
  return found;
}
