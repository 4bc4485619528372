import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openEventStore } from '../../../src/core/store/openEventStore';
import { type CliRun, jsonOf, runCliIn } from '../../support/cli/cliRunner';
import { buildPlantedRepo, type PlantedRepo } from '../learn/plantedRepo';

interface JsonCandidate {
  id: string;
  name: string;
  description: string;
  kind: string;
  status: string;
  confidence: number;
  evidence: Array<{ kind: string; ref: string }>;
  scope: string[];
  source: string;
  body: string;
}

const SCHEMA_KEYS = ['id', 'name', 'description', 'kind', 'confidence', 'evidence', 'scope', 'source', 'body'];

describe('skillwright learn → candidates → show → accept → reject', () => {
  let planted: PlantedRepo;
  let dataDir: string;
  let db: string;
  const cli = (...args: string[]): Promise<CliRun> => runCliIn(planted.repo.dir, args);
  const pending = async (): Promise<JsonCandidate[]> =>
    jsonOf<{ candidates: JsonCandidate[] }>(await cli('candidates', '--db', db, '--json')).candidates;
  const byName = async (name: string): Promise<JsonCandidate> => {
    const found = (await pending()).find((candidate) => candidate.name === name);
    assert.ok(found, `no pending ${name}`);
    return found;
  };
  const skillFile = (name: string): string => join(planted.repo.dir, '.agents/skills', name, 'SKILL.md');

  before(async () => {
    planted = buildPlantedRepo();
    dataDir = mkdtempSync(join(tmpdir(), 'skillwright-cli-'));
    db = join(dataDir, 'store.db');
    // Sessions recorded earlier (by the editor): learn must read them through the event store.
    const store = await openEventStore({ dbPath: db });
    store.append(planted.events);
    await store.close();
  });
  after(() => {
    planted.repo.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('learns from history and the recorded sessions, prints a table, and leaves the repository clean', async () => {
    const run = await cli('learn', '--db', db);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`and ${planted.events.length} recorded events`));
    assert.match(run.stdout, /ID\s+NAME\s+KIND\s+CONF\s+EVIDENCE/);
    assert.match(run.stdout, /commit-message-conventions/);
    assert.match(
      run.stdout,
      /use-logger-debug-not-console-log/,
      'the human-corrections distiller saw the stored events',
    );
    assert.equal(planted.repo.git('status', '--porcelain'), '');
    assert.ok(!existsSync(`${db}.lock`), 'the lock is released when the command ends');
  });

  it('prints the documented JSON from learn and candidates', async () => {
    const run = await cli('learn', '--db', db, '--json');
    assert.equal(run.code, 0, run.stderr);
    const json = jsonOf<{ stats: { commits: number; events: number }; candidates: JsonCandidate[] }>(run);
    assert.equal(json.stats.commits, 37);
    assert.equal(json.stats.events, planted.events.length);
    const listed = await pending();
    assert.ok(listed.length >= 6);
    for (const candidate of [...json.candidates, ...listed]) {
      for (const key of SCHEMA_KEYS) assert.ok(key in candidate, key);
      assert.match(candidate.id, /^[0-9a-z-]+$/);
      assert.match(candidate.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(candidate.kind === 'new' || candidate.kind === 'edit');
      assert.ok(candidate.confidence > 0 && candidate.confidence <= 1);
      assert.ok(
        candidate.evidence.length > 0 &&
          candidate.evidence.every((item) => typeof item.kind === 'string' && typeof item.ref === 'string'),
      );
      assert.ok(Array.isArray(candidate.scope));
      assert.ok(candidate.body.trim().length > 0);
    }
    assert.equal(
      new Set(listed.map((candidate) => candidate.id)).size,
      listed.length,
      'a second learn refreshes, never duplicates',
    );
  });

  it('shows a candidate by id prefix with its skill text and evidence', async () => {
    const conventions = await byName('commit-message-conventions');
    const shown = await cli('show', conventions.id.slice(0, 6), '--db', db);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /# Commit message conventions/);
    assert.match(shown.stdout, /Evidence:\n\s+- commit [0-9a-f]{40}/);
    const json = jsonOf<JsonCandidate>(await cli('show', conventions.id, '--db', db, '--json'));
    assert.equal(json.body, conventions.body);
  });

  it('accepts: writes .agents/skills/<name>/SKILL.md with the candidate and takes it off the queue', async () => {
    const conventions = await byName('commit-message-conventions');
    const accepted = await cli('accept', conventions.id, '--db', db, '--json');
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.deepEqual(jsonOf(accepted), {
      id: conventions.id,
      status: 'accepted',
      path: skillFile('commit-message-conventions'),
    });
    const text = readFileSync(skillFile('commit-message-conventions'), 'utf8');
    assert.match(text, /^---\nname: commit-message-conventions\n/);
    assert.ok(text.includes(conventions.description.slice(0, 40)), 'description in the front matter');
    assert.ok(text.includes(conventions.body.trim().split('\n')[0] ?? '#'), 'body in the file');
    assert.ok(!(await pending()).some((candidate) => candidate.id === conventions.id));
    const again = await cli('accept', conventions.id, '--db', db);
    assert.equal(again.code, 2, 'accepting twice is a usage error');
    assert.match(again.stderr, /already accepted/);
  });

  it('accepts an edited SKILL.md with --edited, and refuses an invalid one without writing', async () => {
    const commands = await byName('build-test-lint-commands');
    const invalid = join(dataDir, 'invalid.md');
    writeFileSync(invalid, `---\nname: ${commands.name}\n---\nno description\n`);
    const refused = await cli('accept', commands.id, '--edited', invalid, '--db', db);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /not a valid skill/);
    assert.ok(!existsSync(skillFile(commands.name)));
    assert.ok(
      (await pending()).some((candidate) => candidate.id === commands.id),
      'still pending after a refused edit',
    );

    const edited = join(dataDir, 'edited.md');
    writeFileSync(
      edited,
      `---\nname: ${commands.name}\ndescription: Run the project's build, test and lint scripts. Use before every ` +
        `commit.\n---\n# Our commands\n\nRun \`npm test\` first, always.\n`,
    );
    const accepted = await cli('accept', commands.id.slice(0, 7), '--edited', edited, '--db', db);
    assert.equal(accepted.code, 0, accepted.stderr);
    const text = readFileSync(skillFile(commands.name), 'utf8');
    assert.match(text, /description: Run the project's build, test and lint scripts/);
    assert.match(text, /# Our commands\n\nRun `npm test` first, always\./);
    assert.doesNotMatch(text, new RegExp(commands.body.split('\n')[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal((await cli('accept', 'x', '--edited', join(dataDir, 'missing.md'), '--db', db)).code, 2);
  });

  it('rejects with a reason; learning does not propose rejected or accepted ideas again', async () => {
    const layout = await byName('test-and-file-layout');
    const rejected = await cli('reject', layout.id, '--reason', 'we know', '--db', db, '--json');
    assert.equal(rejected.code, 0, rejected.stderr);
    assert.deepEqual(jsonOf(rejected), { id: layout.id, status: 'rejected' });
    const all = jsonOf<{ candidates: Array<JsonCandidate & { rejectReason?: string }> }>(
      await cli('candidates', '--all', '--db', db, '--json'),
    ).candidates;
    assert.equal(all.find((candidate) => candidate.id === layout.id)?.rejectReason, 'we know');
    assert.equal((await cli('reject', layout.id, '--db', db)).code, 2, 'rejecting twice is a usage error');

    const names = jsonOf<{ candidates: JsonCandidate[] }>(await cli('learn', '--db', db, '--json')).candidates.map(
      (candidate) => candidate.name,
    );
    for (const name of ['test-and-file-layout', 'commit-message-conventions', 'build-test-lint-commands'])
      assert.ok(!names.includes(name), name);
    assert.ok(!(await pending()).some((candidate) => candidate.name === 'test-and-file-layout'));
  });

  it('answers bad arguments with exit code 2 and the usage', async () => {
    for (const args of [
      ['learn', '--max', 'zero'],
      ['learn', '--since', 'HEAD~1'],
      ['show'],
      ['show', 'nope'],
      ['accept', 'nope'],
      ['reject', 'a', 'b'],
      ['learn', '--bogus'],
    ]) {
      const run = await cli(...args, '--db', db);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /Usage: skillwright/);
    }
  });

  it('fails readably outside a git repository', async () => {
    const run = await runCliIn(dataDir, ['learn', '--db', db]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /is not inside a git repository/);
  });
});
