/**
 * A 30-commit repository for commit-replay tests: services that log through the internal
 * `logEvent` helper (the lesson a replay should learn), unrelated fixes, and commits a replay must
 * skip (a lockfile bump, a formatting sweep, a merge).
 */
import { createTempRepo, type TempRepo } from '../git/tempRepo';

export interface ReplayRepo {
  repo: TempRepo;
  /** Every commit, oldest first. */
  all: string[];
  /** Commits whose change uses logEvent (the evidence the lesson must cite). */
  logEventCommits: string[];
  /** Commits the replay must skip, with the reason. */
  skipped: Map<string, string>;
}

export function buildReplayRepo(extra: { secretFile?: string; hostileMessage?: string } = {}): ReplayRepo {
  const repo = createTempRepo('sw-replay-');
  const all: string[] = [];
  const logEventCommits: string[] = [];
  const skipped = new Map<string, string>();
  const commit = (message: string, files: Record<string, string>): string => {
    const hash = repo.commit(message, { files });
    all.push(hash);
    return hash;
  };
  commit('chore: initial project', {
    'src/log.ts':
      'export function logEvent(name: string, data: Record<string, unknown> = {}): void {\n  ' +
      "process.stdout.write(JSON.stringify({ name, ...data }) + '\\n');\n}\n",
    'src/util/strings.ts': 'export function trim(value: string): string {\n  return value.trim();\n}\n',
    'src/index.ts': 'export const services: string[] = [];\n',
    'package.json': '{ "name": "demo" }\n',
  });
  let strings = 'export function trim(value: string): string {\n  return value.trim();\n}\n';
  let index = 'export const services: string[] = [];\n';
  for (let n = 1; n <= 8; n++) {
    index += `services.push('svc${n}');\n`;
    logEventCommits.push(
      commit(`feat: add service ${n}`, {
        [`src/services/svc${n}.ts`]:
          `import { logEvent } from '../log';\n\nexport function run${n}(input: ` +
          `string): string {\n  logEvent('svc${n}.run', { input });\n  return input;\n}\n`,
        'src/index.ts': index,
      }),
    );
    strings += `\nexport function helper${n}(value: string): string {\n  return value.padStart(${n});\n}\n`;
    commit(`fix: pad helper ${n}`, { 'src/util/strings.ts': strings });
  }
  skipped.set(commit('chore: bump lockfile', { 'package-lock.json': '{ "lockfileVersion": 3 }\n' }), 'lockfile-only');
  const sweep: Record<string, string> = {};
  for (let n = 1; n <= 8; n++) {
    sweep[`src/services/svc${n}.ts`] =
      `import { logEvent } from "../log";\n\nexport function run${n}(input: string): string {\n  ` +
      `logEvent("svc${n}.run", { input });\n  return input;\n}\n`;
  }
  skipped.set(commit('style: prettier format everything', sweep), 'formatting');
  // A side branch merged back: the merge itself teaches nothing.
  repo.git('checkout', '-q', '-b', 'side');
  commit('docs: add readme', { 'README.md': '# demo\n' });
  repo.git('checkout', '-q', 'main');
  commit('fix: trim helper handles null', {
    'src/util/strings.ts': strings.replace('return value.trim();', "return (value ?? '').trim();"),
  });
  const previous = { date: process.env.GIT_COMMITTER_DATE, author: process.env.GIT_AUTHOR_DATE };
  process.env.GIT_COMMITTER_DATE = process.env.GIT_AUTHOR_DATE = '@1800000000 +0000';
  try {
    repo.git('merge', '-q', '--no-ff', '-m', 'Merge branch side', 'side');
  } finally {
    restore('GIT_COMMITTER_DATE', previous.date);
    restore('GIT_AUTHOR_DATE', previous.author);
  }
  const merge = repo.git('rev-parse', 'HEAD');
  all.push(merge);
  skipped.set(merge, 'merge');
  for (let n = 9; all.length < 29; n++) {
    strings += `\nexport function helper${n}(value: string): string {\n  return value.padEnd(${n});\n}\n`;
    commit(`feat: helper ${n}`, { 'src/util/strings.ts': strings });
  }
  const lastFiles: Record<string, string> = {
    'src/services/svc9.ts':
      "import { logEvent } from '../log';\n\nexport function run9(input: string): string {\n  " +
      "logEvent('svc9.run', { input });\n  return input;\n}\n",
  };
  if (extra.secretFile) lastFiles['src/config.ts'] = extra.secretFile;
  logEventCommits.push(commit(extra.hostileMessage ?? 'feat: add service 9', lastFiles));
  return { repo, all, logEventCommits, skipped };
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
