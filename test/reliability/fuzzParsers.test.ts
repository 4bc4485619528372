import assert from 'node:assert/strict';
import { describe, it, after } from 'node:test';
import fc from 'fast-check';
import type { AgentId } from '../../src/core/model/agents';
import { LogParser, parseNumstatEntry } from '../../src/core/history/logParser';
import { scanSkill } from '../../src/core/skills/scan';
import { readSkillDocument } from '../../src/core/skills/skillFile';
import { validateSkillText } from '../../src/core/skills/validate';
import { createClaudeCodeParser } from '../../src/core/sources/claudeCode';
import { parseClineRooTask } from '../../src/core/sources/clineRoo';
import { createCodexParser } from '../../src/core/sources/codex';
import { parseCodexPatch } from '../../src/core/sources/codexPatch';
import { createCopilotJsonlParser, parseCopilotJson } from '../../src/core/sources/copilotChat';
import { createGeminiParser, parseGeminiJson } from '../../src/core/sources/geminiCli';
import type { LineParser } from '../../src/core/sources/lineParser';
import type { ParseContext, ParseResult } from '../../src/core/sources/types';
import { envCount } from '../support/reliability/random';
import { Stopwatch } from '../support/reliability/timed';
import { shapedJson, shapedLine, shapedString, vocabularyOf } from '../support/reliability/vocabulary';

/**
 * Hostile input: every transcript parser, the SKILL.md reader/validator/scanner and the git log
 * parser get thousands of generated inputs (SKILLWRIGHT_FUZZ_RUNS per parser, 2000 by default).
 * They must never throw past their boundary, must return well-formed results, and must finish
 * each input within a time bound (a hang or catastrophic backtracking fails the bound).
 */
const RUNS = envCount('SKILLWRIGHT_FUZZ_RUNS', 2000);
const SEED = envCount('SKILLWRIGHT_FUZZ_SEED', Date.now() % 1_000_000);
/** Per input; generous because CI machines are shared, yet far below what a hang would take. */
const BOUND_MS = 2000;
const totals: string[] = [];
let totalInputs = 0;

function context(agent: AgentId, path: string): ParseContext {
  return { agent, path, workspaceFolder: '/work/repo', fallbackTs: 1_700_000_000_000 };
}

function assertWellFormed(out: ParseResult): void {
  for (const event of out.events) {
    assert.equal(event.type, 'transcript');
    assert.equal(typeof event.id, 'string');
    assert.ok(Number.isFinite(event.ts), `event ts ${event.ts}`);
    assert.equal(typeof event.step.kind, 'string');
    assert.doesNotThrow(() => JSON.stringify(event), 'events must be storable as JSON');
  }
  for (const [reason, count] of Object.entries(out.skipped)) assert.ok(typeof reason === 'string' && count > 0);
}

function check<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  describeInput: (value: T) => string,
  body: (value: T) => void,
): void {
  const watch = new Stopwatch();
  fc.assert(
    fc.property(arbitrary, (value) => {
      watch.time(describeInput(value), () => body(value));
    }),
    { numRuns: RUNS, seed: SEED },
  );
  totalInputs += watch.runs;
  totals.push(`${name} ${watch.runs} (slowest ${watch.slowestMs.toFixed(1)} ms)`);
  assert.ok(
    watch.slowestMs < BOUND_MS,
    `${name}: one input took ${watch.slowestMs.toFixed(0)} ms: ${watch.slowestInput}`,
  );
}

function lineParserCheck(name: string, files: string[], make: () => LineParser): void {
  const words = vocabularyOf(...files, 'sources/toolKinds.ts', 'sources/json.ts');
  it(`${name}: never throws, never hangs, emits well-formed events`, { timeout: 300_000 }, () => {
    check(
      name,
      fc.array(shapedLine(words), { minLength: 1, maxLength: 8 }),
      (lines) => lines.join('\n'),
      (lines) => {
        const parser = make();
        const out: ParseResult = { events: [], skipped: {} };
        let offset = 0;
        for (const line of lines) {
          const reason = parser.parseLine(line, offset, out);
          assert.ok(reason === undefined || typeof reason === 'string');
          offset += Buffer.byteLength(line) + 1;
        }
        parser.finish(out);
        const saved = parser.saveState();
        assert.doesNotThrow(() => JSON.stringify(saved));
        assertWellFormed(out);
      },
    );
  });
}

