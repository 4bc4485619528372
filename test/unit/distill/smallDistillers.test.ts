import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorSignature } from '../../../src/core/distill/heuristic/commandRuns';
import { distillFailFixPass } from '../../../src/core/distill/heuristic/failFixPassDistiller';
import { distillCommitConventions } from '../../../src/core/distill/heuristic/commitConventionsDistiller';
import { replacementCore } from '../../../src/core/distill/heuristic/humanCorrectionsDistiller';
import { distillLayoutConventions } from '../../../src/core/distill/heuristic/layoutConventionsDistiller';
import { categorize, packageScripts, workflowRunLines } from '../../../src/core/distill/heuristic/projectCommands';
import { distillWorkingCommands } from '../../../src/core/distill/heuristic/workingCommandsDistiller';
import { mirrorRoots, testInfo } from '../../../src/core/distill/heuristic/testLayout';
import type { ClassifiedCommit } from '../../../src/core/history/commitRecord';
import type { RecordedEvent, TranscriptStep } from '../../../src/core/model/events';

function commits(subjects: string[]): ClassifiedCommit[] {
  return subjects.map((subject, index) => ({
    hash: `h${index}`,
    parents: ['p'],
    author: 'A <a@x>',
    authorDate: index,
    commitDate: index,
    subject,
    body: '',
    files: [],
    statFiles: ['a.ts'],
  }));
}

describe('commit conventions', () => {
  it('reports types and scopes when most subjects follow Conventional Commits', () => {
    const [skill] = distillCommitConventions(
      commits(Array.from({ length: 12 }, (_, n) => (n % 3 ? `fix(core): repair ${n}` : `feat(ui): add ${n}`))),
    );
    assert.ok(skill);
    assert.match(skill.body, /types in use here, most common first: `fix`, `feat`\./);
    assert.equal(skill.statistics?.types, 'fix=8, feat=4', 'the counts are in the statistics, not the body');
    assert.match(skill.body, /`core`/);
    assert.match(skill.body, /imperative/);
  });

  it('says nothing for free-form messages', () => {
    assert.deepEqual(distillCommitConventions(commits(Array.from({ length: 20 }, (_, n) => `stuff ${n} again`))), []);
  });
});

describe('human corrections', () => {
  it('widens the differing span to whole identifiers', () => {
    assert.deepEqual(replacementCore("console.log('saved', id);", "logger.debug('saved', id);"), [
      'console.log(',
      'logger.debug(',
    ]);
    assert.deepEqual(replacementCore('const x = fetch(url);', 'const x = httpClient.get(url);'), [
      'fetch(',
      'httpClient.get(',
    ]);
    assert.equal(replacementCore('a;', 'a;'), undefined);
  });
});

describe('project commands', () => {
  it('reads run: lines, block scalars included, and skips repo scripts', () => {
    const workflow = [
      'jobs:',
      '  test:',
      '    steps:',
      '      - run: npm ci',
      '      - name: checks',
      '        run: |',
      '          npm run lint',
      '          npm test',
      '      - run: node ./bin/check-build.js',
    ].join('\n');
    assert.deepEqual(
      workflowRunLines(workflow, 'ci.yml').map((item) => [item.command, item.category, item.line]),
      [
        ['npm ci', 'install', 4],
        ['npm run lint', 'lint', 7],
        ['npm test', 'test', 8],
      ],
    );
  });

  it('maps package scripts by name, and by text only for single tools', () => {
    const pkg = JSON.stringify(
      { scripts: { test: 'mocha', fix: 'eslint --fix .', version: 'npm run build && git add dist', start: 'node .' } },
      null,
      2,
    );
    assert.deepEqual(
      packageScripts(pkg, 'npm').map((item) => [item.command, item.category]),
      [
        ['npm test', 'test'],
        ['npm run fix', 'lint'],
      ],
    );
    assert.deepEqual(packageScripts('{not json', 'npm'), []);
  });

  it('shows the one-shot pre-commit checks, without watch modes or what the test script already runs', () => {
    const pkg = JSON.stringify(
      { scripts: { 'test:watch': 'vitest', test: 'npm run lint && vitest run', lint: 'eslint .', build: 'tsc -p .' } },
      null,
      2,
    );
    const [skill] = distillWorkingCommands({
      files: ['package.json'],
      contents: new Map([['package.json', pkg]]),
      runs: [],
    });
    assert.ok(skill);
    assert.match(
      skill.body,
      /## Example\n\nBefore committing, run the checks in this order:\n\n```sh\nnpm run build\nnpm test\n```/,
    );
    assert.match(skill.body, /\*\*Test:\*\* `npm test`/, 'the one-shot test command comes before the watch mode');
    assert.deepEqual(skill.statistics, { 'declared-commands': '4', 'recorded-runs': '0', 'passed-runs': '0' });
    assert.equal(categorize('python -m pip install -e . --group typecheck'), 'install');
  });

  it('makes error signatures independent of paths and numbers', () => {
    assert.equal(
      errorSignature('ok\nError: cannot find /tmp/a/b.ts at line 12'),
      errorSignature('Error: cannot find /home/x/c.ts at line 40'),
    );
  });
});

