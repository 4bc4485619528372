/**
 * Matching at library scale: 10,000 generated skills of realistic size (a name, a one-line
 * description, a 150–350 word body with paths, commands and identifiers). Times index building
 * and 1,000 queries, and compares with MiniSearch (BM25+, the well-known JS full-text library)
 * on the same data in the same run: latency ratios and how often both agree on the top 5.
 */
import MiniSearch from 'minisearch';
import { mulberry32 } from '../src/core/eval/libraryRetrieval';
import { buildSkillIndex } from '../src/core/matching/skillIndex';
import type { MatchableSkill } from '../src/core/matching/matchTypes';

const SKILLS = 10_000;
const QUERIES = 1_000;
const K = 5;

const AREAS = [
  'api',
  'web',
  'worker',
  'billing',
  'auth',
  'search',
  'payments',
  'orders',
  'inventory',
  'notifications',
  'analytics',
  'admin',
  'mobile',
  'infra',
  'reports',
  'users',
  'catalog',
  'shipping',
  'checkout',
  'ledger',
];
const TOOLS = [
  'vitest',
  'jest',
  'playwright',
  'knex',
  'prisma',
  'docker',
  'terraform',
  'kubectl',
  'helm',
  'pnpm',
  'eslint',
  'prettier',
  'tsc',
  'esbuild',
  'webpack',
  'redis',
  'postgres',
  'kafka',
  'bullmq',
  'stripe',
  'sentry',
  'grafana',
  'pino',
  'zod',
  'graphql',
  'openapi',
  'storybook',
  'i18next',
  'cypress',
  'nx',
];
const ACTIONS = [
  'add',
  'migrate',
  'test',
  'debug',
  'deploy',
  'configure',
  'refactor',
  'profile',
  'cache',
  'validate',
  'release',
  'rollback',
  'seed',
  'index',
  'monitor',
  'retry',
  'rename',
  'document',
  'upgrade',
  'secure',
];
const OBJECTS = [
  'endpoint',
  'table',
  'column',
  'component',
  'job',
  'queue',
  'webhook',
  'schema',
  'migration',
  'flag',
  'template',
  'route',
  'hook',
  'service',
  'repository',
  'resolver',
  'dashboard',
  'alert',
  'index',
  'snapshot',
  'fixture',
  'config',
  'secret',
  'cron',
  'report',
];
const WORDS = (
  'always never before after when unless every file folder module package function class interface type ' +
  'value request response error failure success timeout retry limit batch stream buffer payload header cookie ' +
  'session token user account order invoice price tax currency amount total item cart product stock warehouse ' +
  'carrier label address email message event topic consumer producer partition offset cluster node pod replica ' +
  'volume image container build pipeline job stage cache key ttl lock mutex transaction commit rollback query ' +
  'plan index scan join filter sort page cursor offset snapshot fixture mock stub spy assertion coverage lint ' +
  'format style import export default named barrel path alias env variable setting option flag toggle rollout ' +
  'metric trace span log level sample'
).split(' ');

