/**
 * Generates a git repository with known structure, at scale, through one `git fast-import`
 * stream (thousands of commits in a second or two):
 * - subsystems `src/<area>/<module>.ts`, each module with its test `test/<area>/<module>.test.ts`
 *   (changed with it in `testRate` of commits) and a doc `docs/<area>.md` (in `docRate`);
 *   areas are picked with a skewed (Zipf-like) distribution, as real hot spots are;
 * - Conventional Commits subjects `type(area): verb <area words> in <module>`, each area with its
 *   own vocabulary, so commit messages carry signal for skill retrieval;
 * - noise: unrelated one-off files, vague "wip" subjects, cross-cutting config changes;
 * - trivial commits the classifier must drop: lockfile-only, formatting sweeps, bulk moves of
 *   60+ files, merges of topic branches;
 * - a *late* subsystem (`src/payments/`) that appears only after `lateStart` of the history, a
 *   regularity no learner may know before it exists.
 * The tag `eval-split` marks the commit at `splitFraction` of the history.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface GeneratedRepoOptions {
  commits: number;
  seed: number;
  splitFraction: number;
  lateStart: number;
  testRate: number;
  docRate: number;
  /** Test layout: mirrored `test/` folder or `.test.ts` next to the source. */
  layout: 'mirrored' | 'colocated';
  /** Share of commits with a Conventional Commits subject. */
  conventionalRate: number;
}

export const DEFAULT_GENERATED: GeneratedRepoOptions = {
  commits: 5000,
  seed: 7,
  splitFraction: 0.7,
  lateStart: 0.8,
  testRate: 0.8,
  docRate: 0.3,
  layout: 'mirrored',
  conventionalRate: 0.9,
};

const AREAS: Record<string, string[]> = {
  parser: ['token', 'lexer', 'grammar', 'syntax', 'ast'],
  render: ['html', 'template', 'markup', 'escape', 'layout'],
  auth: ['login', 'session', 'password', 'oauth', 'token'],
  storage: ['disk', 'cache', 'blob', 'bucket', 'quota'],
  search: ['index', 'query', 'ranking', 'stemming', 'facet'],
  network: ['socket', 'retry', 'timeout', 'proxy', 'dns'],
  cli: ['flag', 'argv', 'usage', 'prompt', 'exit'],
  metrics: ['counter', 'histogram', 'gauge', 'export', 'label'],
  i18n: ['locale', 'translation', 'plural', 'unicode', 'format'],
  scheduler: ['cron', 'job', 'queue', 'worker', 'backoff'],
};
const LATE_AREA = 'payments';
const LATE_WORDS = ['invoice', 'refund', 'currency', 'charge', 'stripe'];
const TYPES = ['feat', 'fix', 'fix', 'refactor', 'perf', 'test'];
const VERBS = ['handle', 'support', 'improve', 'fix', 'rework', 'speed up', 'validate'];
const MODULES = 6;

