import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TranscriptEvent } from '../../../src/core/model/events';
import { openSqlJsDatabase } from '../../../src/core/store/sqlJsDatabase';
import { KvOffsetStore, MemoryOffsetStore, type OffsetStore } from '../../../src/core/sources/tailState';
import { TranscriptTailer } from '../../../src/core/sources/tailer';
import type { TranscriptSource } from '../../../src/core/sources/types';
import {
  CLAUDE_SESSION,
  fixtureText,
  makeTranscriptHome,
  type TranscriptHome,
} from '../../support/sources/transcriptHome';

/** A sink that de-duplicates on id, as the store does, and remembers how often it saw each id. */
class DedupSink {
  readonly byId = new Map<string, TranscriptEvent>();
  deliveries = 0;
  append(events: TranscriptEvent[]): void {
    for (const event of events) {
      this.deliveries++;
      if (!this.byId.has(event.id)) this.byId.set(event.id, event);
    }
  }
  get events(): TranscriptEvent[] {
    return [...this.byId.values()];
  }
}

describe('TranscriptTailer', () => {
  let home: TranscriptHome;
  let lines: string[];
  before(() => {
    home = makeTranscriptHome();
    lines = fixtureText(`claude/${CLAUDE_SESSION}.jsonl`, home.workspace).trimEnd().split('\n');
  });
  after(() => home.cleanup());

  const claudeSource = (name: string): TranscriptSource => {
    const dir = join(home.root, 'tail');
    mkdirSync(dir, { recursive: true });
    return { agent: 'claude-code', path: join(dir, name), kind: 'file' };
  };

  async function fullRead(source: TranscriptSource): Promise<string[]> {
    const sink = new DedupSink();
    await new TranscriptTailer(new MemoryOffsetStore(), sink).poll(source);
    return sink.events.map((event) => event.id).sort();
  }

  it('reads a growing file in pieces, waiting for partial lines, and ends with exactly the full result', async () => {
    const source = claudeSource('grow.jsonl');
    const text = lines.join('\n') + '\n';
    const sink = new DedupSink();
    const tailer = new TranscriptTailer(new MemoryOffsetStore(), sink);
    writeFileSync(source.path, '');
    for (let at = 0; at < text.length; at += 997) {
      appendFileSync(source.path, text.slice(at, at + 997));
      await tailer.poll(source);
    }
    assert.deepEqual(sink.events.map((event) => event.id).sort(), await fullRead(source));
    assert.equal(sink.deliveries, sink.byId.size, 'no event was delivered twice');
  });

  it('re-reads a truncated or rewritten file from the start without duplicating steps', async () => {
    const source = claudeSource('rewrite.jsonl');
    const sink = new DedupSink();
    const tailer = new TranscriptTailer(new MemoryOffsetStore(), sink);
    writeFileSync(source.path, lines.join('\n') + '\n');
    await tailer.poll(source);
    const before = sink.byId.size;
    writeFileSync(source.path, lines.slice(0, 10).join('\n') + '\n');
    const shrunk = await tailer.poll(source);
    assert.equal(shrunk.restarted, true);
    assert.equal(sink.byId.size, before, 'nothing new after the truncation');
    // Same size class but a different head: a compaction that rewrote the file in place.
    const rewritten = [
      lines[0],
      JSON.stringify({
        type: 'user',
        sessionId: 'other-session',
        uuid: 'u-x',
        timestamp: '2026-11-02T10:00:00Z',
        message: { role: 'user', content: 'fresh start' },
      }),
      ...lines.slice(2, 12),
    ];
    writeFileSync(source.path, rewritten.join('\n') + '\n');
    const result = await tailer.poll(source);
    assert.equal(result.restarted, true);
    assert.ok(sink.events.some((event) => event.step.kind === 'prompt' && event.step.text === 'fresh start'));
  });

  it('skips unchanged whole-JSON files by content hash', async () => {
    const dir = join(home.root, 'copilot');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 's.json');
    writeFileSync(path, fixtureText('copilot/chatSessions/3f9a0c4e-1111-4222-8333-944455566677.json', home.workspace));
    const sink = new DedupSink();
    const tailer = new TranscriptTailer(new MemoryOffsetStore(), sink);
    const source: TranscriptSource = { agent: 'copilot', path, kind: 'file' };
    const first = await tailer.poll(source);
    assert.ok(first.events > 0);
    assert.equal((await tailer.poll(source)).events, 0);
    const state = JSON.parse(
      fixtureText('copilot/chatSessions/3f9a0c4e-1111-4222-8333-944455566677.json', home.workspace),
    ) as { requests: unknown[] };
    state.requests.push({
      requestId: 'request_new',
      timestamp: 1762430200000,
      message: { text: 'one more thing' },
      response: [],
    });
    writeFileSync(path, JSON.stringify(state));
    const third = await tailer.poll(source);
    assert.equal(third.events, 1, 'only the new prompt is sent');
    assert.equal(sink.deliveries, sink.byId.size);
  });

  it('resumes from offsets kept in the kv table of a real sql.js database', async () => {
    const db = await openSqlJsDatabase();
    const offsets: OffsetStore = new KvOffsetStore(db);
    const source = claudeSource('kv.jsonl');
    writeFileSync(source.path, lines.slice(0, 15).join('\n') + '\n');
    const sink = new DedupSink();
    await new TranscriptTailer(offsets, sink).poll(source);
    const stored = offsets.get(source.path);
    assert.ok(stored && stored.offset > 0 && stored.parserState?.sessionId === CLAUDE_SESSION);
    appendFileSync(source.path, lines.slice(15).join('\n') + '\n');
    // A new tailer, as after an editor restart: only the appended lines are read.
    const restartedSink = new DedupSink();
    await new TranscriptTailer(new KvOffsetStore(db), restartedSink).poll(source);
    assert.ok(restartedSink.byId.size > 0);
    assert.ok(restartedSink.events.every((event) => !sink.byId.has(event.id)));
    assert.deepEqual([...sink.byId.keys(), ...restartedSink.byId.keys()].sort(), await fullRead(source));
    db.run("INSERT OR REPLACE INTO kv (key, value) VALUES ('transcript-tail:/broken', 'not json')");
    assert.equal(offsets.get('/broken'), undefined, 'a corrupt state reads as absent');
  });

  it('keeps the offset when the sink fails, so the events come again', async () => {
    const source = claudeSource('failing.jsonl');
    writeFileSync(source.path, lines.join('\n') + '\n');
    const offsets = new MemoryOffsetStore();
    let fail = true;
    const received: TranscriptEvent[] = [];
    const tailer = new TranscriptTailer(offsets, {
      append(events) {
        if (fail) throw new Error('disk full');
        received.push(...events);
      },
    });
    assert.equal((await tailer.poll(source)).events, 0);
    assert.equal(offsets.get(source.path), undefined);
    fail = false;
    assert.ok((await tailer.poll(source)).events > 0);
    assert.equal(received.length, (await fullRead(source)).length);
  });

  it('serialises overlapping polls of one file', async () => {
    const source = claudeSource('burst.jsonl');
    writeFileSync(source.path, lines.join('\n') + '\n');
    const sink = new DedupSink();
    const tailer = new TranscriptTailer(new MemoryOffsetStore(), sink);
    await Promise.all([tailer.poll(source), tailer.poll(source), tailer.poll(source)]);
    assert.equal(sink.deliveries, sink.byId.size);
  });
});
