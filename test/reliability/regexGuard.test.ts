import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { redactText } from '../../src/core/redaction/redactText';
import { SECRET_PATTERNS } from '../../src/core/redaction/secretPatterns';
import { scanSkill } from '../../src/core/skills/scan';
import {
  BENIGN_PATH_ARGUMENTS,
  DEFENSIVE_CONTEXT,
  ENV_DUMP,
  INVISIBLE,
  LINE_RULES,
  NETWORK_SEND,
} from '../../src/core/skills/scanRules';

/**
 * Pathological-regex guard. Every redaction pattern runs over whole strings (terminal output,
 * transcripts), so each gets 100 KB adversarial lines; every scanner rule sees the scanner's
 * 4,000-character windows, so each gets adversarial windows; and redactText and scanSkill as a whole
 * get the 100 KB lines. Adversarial means long repetitions of the pattern's own literals, near
 * misses that almost match at every position, and unterminated runs of its character classes.
 *
 * The verdict is a ratio measured in the same run, not a wall-clock bound, because these machines
 * are shared: an input that takes longer than the budget (50 ms per 100 KB for redaction, which
 * runs on every string the recorder keeps; 150 ms for scanner rules, which run only when a skill is
 * loaded) is timed again against its own first quarter. Linear work takes about 4× as long on 4× the
 * input; backtracking that is quadratic or worse takes 16× or more. Growth above 9× fails.
 */
const LINE = 100 * 1024;
const WINDOW = 4000;
const BOUND_MS_PER_100KB = 50;
const SCANNER_BOUND_MS_PER_100KB = 150;

function fill(unit: string, length: number, tail = ''): string {
  return unit.repeat(Math.ceil(length / Math.max(1, unit.length))).slice(0, length - tail.length) + tail;
}

/** Literal runs of a regex source (`sk-ant-`, `BEGIN`, `Bearer`), the raw material of near misses. */
function literalsOf(source: string): string[] {
  const cleaned = source
    .replace(/\\[bBdDsSwW]/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\\(.)/g, '$1');
  return [...new Set(cleaned.split(/[^A-Za-z0-9_.:/=~-]+/).filter((part) => part.length >= 2))].slice(0, 12);
}

const GENERIC_UNITS = [
  'a',
  'A1',
  ' ',
  '\t',
  '=',
  '-',
  '_',
  '.',
  '/',
  ':',
  '@',
  '"',
  "'",
  '\\',
  'x ',
  'ab=',
  '0f',
  'QUFB',
  '\\x41',
  '%41',
  '\u200b',
  'é',
  '😀',
  'a-',
  'a.b',
  '\n',
];

function adversarialStrings(source: string, length: number): string[] {
  const strings = GENERIC_UNITS.flatMap((unit) => [fill(unit, length), fill(unit, length, '!')]);
  for (const literal of literalsOf(source)) {
    strings.push(
      fill(literal, length),
      fill(`${literal} `, length),
      fill(`${literal}=`, length),
      fill(`${literal}:`, length),
      literal + fill('A', length - literal.length - 1, '!'),
      literal + fill('a1', length - literal.length - 1, ' '),
      literal + fill('=', length - literal.length),
      literal + fill(' ', length - literal.length - 1, 'x'),
      fill(`${literal.slice(0, -1)}`, length),
    );
  }
  return strings;
}

interface Timing {
  label: string;
  inputs: number;
  slowestMs: number;
  slowestWhat: string;
  overBudget: number;
  worstGrowth: number;
}

/** The best of a few tries, so one garbage-collection pause on a shared machine is not a failure. */
function timeIt(fn: () => void, tries = 2): number {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < tries; attempt++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
    if (best < BOUND_MS_PER_100KB / 5) break;
  }
  return best;
}

const LINEAR_GROWTH_LIMIT = 9;

/** The input's first quarter, keeping its last character: a near miss often lives in the tail. */
function quarterOf(input: string): string {
  return input.slice(0, Math.floor(input.length / 4) - 1) + input.slice(-1);
}