/** Builds (or reuses, when `dir` already holds one) the repository; returns its path. */
export function generateRepo(dir: string, partial: Partial<GeneratedRepoOptions> = {}, reuse = true): string {
  const options = { ...DEFAULT_GENERATED, ...partial };
  if (reuse && existsSync(join(dir, '.git'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: fastImportStream(options), maxBuffer: 1 << 30 });
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
  return dir;
}

export function fastImportStream(options: GeneratedRepoOptions): string {
  let state = options.seed >>> 0 || 1;
  const random = (): number => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const areaNames = Object.keys(AREAS);
  // Zipf-like weights: area i is picked in proportion to 1 / (i + 1).
  const weights = areaNames.map((_, index) => 1 / (index + 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const pickArea = (): string => {
    let roll = random() * totalWeight;
    for (const [index, weight] of weights.entries()) if ((roll -= weight) <= 0) return areaNames[index] as string;
    return areaNames[0] as string;
  };
  const revision = new Map<string, number>();
  const content = (path: string): string => {
    const next = (revision.get(path) ?? 0) + 1;
    revision.set(path, next);
    return `// ${path}\nexport const revision = ${next};\n`;
  };
  const testPath = (area: string, module: string): string =>
    options.layout === 'mirrored' ? `test/${area}/${module}.test.ts` : `src/${area}/${module}.test.ts`;

  const parts: string[] = [];
  let mark = 0;
  let time = 1_600_000_000;
  const emit = (branch: string, subject: string, files: Map<string, string>, from?: number, merge?: number): number => {
    mark++;
    time += 3600 + Math.floor(random() * 7200);
    parts.push(
      `commit refs/heads/${branch}\nmark :${mark}\ncommitter Gen ` +
        `<gen@example.com> ${time} +0000\ndata ${Buffer.byteLength(subject)}\n${subject}\n`,
    );
    if (from) parts.push(`from :${from}\n`);
    if (merge) parts.push(`merge :${merge}\n`);
    for (const [path, text] of files) parts.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}\n`);
    parts.push('\n');
    return mark;
  };
  const featureFiles = (area: string, late: boolean): { files: Map<string, string>; module: string } => {
    const files = new Map<string, string>();
    const module = `${area}${Math.floor(random() * MODULES)}`;
    const modules = random() < 0.3 ? [module, `${area}${Math.floor(random() * MODULES)}`] : [module];
    for (const name of modules) {
      files.set(`src/${area}/${name}.ts`, '');
      if (random() < options.testRate) files.set(testPath(area, name), '');
    }
    if (random() < (late ? 0.9 : options.docRate)) files.set(`docs/${area}.md`, '');
    if (random() < 0.15) files.set(`misc/note${Math.floor(random() * 400)}.txt`, '');
    for (const path of files.keys()) files.set(path, content(path));
    return { files, module };
  };
  const subjectFor = (area: string, words: readonly string[], module: string): string =>
    random() < options.conventionalRate
      ? `${pick(TYPES)}(${area}): ${pick(VERBS)} ${pick(words)} ${pick(words)} in ${module}`
      : pick(['wip', 'misc fixes', 'update stuff', `tweak ${module}`]);

  let head = emit(
    'main',
    'chore: initial layout',
    new Map([
      ['README.md', '# generated\n'],
      ['package.json', '{"name":"generated","scripts":{"test":"node --test"}}\n'],
    ]),
  );
  const splitAt = Math.floor(options.commits * options.splitFraction);
  for (let index = 2; index <= options.commits; index++) {
    const late = index >= options.commits * options.lateStart;
    const roll = random();
    if (late && roll < 0.15) {
      const { files, module } = featureFiles(LATE_AREA, true);
      head = emit('main', subjectFor(LATE_AREA, LATE_WORDS, module), files, head);
    } else if (roll < 0.72) {
      const area = pickArea();
      const { files, module } = featureFiles(area, false);
      head = emit('main', subjectFor(area, AREAS[area] as string[], module), files, head);
    } else if (roll < 0.82) {
      const files = new Map([[`misc/note${Math.floor(random() * 400)}.txt`, '']]);
      if (random() < 0.4) files.set(`scripts/tool${Math.floor(random() * 30)}.sh`, '');
      for (const path of files.keys()) files.set(path, content(path));
      head = emit('main', pick(['wip', 'chore: housekeeping', 'misc', 'update notes']), files, head);
    } else if (roll < 0.88) {
      const files = new Map([
        ['src/core/config.ts', ''],
        ['CHANGELOG.md', ''],
      ]);
      for (const path of files.keys()) files.set(path, content(path));
      head = emit('main', `chore(config): ${pick(['bump defaults', 'add option', 'rename setting'])}`, files, head);
    } else if (roll < 0.92) {
      head = emit(
        'main',
        'chore(deps): refresh lockfile',
        new Map([['package-lock.json', content('package-lock.json')]]),
        head,
      );
    } else if (roll < 0.97) {
      const area = pickArea();
      const { files, module } = featureFiles(area, false);
      const side = emit(`topic${index}`, subjectFor(area, AREAS[area] as string[], module), files, head);
      head = emit('main', `Merge branch 'topic${index}'`, new Map(), head, side);
    } else if (roll < 0.985) {
      const files = new Map<string, string>();
      for (const area of areaNames)
        for (let module = 0; module < MODULES; module++) files.set(`src/${area}/${area}${module}.ts`, '');
      for (const path of [...files.keys()].slice(0, 24)) files.set(path, content(path));
      for (const path of [...files.keys()].slice(24)) files.delete(path);
      head = emit('main', 'style: prettier format', files, head);
    } else {
      const files = new Map<string, string>();
      for (let n = 0; n < 60; n++) files.set(`assets/icons/icon${n}.svg`, content(`assets/icons/icon${n}.svg`));
      head = emit('main', 'chore: import icon set', files, head);
    }
    if (index === splitAt) parts.push(`reset refs/tags/eval-split\nfrom :${head}\n\n`);
  }
  return parts.join('');
}
