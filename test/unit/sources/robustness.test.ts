import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentId } from '../../../src/core/model/agents';
import { readAll } from '../../support/sources/readAll';
import {
  CLAUDE_SESSION,
  CODEX_FILE,
  fixtureText,
  makeTranscriptHome,
  type TranscriptHome,
} from '../../support/sources/transcriptHome';

/** One JSONL format per case, with a line of the right shape but wrong field types. */
interface JsonlCase {
  agent: AgentId;
  fixture: string;
  name: string;
  wrongTypes: string;
}

const JSONL_CASES: JsonlCase[] = [
  {
    agent: 'claude-code',
    fixture: `claude/${CLAUDE_SESSION}.jsonl`,
    name: `${CLAUDE_SESSION}.jsonl`,
    wrongTypes: JSON.stringify({ type: 'assistant', sessionId: CLAUDE_SESSION, message: { content: 42 } }),
  },
  {
    agent: 'codex',
    fixture: `codex/${CODEX_FILE}`,
    name: CODEX_FILE,
    wrongTypes: JSON.stringify({ type: 'response_item', payload: { type: 'function_call', name: 7, call_id: 'x' } }),
  },
  {
    agent: 'gemini-cli',
    fixture: 'gemini/session-2026-11-04T08-00-8c1e2f3a.jsonl',
    name: 'session-g.jsonl',
    wrongTypes: JSON.stringify({ id: 'zz', type: 7 }),
  },
  {
    agent: 'copilot',
    fixture: 'copilot/chatSessions/77aa88bb-0000-4000-8000-ccddeeff0011.jsonl',
    name: '77aa88bb.jsonl',
    wrongTypes: JSON.stringify({ kind: 1, k: 'requests', v: 1 }),
  },
];

const ELEVEN_MB = 11 * 1024 * 1024;

describe('every JSONL parser survives bad input', () => {
  let home: TranscriptHome;
  before(() => {
    home = makeTranscriptHome();
  });
  after(() => home.cleanup());

  for (const entry of JSONL_CASES) {
    describe(entry.agent, () => {
      let good: string;
      let baseline: number;
      const variant = (label: string, lines: string[], extra?: (file: string) => void): string => {
        const dir = join(home.root, entry.agent, label);
        mkdirSync(dir, { recursive: true });
        const file = join(dir, entry.name);
        writeFileSync(file, lines.join('\n') + '\n');
        extra?.(file);
        return file;
      };
      before(async () => {
        good = fixtureText(entry.fixture, home.workspace);
        baseline = (await readAll(entry.agent, variant('good', good.trimEnd().split('\n')))).events.length;
        assert.ok(baseline > 3);
      });
      const goodLines = (): string[] => good.trimEnd().split('\n');
      const insertAt = (lines: string[], text: string): string[] => [...lines.slice(0, 2), text, ...lines.slice(2)];

      it('counts an invalid JSON line and keeps every other step', async () => {
        const result = await readAll(entry.agent, variant('invalid', insertAt(goodLines(), '{"type": "user", oops')));
        assert.equal(result.skipped['invalid-json'], 1);
        assert.equal(result.events.length, baseline);
      });

      it('counts an unknown line type', async () => {
        const unknown =
          entry.agent === 'copilot'
            ? JSON.stringify({ kind: 9 })
            : entry.agent === 'gemini-cli'
              ? JSON.stringify({ weird: true })
              : JSON.stringify({ type: 'hologram', payload: {} });
        const result = await readAll(entry.agent, variant('unknown', insertAt(goodLines(), unknown)));
        assert.equal(result.skipped['unknown-type'], 1);
        assert.equal(result.events.length, baseline);
      });

      it('counts a line whose fields have the wrong types', async () => {
        const result = await readAll(entry.agent, variant('types', insertAt(goodLines(), entry.wrongTypes)));
        assert.equal(result.skipped['bad-fields'], 1, JSON.stringify(result.skipped));
        assert.equal(result.events.length, baseline);
      });

      it('skips a line over 10 MB without parsing it', async () => {
        const huge = JSON.stringify({ type: 'user', pad: 'x'.repeat(ELEVEN_MB) });
        const result = await readAll(entry.agent, variant('huge', insertAt(goodLines(), huge)));
        assert.equal(result.skipped['line-too-long'], 1);
        assert.equal(result.events.length, baseline);
      });

      it('ignores a truncated last line and still reads the rest', async () => {
        const lines = goodLines();
        const last = lines.pop() ?? '';
        const file = variant('truncated', lines, (path) =>
          appendFileSync(path, last.slice(0, Math.floor(last.length / 2))),
        );
        const result = await readAll(entry.agent, file);
        assert.ok(result.events.length > 0 && result.events.length <= baseline);
        assert.equal(result.skipped['invalid-json'], undefined, 'an unfinished line is not an invalid one');
      });

      it('returns nothing for an empty file', async () => {
        const dir = join(home.root, entry.agent, 'empty');
        mkdirSync(dir, { recursive: true });
        const file = join(dir, entry.name);
        writeFileSync(file, '');
        const result = await readAll(entry.agent, file);
        assert.deepEqual(result.events, []);
        assert.deepEqual(result.skipped, {});
      });

      it('reports a file that vanished instead of throwing', async () => {
        const file = variant('vanished', goodLines());
        rmSync(file);
        const result = await readAll(entry.agent, file);
        assert.deepEqual(result.events, []);
        assert.equal(result.skipped['file-vanished'], 1);
      });
    });
  }
});