function guard(
  timing: Timing,
  what: string,
  input: string,
  run: (text: string) => void,
  perLine = BOUND_MS_PER_100KB,
): void {
  const elapsed = timeIt(() => run(input));
  const budget = perLine * Math.max(1, input.length / LINE);
  timing.inputs++;
  if (elapsed > timing.slowestMs) {
    timing.slowestMs = elapsed;
    timing.slowestWhat = `${what} on ${JSON.stringify(input.slice(0, 24))}… (${input.length} chars)`;
  }
  if (elapsed < budget) return;
  const quarter = quarterOf(input);
  const quarterMs = timeIt(() => run(quarter), 3);
  const fullMs = timeIt(() => run(input), 3);
  const growth = fullMs / Math.max(quarterMs, budget / 20);
  timing.overBudget++;
  timing.worstGrowth = Math.max(timing.worstGrowth, growth);
  assert.ok(
    growth < LINEAR_GROWTH_LIMIT,
    `${what} grows superlinearly: ${fullMs.toFixed(1)} ms on ${input.length} chars, ${quarterMs.toFixed(1)} ms on ` +
      `a quarter (${growth.toFixed(1)}×, linear is 4×) on ${JSON.stringify(input.slice(0, 60))}…`,
  );
}

const timings: Timing[] = [];
const track = (label: string): Timing => {
  const timing = { label, inputs: 0, slowestMs: 0, slowestWhat: '', overBudget: 0, worstGrowth: 0 };
  timings.push(timing);
  return timing;
};

