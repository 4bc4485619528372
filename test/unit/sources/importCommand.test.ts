import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';
import { silentLogger } from '../../../src/core/ports';
import { SessionRepository } from '../../../src/core/sessions/sessionRepository';
import { openEventStore } from '../../../src/core/store/openEventStore';
import {
  CLAUDE_SESSION,
  installAllAgents,
  makeTranscriptHome,
  type TranscriptHome,
} from '../../support/sources/transcriptHome';

function bufferIo(cwd: string): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    interactive: false,
    cwd,
    logger: silentLogger,
    signal: new AbortController().signal,
  };
  return io;
}

describe('skillwright import', () => {
  let home: TranscriptHome;
  let db: string;
  before(() => {
    home = makeTranscriptHome();
    installAllAgents(home);
    db = join(home.root, 'store', 'skillwright.db');
  });
  after(() => home.cleanup());

  it('imports the named files and folders into the store, then nothing twice', async () => {
    const io = bufferIo(home.workspace);
    const code = await runCli(
      [
        'import',
        join(home.home, '.claude'),
        join(home.home, '.codex'),
        join(home.userData, 'User'),
        '--db',
        db,
        '--json',
      ],
      io,
    );
    assert.equal(code, 0, io.err);
    const summary = JSON.parse(io.out) as {
      sessions: number;
      steps: number;
      files: number;
      byAgent: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(summary.byAgent).sort(), ['claude-code', 'cline', 'codex', 'copilot', 'roo']);
    assert.equal(summary.files, 7);
    assert.match(io.err, /7\/7 files/);
    const store = await openEventStore({ dbPath: db });
    const stored = store.countEvents({});
    await store.close();
    assert.equal(stored, summary.steps);

    const again = bufferIo(home.workspace);
    assert.equal(await runCli(['import', join(home.home, '.claude'), '--db', db], again), 0, again.err);
    assert.match(again.out, /^total\s+0\s+0$/m);
    assert.match(again.out, /unchanged since the last import/);
  });

  it('stores the imported Claude Code and Codex transcripts as sessions whose task is the first prompt', async () => {
    const sessionsDb = join(home.root, 'sessions-store', 'skillwright.db');
    const io = bufferIo(home.workspace);
    assert.equal(
      await runCli(['import', join(home.home, '.claude'), join(home.home, '.codex'), '--db', sessionsDb], io),
      0,
      io.err,
    );
    const store = await openEventStore({ dbPath: sessionsDb });
    try {
      const sessions = new SessionRepository(store.db);
      const expected = [
        {
          id: `claude-code:${CLAUDE_SESSION}`,
          actor: 'claude-code',
          task: /^The date parser tests fail since the ISO week change/,
        },
        {
          id: 'codex:0199a7c2-5e41-7d30-b1e2-3f4a5b6c7d8e',
          actor: 'codex',
          task: /^cargo test fails on the parser module/,
        },
      ];
      for (const { id, actor, task } of expected) {
        const session = sessions.get(id);
        assert.ok(
          session,
          `no session ${id}; stored: ${sessions
            .listRecent(20)
            .map((listed) => listed.id)
            .join(', ')}`,
        );
        assert.equal(session.actor, actor);
        assert.equal(session.kind, 'transcript');
        assert.match(session.task ?? '', task);
        const events = store.listEvents({ sessionId: id });
        assert.ok(events.length > 3, `${id} has its steps`);
        assert.deepEqual(
          new Set(session.eventIds),
          new Set(events.map((event) => event.id)),
          `${id} lists exactly its stored steps`,
        );
      }
      assert.equal(
        store.listEvents({}).filter((event) => !event.sessionHint).length,
        0,
        'every imported step belongs to a session',
      );
    } finally {
      await store.close();
    }
  });

  it('rejects an unknown agent and reports paths without transcripts', async () => {
    const io = bufferIo(home.workspace);
    assert.equal(await runCli(['import', '--agent', 'clippy', '--db', db], io), 2);
    const empty = bufferIo(home.workspace);
    assert.equal(await runCli(['import', join(home.root, 'work'), '--db', db], empty), 1);
    assert.match(empty.err, /no transcripts found/);
  });
});