describe('test layout', () => {
  it('recognises test files and their mirrored roots', () => {
    assert.deepEqual(testInfo('test/unit/parser/lexer.test.ts'), {
      path: 'test/unit/parser/lexer.test.ts',
      stem: 'lexer',
      ext: '.ts',
      location: 'test-dir',
      marker: '.test',
    });
    assert.equal(testInfo('pkg/server_test.go')?.marker, '_test');
    assert.equal(testInfo('tests/test_models.py')?.stem, 'models');
    assert.equal(testInfo('src/index.ts'), undefined);
    assert.deepEqual(mirrorRoots('test/unit/parser/lexer.test.ts', 'src/parser/lexer.ts'), ['test/unit', 'src']);
  });

  it('learns a shared license header from sampled files', () => {
    const header = '// Copyright 2024 Example Corp\n// SPDX-License-Identifier: MIT\n\nexport {};\n';
    const heads = new Map(
      Array.from({ length: 10 }, (_, n) => [
        `src/f${n}.ts`,
        n < 8 ? header.replace('2024', String(2015 + n)) : 'export {};\n',
      ]),
    );
    const [skill] = distillLayoutConventions({ files: [...heads.keys()], commits: [], heads });
    assert.ok(skill);
    assert.match(skill.body, /SPDX-License-Identifier: MIT/);
    assert.doesNotMatch(skill.body, /80%|8 of 10/);
    assert.deepEqual([skill.statistics?.['with-header'], skill.statistics?.['sampled-source-files']], ['8', '10']);
  });
});

describe('fail → fix → pass from an agent transcript', () => {
  it('pairs a failing tool call with the passing re-run after an edit', () => {
    const agent = { actor: 'codex' as const, confidence: 1, evidence: [] };
    const step = (id: string, ts: number, value: TranscriptStep): RecordedEvent => ({
      id,
      ts,
      type: 'transcript',
      agent: 'codex',
      sessionId: 's1',
      attribution: agent,
      step: value,
    });
    const events: RecordedEvent[] = [
      step('c1', 1, {
        kind: 'tool-call',
        callId: 'a',
        tool: 'run-command',
        rawName: 'shell',
        summary: 'go test ./...',
      }),
      step('r1', 2, {
        kind: 'tool-result',
        callId: 'a',
        isError: true,
        exitCode: 1,
        output: 'FAIL: undefined: parseConfig in pkg/config.go',
      }),
      { id: 'e1', ts: 3, type: 'file', op: 'save', path: 'pkg/config.go', attribution: agent },
      step('c2', 4, {
        kind: 'tool-call',
        callId: 'b',
        tool: 'run-command',
        rawName: 'shell',
        summary: 'go test ./...',
      }),
      step('r2', 5, { kind: 'tool-result', callId: 'b', isError: false, exitCode: 0, output: 'ok' }),
    ];
    const [lesson] = distillFailFixPass(events);
    assert.ok(lesson);
    assert.deepEqual(lesson.scope, ['pkg/config.go']);
    assert.deepEqual(lesson.evidence[0], {
      kind: 'session',
      ref: 's1',
      eventId: 'c1',
      detail: 'go test ./... failed 1× then passed after editing pkg/config.go',
    });
    assert.deepEqual(
      distillFailFixPass(events.filter((event) => event.id !== 'e1')),
      [],
      'no edit in between: no lesson',
    );
  });
});
