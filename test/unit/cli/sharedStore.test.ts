import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CandidateRepository } from '../../../src/core/candidates/candidateRepository';
import type { RecordedEvent } from '../../../src/core/model/events';
import { rejectPendingCandidate } from '../../../src/core/review/reviewActions';
import { openEventStore } from '../../../src/core/store/openEventStore';
import { type CliRun, jsonOf, runCliIn } from '../../support/cli/cliRunner';
import { buildPlantedRepo, type PlantedRepo } from '../learn/plantedRepo';

/** An editor-recorded event, as the recorder would append it. */
function noteEvent(index: number, workspaceFolder: string): RecordedEvent {
  return {
    id: `editor-terminal-${index}`,
    type: 'terminal',
    ts: Date.UTC(2024, 6, 1) + index * 1000,
    workspaceFolder,
    sessionHint: 'editor-session',
    attribution: { actor: 'human', confidence: 0.9, evidence: ['typed'] },
    commandLine: `npm run build -- --step ${index}`,
    commandConfidence: 'high',
    terminalName: 'zsh',
    startedAt: Date.UTC(2024, 6, 1) + index * 1000,
    durationMs: 100,
    exitCode: 0,
    output: 'ok',
    outputTruncated: false,
  };
}

describe('the CLI sharing a store with a running editor', () => {
  let planted: PlantedRepo;
  let dataDir: string;
  let db: string;
  const cli = (...args: string[]): Promise<CliRun> => runCliIn(planted.repo.dir, [...args, '--db', db]);

  before(async () => {
    planted = buildPlantedRepo();
    dataDir = mkdtempSync(join(tmpdir(), 'skillwright-shared-'));
    db = join(dataDir, 'store.db');
    const store = await openEventStore({ dbPath: db });
    store.append(planted.events);
    await store.close();
    assert.equal((await cli('learn')).code, 0);
  });
  after(() => {
    planted.repo.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'reads while the editor owns the store, refuses every write loudly, and loses none of either ' + "side's data",
    async () => {
      const before = jsonOf<{ candidates: Array<{ id: string; name: string }> }>(
        await cli('candidates', '--json'),
      ).candidates;
      const [editorChoice, cliChoice] = before;
      assert.ok(editorChoice && cliChoice);

      // The editor takes the store, records events and rejects a candidate; none of it is checkpointed yet.
      const editor = await openEventStore({ dbPath: db, checkpointIdleMs: 60_000 });
      assert.equal(editor.mode, 'primary');
      assert.equal(editor.owner, undefined, 'the owner of the store names no other owner');
      editor.append([noteEvent(1, planted.repo.dir), noteEvent(2, planted.repo.dir)]);
      await editor.flush();
      rejectPendingCandidate(new CandidateRepository(editor.db), editorChoice.id, 'editor said no', Date.now());

      // The CLI names the owner from the store's typed field, not from the wording of a warning.
      const guest = await openEventStore({ dbPath: db });
      assert.deepEqual([guest.mode, guest.owner?.pid], ['guest', process.pid]);
      await guest.close();

      const listed = await cli('candidates', '--json');
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stderr, new RegExp(`in use by process ${process.pid}`));
      assert.deepEqual(
        jsonOf<{ candidates: Array<{ id: string }> }>(listed).candidates.map((candidate) => candidate.id),
        before.map((candidate) => candidate.id),
      );
      assert.equal((await cli('show', cliChoice.id)).code, 0);

      for (const args of [['learn'], ['accept', cliChoice.id], ['reject', cliChoice.id], ['learn', '--replay']]) {
        const run = await runCliIn(planted.repo.dir, [...args, '--db', db], {
          env: { SKILLWRIGHT_LLM_MODEL: 'm', SKILLWRIGHT_LLM_BASE_URL: 'http://127.0.0.1:9/v1' },
        });
        assert.equal(run.code, 1, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
        assert.match(run.stderr, /is in use by process \d+ .*nothing was changed/s, args.join(' '));
      }
      assert.ok(!existsSync(join(planted.repo.dir, '.agents')), 'a refused accept writes no skill');

      // The editor carries on and closes (checkpoint). Everything either side did is there.
      editor.append([noteEvent(3, planted.repo.dir)]);
      await editor.close();
      const reopened = await openEventStore({ dbPath: db });
      try {
        assert.equal(reopened.mode, 'primary');
        assert.equal(reopened.countEvents(), planted.events.length + 3);
        const candidates = new CandidateRepository(reopened.db);
        assert.equal(candidates.get(editorChoice.id)?.status, 'rejected');
        assert.equal(candidates.get(editorChoice.id)?.rejectReason, 'editor said no');
        assert.equal(candidates.get(cliChoice.id)?.status, 'pending', 'the refused CLI reject changed nothing');
        assert.equal(candidates.skippedRows, 0);
      } finally {
        await reopened.close();
      }

      // With the editor gone the CLI writes again, and learns from the editor's events too.
      const learned = jsonOf<{ stats: { events: number } }>(await cli('learn', '--json'));
      assert.equal(learned.stats.events, planted.events.length + 3);
      const accepted = await cli('accept', cliChoice.id);
      assert.equal(accepted.code, 0, accepted.stderr);
      assert.ok(existsSync(join(planted.repo.dir, '.agents/skills', cliChoice.name, 'SKILL.md')));
    },
  );

  it('leaves no lock behind, so the editor becomes the owner after any CLI command', async () => {
    for (const args of [['candidates'], ['learn'], ['show', 'nope'], ['list']]) {
      await cli(...args);
      assert.ok(!existsSync(`${db}.lock`), `${args.join(' ')} released the lock`);
    }
    const editor = await openEventStore({ dbPath: db });
    assert.equal(editor.mode, 'primary');
    await editor.close();
    assert.deepEqual(
      readdirSync(dataDir).filter((name) => name.includes('.tmp') || name.includes('corrupt')),
      [],
    );
  });
});