describe(`reliability: fuzzing every parser (${RUNS} inputs each, seed ${SEED})`, () => {
  after(() => {
    process.stdout.write(
      `# RELIABILITY fuzz: seed ${SEED}: ${totalInputs} generated inputs run, 0 throws, 0 ` +
        `hangs: ${totals.join(', ')}\n`,
    );
  });

  lineParserCheck('claude-code jsonl', ['sources/claudeCode.ts'], () =>
    createClaudeCodeParser(context('claude-code', '/t/agent-abc.jsonl'), { sessionId: 's' }),
  );
  lineParserCheck('codex jsonl', ['sources/codex.ts'], () => createCodexParser(context('codex', '/t/rollout.jsonl')));
  lineParserCheck('gemini jsonl', ['sources/geminiCli.ts'], () =>
    createGeminiParser(context('gemini-cli', '/t/chat.jsonl')),
  );
  lineParserCheck('copilot jsonl (mutation log)', ['sources/copilotChat.ts', 'sources/mutationLog.ts'], () =>
    createCopilotJsonlParser(context('copilot', '/t/s.jsonl')),
  );

  it('gemini and copilot whole-JSON sessions: never throw', { timeout: 300_000 }, () => {
    const words = vocabularyOf('sources/geminiCli.ts', 'sources/copilotChat.ts', 'sources/toolKinds.ts');
    check(
      'gemini/copilot json',
      shapedJson(words),
      (value) => JSON.stringify(value) ?? '',
      (value) => {
        const gemini: ParseResult = { events: [], skipped: {} };
        parseGeminiJson(value, context('gemini-cli', '/t/session.json'), gemini);
        assertWellFormed(gemini);
        const copilot: ParseResult = { events: [], skipped: {} };
        parseCopilotJson(value, context('copilot', '/t/s.json'), copilot);
        assertWellFormed(copilot);
      },
    );
  });

  it('cline/roo task folders: never throw', { timeout: 300_000 }, () => {
    const words = vocabularyOf('sources/clineRoo.ts', 'sources/toolKinds.ts');
    const messages = fc.array(fc.dictionary(fc.constantFrom(...words), shapedJson(words), { maxKeys: 8 }), {
      maxLength: 8,
    });
    const task = fc.record(
      {
        uiMessages: fc.oneof(messages, shapedJson(words)),
        apiHistory: fc.oneof(messages, shapedJson(words)),
        metadata: shapedJson(words),
      },
      { requiredKeys: [] },
    );
    check(
      'cline/roo task',
      task,
      (value) => JSON.stringify(value) ?? '',
      (files) => {
        for (const agent of ['cline', 'roo'] as const) {
          const out: ParseResult = { events: [], skipped: {} };
          parseClineRooTask(files, context(agent, '/t/tasks/1712345678901'), out);
          assertWellFormed(out);
        }
      },
    );
  });

  it('codex apply_patch bodies: never throw', { timeout: 300_000 }, () => {
    const words = [
      '*** Begin Patch',
      '*** End Patch',
      '*** Add File: a.ts',
      '*** Update File: b.ts',
      '*** Delete File: c.ts',
      '*** Move to: d.ts',
      '@@',
      '@@ fn',
      '+added',
      '-removed',
      ' context',
      '*** End of File',
    ];
    check(
      'codex patch',
      fc.array(shapedString(words), { maxLength: 20 }).map((lines) => lines.join('\n')),
      (text) => text,
      (text) => {
        for (const file of parseCodexPatch(text)) assert.equal(typeof file.path, 'string');
      },
    );
  });

  it('SKILL.md reader, validator and scanner: never throw', { timeout: 300_000 }, () => {
    const words = [
      ...vocabularyOf('skills/validate.ts', 'skills/skillFile.ts'),
      'name: a',
      'description: b',
      '---',
      '- x',
      'metadata:',
      '  k: v',
      '&a',
      '*a',
      '!!binary',
      '? ',
      '|',
      '>',
      '%YAML 1.2',
      '"',
      "'",
    ];
    const frontmatter = fc.array(shapedString(words), { maxLength: 12 }).map((lines) => lines.join('\n'));
    const text = fc.oneof(
      fc.tuple(frontmatter, fc.string({ maxLength: 300 })).map(([head, body]) => `---\n${head}\n---\n${body}`),
      fc.string({ maxLength: 500 }),
      fc.string({ unit: 'binary', maxLength: 500 }),
    );
    check(
      'SKILL.md',
      text,
      (value) => value,
      (value) => {
        const { doc } = readSkillDocument(value);
        assert.equal(typeof doc.name, 'string');
        const issues = validateSkillText(value, { file: 'SKILL.md', folderName: 'a' });
        assert.ok(Array.isArray(issues));
        assert.ok(Array.isArray(scanSkill([{ path: 'SKILL.md', text: value }])));
      },
    );
  });

  it('git log parser: never throws, never invents a commit out of nothing', { timeout: 300_000 }, () => {
    // The NUL-terminated fields of `git log --numstat -z`: headers, entries, renames' empty path and their two paths.
    const words = [
      '\x1e',
      '\x1f',
      '\x1d',
      '\x1ea'.padEnd(41, '0'),
      '\n',
      '1\t2\tsrc/a.ts',
      '-\t-\timg.png',
      '3\t0\t',
      'src/new/f.ts',
      'a => b',
      '1700000000',
      'Name <a@b>',
      '',
      'feat: x',
      '\t\t',
      'x\ty',
    ];
    const output = fc.array(shapedString(words), { maxLength: 30 });
    check(
      'git log',
      output,
      (fields) => fields.join('\0'),
      (fields) => {
        const parser = new LogParser();
        const commits = [];
        for (const field of fields) {
          const commit = parser.push(field);
          if (commit) commits.push(commit);
          if (field.includes('\t')) parseNumstatEntry(field);
        }
        const last = parser.finish();
        if (last) commits.push(last);
        assert.ok(commits.length <= fields.filter((field) => field.replace(/^\n/, '').startsWith('\x1e')).length);
        for (const commit of commits) assert.ok(Array.isArray(commit.files) && typeof commit.subject === 'string');
        assert.ok(Number.isInteger(parser.skipped) && parser.skipped >= 0);
      },
    );
  });
});