describe('whole-JSON transcripts survive bad input', () => {
  let home: TranscriptHome;
  before(() => {
    home = makeTranscriptHome();
  });
  after(() => home.cleanup());

  const cases: { agent: AgentId; wrong: unknown; valid: (pad: string) => unknown }[] = [
    {
      agent: 'copilot',
      wrong: { version: 3, sessionId: 's', requests: [5, 'x'] },
      valid: (pad) => ({
        version: 3,
        sessionId: 's',
        requests: [{ requestId: 'r', timestamp: 1, message: { text: pad }, response: [] }],
      }),
    },
    {
      agent: 'gemini-cli',
      wrong: { sessionId: 's', projectHash: 'h', messages: [{ id: 'a', type: 5 }] },
      valid: (pad) => ({ sessionId: 's', projectHash: 'h', messages: [{ id: 'a', type: 'user', content: pad }] }),
    },
  ];
  for (const entry of cases) {
    it(`${entry.agent}: invalid JSON, wrong types, empty, vanished and an 11 MB field`, async () => {
      const file = join(home.root, `${entry.agent}.json`);
      writeFileSync(file, '{"version": 3, "requests": [');
      assert.deepEqual((await readAll(entry.agent, file)).skipped, { 'invalid-json': 1 });
      writeFileSync(file, JSON.stringify(entry.wrong));
      const wrong = await readAll(entry.agent, file);
      assert.deepEqual(
        wrong.events.filter((event) => event.step.kind !== 'meta'),
        [],
      );
      assert.ok(Object.keys(wrong.skipped).length > 0);
      writeFileSync(file, '');
      assert.deepEqual(await readAll(entry.agent, file).then((result) => [result.events, result.skipped]), [[], {}]);
      writeFileSync(file, JSON.stringify(entry.valid('y'.repeat(ELEVEN_MB))));
      const big = await readAll(entry.agent, file);
      const prompt = big.events.find((event) => event.step.kind === 'prompt');
      assert.ok(
        prompt && prompt.step.kind === 'prompt' && prompt.step.text.length < 25_000,
        'a huge prompt is kept, clipped',
      );
      rmSync(file);
      assert.deepEqual((await readAll(entry.agent, file)).skipped, { 'file-vanished': 1 });
    });
  }

  it('cline/roo task folders: invalid JSON, wrong types, empty and vanished', async () => {
    const task = join(home.root, 'tasks', '123');
    mkdirSync(task, { recursive: true });
    writeFileSync(join(task, 'ui_messages.json'), '[{"ts": 1, "type": "say"');
    assert.equal((await readAll('roo', task, 'taskFolder')).skipped['invalid-json'], 1);
    writeFileSync(
      join(task, 'ui_messages.json'),
      JSON.stringify([
        { ts: 'x', type: 'say', say: 'task', text: 1 },
        7,
        { ts: 2, type: 'say', say: 'task', text: 'real task' },
      ]),
    );
    const wrong = await readAll('roo', task, 'taskFolder');
    assert.equal(wrong.skipped['bad-fields'], 2);
    assert.equal(wrong.events.filter((event) => event.step.kind === 'prompt').length, 1);
    writeFileSync(join(task, 'ui_messages.json'), '');
    assert.deepEqual((await readAll('roo', task, 'taskFolder')).events, []);
    rmSync(task, { recursive: true });
    assert.deepEqual((await readAll('roo', task, 'taskFolder')).skipped, { 'file-vanished': 1 });
  });
});