export function generate(): MatchableSkill[] {
  const random = mulberry32(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const camel = (a: string, b: string): string => `${a}${b.charAt(0).toUpperCase()}${b.slice(1)}`;
  const twoWords = (): string => `${pick(WORDS)} ${pick(WORDS)}`;
  const skills: MatchableSkill[] = [];
  for (let i = 0; i < SKILLS; i++) {
    const [area, tool, action, object] = [pick(AREAS), pick(TOOLS), pick(ACTIONS), pick(OBJECTS)];
    const name = `${action}-${area}-${object}-${i}`;
    const lines = [`## When to use`, `When you ${action} a ${object} in the ${area} package with ${tool}.`, `## Steps`];
    const steps = 5 + Math.floor(random() * 8);
    for (let s = 0; s < steps; s++) {
      const words = Array.from({ length: 12 + Math.floor(random() * 14) }, () => pick(WORDS));
      lines.push(
        `${s + 1}. Run \`pnpm ${pick(TOOLS)} ${pick(ACTIONS)}\` in packages/${area}/src/${pick(OBJECTS)}s/ then ` +
          `call \`${camel(pick(ACTIONS), pick(OBJECTS))}()\`: ${words.join(' ')}.`,
      );
    }
    lines.push(
      '## Pitfalls',
      `- Never ${pick(ACTIONS)} the ${pick(OBJECTS)} without ${twoWords()}; ${pick(TOOLS)} reports ${twoWords()}.`,
    );
    skills.push({
      name,
      description: `${action} a ${object} in ${area} using ${tool}: ${twoWords()} and ${twoWords()}.`,
      body: lines.join('\n'),
      scope: [`packages/${area}/**`],
    });
  }
  return skills;
}

/**
 * Each query is drawn from one skill (its source) the way a task relates to a skill: two or
 * three of the words that say what it is about (action, area, object, tool) plus two to four
 * words or identifiers from its body, phrased like a request.
 */
export function queriesFor(skills: readonly MatchableSkill[]): { text: string; source: string }[] {
  const random = mulberry32(7);
  return Array.from({ length: QUERIES }, () => {
    const skill = skills[Math.floor(random() * skills.length)] as MatchableSkill;
    const about =
      skill.description
        .split(':')[0]
        ?.split(/\W+/)
        .filter((word) => word.length > 2) ?? [];
    const body = skill.body.split(/[^\w]+/).filter((word) => word.length > 2);
    const chosen = [
      ...Array.from({ length: 2 + Math.floor(random() * 2) }, () => about[Math.floor(random() * about.length)]),
      ...Array.from({ length: 2 + Math.floor(random() * 3) }, () => body[Math.floor(random() * body.length)]),
    ];
    return { text: `how do we ${chosen.join(' ')}`, source: skill.name };
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

function timeQueries(
  queries: readonly string[],
  run: (query: string) => string[],
): { median: number; p99: number; results: string[][] } {
  // Warm up the JIT and let the collector clear index-building garbage before timing.
  for (const query of queries.slice(0, 200)) run(query);
  const times: number[] = [];
  const results: string[][] = [];
  for (const query of queries) {
    const start = performance.now();
    results.push(run(query));
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p99: percentile(times, 0.99), results };
}

export async function run(): Promise<void> {
  const skills = generate();
  const tasks = queriesFor(skills);
  const queries = tasks.map((task) => task.text);
  const bytes = skills.reduce((sum, skill) => sum + skill.body.length, 0);
  process.stdout.write(`${SKILLS} skills, mean body ${Math.round(bytes / SKILLS)} chars; ${QUERIES} queries, k=${K}\n`);

  let start = performance.now();
  const index = buildSkillIndex(skills);
  const oursBuild = performance.now() - start;

  start = performance.now();
  const mini = new MiniSearch<MatchableSkill & { id: number }>({
    fields: ['name', 'description', 'body'],
    storeFields: ['name'],
    searchOptions: { boost: { name: 2.5, description: 2 } },
  });
  mini.addAll(skills.map((skill, id) => ({ ...skill, id })));
  const miniBuild = performance.now() - start;

  const ours = timeQueries(queries, (query) => index.match({ text: query }, K).map((result) => result.name));
  const theirs = timeQueries(queries, (query) =>
    mini
      .search(query)
      .slice(0, K)
      .map((hit) => String(hit.name)),
  );

  let shared = 0;
  let topAgree = 0;
  let oursFound = 0;
  let theirsFound = 0;
  for (let i = 0; i < QUERIES; i++) {
    const source = tasks[i]?.source;
    if (ours.results[i]?.includes(source ?? '')) oursFound++;
    if (theirs.results[i]?.includes(source ?? '')) theirsFound++;
    const a = ours.results[i] ?? [];
    const b = new Set(theirs.results[i] ?? []);
    shared += a.filter((name) => b.has(name)).length;
    if (a[0] !== undefined && a[0] === (theirs.results[i] ?? [])[0]) topAgree++;
  }
  const ms = (value: number): string => `${value.toFixed(3)} ms`;
  process.stdout.write(
    [
      `index build: ours ${ms(oursBuild)}, MiniSearch ${ms(miniBuild)}  → ours/MiniSearch ` +
        `= ${(oursBuild / miniBuild).toFixed(2)}`,
      `query median: ours ${ms(ours.median)}, MiniSearch ${ms(theirs.median)}  → ` +
        `ratio ${(ours.median / theirs.median).toFixed(2)}  (target ≤ 1 ` +
        `ms: ${ours.median <= 1 ? 'met' : 'MISSED'})`,
      `query p99:    ours ${ms(ours.p99)}, MiniSearch ${ms(theirs.p99)}  → ` +
        `ratio ${(ours.p99 / theirs.p99).toFixed(2)}  (target ≤ 5 ms: ${ours.p99 <= 5 ? 'met' : 'MISSED'})`,
      `top-5 agreement with MiniSearch: ${((shared / (QUERIES * K)) * 100).toFixed(1)}% of result slots; same ` +
        `top-1 in ${((topAgree / QUERIES) * 100).toFixed(1)}% of queries`,
      `query's source skill in top 5: ours ${((oursFound / QUERIES) * 100).toFixed(1)}%, ` +
        `MiniSearch ${((theirsFound / QUERIES) * 100).toFixed(1)}%`,
      '',
    ].join('\n'),
  );
}
