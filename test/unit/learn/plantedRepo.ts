import type { RecordedEvent } from '../../../src/core/model/events';
import { createTempRepo, type TempRepo } from '../../support/git/tempRepo';

export interface PlantedRepo {
  repo: TempRepo;
  parserCommits: string[];
  apiCommits: string[];
  events: RecordedEvent[];
}

/** A deterministic pseudo-random generator, so "noise" is the same on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const MODULES = ['lexer', 'parser', 'ast'];

/**
 * A repository with planted regularities: src/parser/<m>.ts always changes with
 * test/parser/<m>.test.ts, src/api/** always changes with docs/api.md, every message is a
 * Conventional Commit; plus unrelated noise commits in misc/.
 */
export function buildPlantedRepo(): PlantedRepo {
  const repo = createTempRepo('skillwright-planted-');
  const random = seeded(7);
  repo.commit('chore: initial layout', {
    files: {
      'package.json': JSON.stringify(
        { name: 'planted', scripts: { test: 'node --test', lint: 'eslint src', build: 'tsc -p .' } },
        null,
        2,
      ),
      'app.config.json': '{ "retries": 3 }\n',
      'docs/api.md': '# API\n',
      'README.md': '# planted\n',
    },
  });
  const parserCommits: string[] = [];
  const apiCommits: string[] = [];
  for (let round = 0; round < 9; round++) {
    const module = MODULES[round % MODULES.length] as string;
    parserCommits.push(
      repo.commit(`feat(parser): extend ${module} step ${round}`, {
        files: {
          [`src/parser/${module}.ts`]: `export const ${module} = ${round};\n`,
          [`test/parser/${module}.test.ts`]: `import { ${module} } from '../../src/parser/${module}';\n// ${round}\n`,
        },
      }),
    );
    const apiFile = round % 2 === 0 ? 'src/api/routes.ts' : 'src/api/handlers.ts';
    apiCommits.push(
      repo.commit(`fix(api): adjust ${apiFile.slice(8, -3)} ${round}`, {
        files: { [apiFile]: `export const version = ${round};\n`, 'docs/api.md': `# API\n\nRevision ${round}\n` },
      }),
    );
    for (let noise = 0; noise < 2; noise++) {
      const file = `misc/note${Math.floor(random() * 12)}.txt`;
      repo.commit(`chore(misc): touch notes ${round}.${noise}`, { files: { [file]: `${random()}\n` } });
    }
  }
  return { repo, parserCommits, apiCommits, events: plantedEvents(repo.dir) };
}

const human = { actor: 'human' as const, confidence: 0.9, evidence: ['typed in a visible editor'] };
const agent = { actor: 'claude-code' as const, confidence: 0.95, evidence: ['transcript tool call'] };

function plantedEvents(workspaceFolder: string): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  let ts = Date.UTC(2024, 5, 1);
  const next = (): number => (ts += 60_000);
  const corrections: Array<[string, string]> = [
    ['src/api/routes.ts', "  console.log('route added', path);"],
    ['src/parser/lexer.ts', "  console.log('token', token.kind);"],
    ['src/api/handlers.ts', "  console.log('handled', request.id);"],
  ];
  corrections.forEach(([path, line], index) => {
    const session = `session-log-${index}`;
    events.push({
      id: `agent-edit-${index}`,
      type: 'edit',
      ts: next(),
      workspaceFolder,
      sessionHint: session,
      attribution: agent,
      path,
      diff: `--- a/${path}\n+++ b/${path}\n@@ -1,1 +1,2 @@\n export function run() {\n+${line}\n`,
      linesAdded: 1,
      linesRemoved: 0,
      visibleInEditor: true,
    });
    const fixed = line.replace('console.log(', 'logger.debug(');
    events.push({
      id: `human-edit-${index}`,
      type: 'edit',
      ts: next(),
      workspaceFolder,
      attribution: human,
      path,
      diff: `--- a/${path}\n+++ b/${path}\n@@ -1,2 +1,2 @@\n export function run() {\n-${line}\n+${fixed}\n`,
      linesAdded: 1,
      linesRemoved: 1,
      visibleInEditor: true,
    });
  });
  const terminal = (id: string, exitCode: number, output: string): RecordedEvent => ({
    id,
    type: 'terminal',
    ts: next(),
    workspaceFolder,
    sessionHint: 'session-config',
    attribution: agent,
    commandLine: 'npm test',
    commandConfidence: 'high',
    terminalName: 'claude',
    startedAt: ts,
    durationMs: 4200,
    exitCode,
    output,
    outputTruncated: false,
  });
  events.push(
    terminal(
      'run-1',
      1,
      '> planted@1.0.0 test\nError: Missing config key "timeout" in app.config.json\n    at loadConfig ' +
        '(src/config.ts:12:9)',
    ),
  );
  events.push(terminal('run-2', 1, 'Error: Missing config key "timeout" in app.config.json'));
  events.push({
    id: 'config-fix',
    type: 'edit',
    ts: next(),
    workspaceFolder,
    sessionHint: 'session-config',
    attribution: agent,
    path: 'app.config.json',
    diff:
      '--- a/app.config.json\n+++ b/app.config.json\n@@ -1 +1 @@\n-{ "retries": 3 }\n+{ "retries": 3, ' +
      '"timeout": 5000 }\n',
    linesAdded: 1,
    linesRemoved: 1,
    visibleInEditor: false,
  });
  events.push(terminal('run-3', 0, 'ok 12 tests passed'));
  return events;
}