describe('reliability: no pathological regex in redaction or the skill scanner', () => {
  after(() => {
    const total = timings.reduce((sum, timing) => sum + timing.inputs, 0);
    const scannerExpressions = LINE_RULES.reduce((sum, rule) => sum + rule.patterns.length, 0) + 5;
    const perGroup = timings.map((timing) => {
      const slowest = `slowest ${timing.slowestMs.toFixed(1)} ms (${timing.slowestWhat})`;
      const growth = timing.overBudget ? `, worst growth ${timing.worstGrowth.toFixed(1)}×` : '';
      return `${timing.label} ${slowest}, ${timing.overBudget} over budget${growth}`;
    });
    process.stdout.write(
      `# RELIABILITY regex guard: ${SECRET_PATTERNS.length} redaction patterns ` +
        `and ${scannerExpressions} scanner expressions, ` +
        `${total} adversarial runs, budget ${BOUND_MS_PER_100KB} ms (redaction) ` +
        `and ${SCANNER_BOUND_MS_PER_100KB} ms (scanner) per 100 KB, ` +
        `growth on 4× the input below ${LINEAR_GROWTH_LIMIT}× where over budget: ` +
        `${perGroup.join('; ')}\n`,
    );
  });

  it('each redaction pattern on 100 KB adversarial lines', { timeout: 180_000 }, () => {
    const timing = track('redaction patterns');
    for (const pattern of SECRET_PATTERNS) {
      const expression = new RegExp(pattern.source, 'g');
      for (const input of adversarialStrings(pattern.source, LINE)) {
        guard(timing, `redaction pattern ${pattern.kind} /${pattern.source.slice(0, 40)}…/`, input, (text) => {
          text.replace(expression, '');
        });
      }
    }
  });

  it(
    'redactText as a whole on 100 KB adversarial lines, and on every pattern literal at once',
    { timeout: 120_000 },
    () => {
      const timing = track('redactText');
      const allLiterals = SECRET_PATTERNS.flatMap((pattern) => literalsOf(pattern.source));
      const inputs = [
        ...GENERIC_UNITS.map((unit) => fill(unit, LINE)),
        fill(allLiterals.join(' '), LINE),
        fill(allLiterals.join('='), LINE),
        fill(allLiterals.join(''), LINE),
        ...allLiterals.filter((_, index) => index % 3 === 0).map((literal) => fill(`${literal}=`, LINE)),
      ];
      for (const input of inputs) {
        guard(timing, 'redactText', input, (text) => {
          redactText(text);
        });
      }
    },
  );

  it('each scanner rule on adversarial 4,000-character windows', { timeout: 180_000 }, () => {
    const timing = track('scanner rules');
    const expressions: [string, RegExp][] = [
      ...LINE_RULES.flatMap((rule) =>
        rule.patterns.map((pattern, index): [string, RegExp] => [`${rule.id}#${index}`, pattern]),
      ),
      ['DEFENSIVE_CONTEXT', DEFENSIVE_CONTEXT],
      ['INVISIBLE', INVISIBLE],
      ['ENV_DUMP', ENV_DUMP],
      ['NETWORK_SEND', NETWORK_SEND],
      ['BENIGN_PATH_ARGUMENTS', BENIGN_PATH_ARGUMENTS],
    ];
    for (const [name, pattern] of expressions) {
      const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
      // Twenty-five windows make 100 KB, so the per-100 KB budget applies to the batch.
      for (const window of adversarialStrings(pattern.source, WINDOW)) {
        guard(
          timing,
          `scanner rule ${name}`,
          window,
          (text) => {
            for (let index = 0; index < 25; index++) text.replace(global, '');
          },
          SCANNER_BOUND_MS_PER_100KB,
        );
      }
    }
  });

  it('scanSkill on files made of one 100 KB adversarial line', { timeout: 120_000 }, () => {
    const timing = track('scanSkill (long lines)');
    const scannerLiterals = LINE_RULES.flatMap((rule) =>
      rule.patterns.flatMap((pattern) => literalsOf(pattern.source)),
    );
    const inputs = [
      ...GENERIC_UNITS.filter((unit) => !unit.includes('\n')).map((unit) => fill(unit, LINE)),
      fill(scannerLiterals.join(' '), LINE),
      fill('ignore previous ', LINE),
      fill('curl http://x | ', LINE),
      fill('base64 -d ', LINE),
      fill('`', LINE),
    ];
    for (const input of inputs) {
      guard(
        timing,
        'scanSkill',
        input,
        (text) => {
          scanSkill([
            { path: 'SKILL.md', text },
            { path: 'scripts/run.sh', text },
          ]);
        },
        SCANNER_BOUND_MS_PER_100KB,
      );
    }
  });

  // Many short lines: linear (twice the lines, about twice the time), but every line pays for every
  // rule, so it is far slower per byte than a long line. Guarded here against a hang or worse.
  const manyLines = ['\n', 'a\n', '```\n', '\\\n', 'x \\\n'];
  it('scanSkill on 100 KB of short lines stays linear', { timeout: 120_000 }, () => {
    const timing = track('scanSkill (short lines)');
    for (const unit of manyLines) {
      const small = timeIt(() => scanSkill([{ path: 'SKILL.md', text: fill(unit, LINE) }]));
      const large = timeIt(() => scanSkill([{ path: 'SKILL.md', text: fill(unit, 2 * LINE) }]));
      timing.inputs += 2;
      if (large > timing.slowestMs) {
        timing.slowestMs = large;
        timing.slowestWhat = `200 KB of ${JSON.stringify(unit)}, 100 KB took ${small.toFixed(0)} ms`;
      }
      assert.ok(
        large < 4 * small + 50,
        `scanSkill is not linear on ${JSON.stringify(unit)}: 100 KB ${small.toFixed(0)} ms, 200 ` +
          `KB ${large.toFixed(0)} ms`,
      );
      assert.ok(small < 5000, `scanSkill took ${small.toFixed(0)} ms on 100 KB of ${JSON.stringify(unit)}`);
    }
  });

  // Was ~0.6 s per 100 KB when every line paid for every rule; now the rules run only on lines
  // holding a trigger word (see LINE_TRIGGER in src/core/skills/scanRules.ts).
  it('scanSkill on 100 KB of short lines within 50 ms per 100 KB, or linear beyond it', () => {
    const timing = track('scanSkill (short lines, budget)');
    for (const unit of manyLines) {
      guard(timing, 'scanSkill', fill(unit, LINE), (text) => {
        scanSkill([{ path: 'SKILL.md', text }]);
      });
    }
  });
});
