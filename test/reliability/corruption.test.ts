import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { openEventStore } from '../../src/core/store/openEventStore';
import { JOURNAL_VERSION, encodeJournalRecord } from '../../src/core/store/journal';
import { DatabaseTooNewError, openSqlJsDatabase, resolveWasmPath } from '../../src/core/store/sqlJsDatabase';
import { SCHEMA_VERSION } from '../../src/core/store/schema';
import { loadSkillLibrary } from '../../src/core/skills/library';
import { assessSkill } from '../../src/core/skills/quarantine';
import { memoryTrustStore } from '../../src/core/skills/trustStore';
import { terminalEvent } from '../support/store/sampleEvents';
import { composePattern } from '../../src/core/util/patterns';

const work = mkdtempSync(join(tmpdir(), 'skillwright-reliability-corrupt-'));
const wasmPath = resolveWasmPath();
let storeCount = 0;

const ids = (prefix: string, count: number): string[] =>
  Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
const eventsFor = (names: string[]): ReturnType<typeof terminalEvent>[] =>
  names.map((id, index) => terminalEvent(id, 1_700_000_000_000 + index, `out ${id}`));

/**
 * A store as a crash leaves it: `checkpointed` events indexed in the database file, `journaled`
 * ones only in the event log. The files are copied while the writer still has them open (as a SIGKILL would
 * leave them), so no close-time checkpoint tidies up.
 */
async function crashedStore(checkpointed: string[], journaled: string[]): Promise<{ dir: string; dbPath: string }> {
  const live = join(work, `live-${storeCount}`);
  const dir = join(work, `store-${storeCount++}`);
  mkdirSync(live);
  mkdirSync(dir);
  const store = await openEventStore({
    dbPath: join(live, 'skillwright.db'),
    wasmPath,
    flushIntervalMs: 60_000,
    checkpointIdleMs: 60_000,
  });
  store.append(eventsFor(checkpointed));
  await store.checkpoint();
  store.append(eventsFor(journaled));
  await store.flush();
  for (const name of readdirSync(live).filter((file) => !file.endsWith('.lock')))
    copyFileSync(join(live, name), join(dir, name));
  await store.close();
  return { dir, dbPath: join(dir, 'skillwright.db') };
}

async function openAndList(dbPath: string): Promise<{ ids: Set<string>; warnings: string[]; skipped: number }> {
  const store = await openEventStore({ dbPath, wasmPath });
  try {
    return {
      ids: new Set(store.listEvents().map((event) => event.id)),
      warnings: [...store.warnings],
      skipped: store.recovery.skippedRecords,
    };
  } finally {
    await store.close();
  }
}

const report: string[] = [];

describe('reliability: corrupt stores and skills folders are recovered or reported, never thrown', () => {
  after(() => {
    process.stdout.write(
      `# RELIABILITY corruption: ${report.length} cases handled without a throw: ${report.join('; ')}\n`,
    );
    rmSync(work, { recursive: true, force: true });
  });

  for (const [name, damage] of [
    ['a truncated database', (path: string): void => truncateSync(path, Math.floor(readFileSync(path).length / 3))],
    ['a database of random bytes', (path: string): void => writeFileSync(path, randomBytes(64 * 1024))],
    [
      'a database holding only a SQLite header',
      (path: string): void => writeFileSync(path, Buffer.from('SQLite format 3\0')),
    ],
  ] as const) {
    it(`${name}: set aside with a warning, a fresh database, every event rebuilt from the event log`, async () => {
      const { dir, dbPath } = await crashedStore(ids('old', 30), ids('new', 12));
      damage(dbPath);
      const damaged = readFileSync(dbPath);
      const opened = await openAndList(dbPath);
      assert.equal(opened.warnings.length, 1);
      assert.match(
        opened.warnings[0] ?? '',
        /was corrupt .* moved to .*\.corrupt-\d+ and a fresh one was started\. Journaled events were recovered/,
      );
      for (const id of [...ids('old', 30), ...ids('new', 12)])
        assert.ok(opened.ids.has(id), `${id} recovered from the event log`);
      const aside = readdirSync(dir).find((file) => file.includes('.corrupt-'));
      assert.ok(aside, 'the damaged file is kept for the user');
      assert.deepEqual(readFileSync(join(dir, aside)), damaged);
      // The store keeps working: a second open is clean.
      assert.deepEqual((await openAndList(dbPath)).warnings, []);
      report.push(`${name}: set aside, all 42 events (30 checkpointed, 12 not) rebuilt from the event log`);
    });
  }

  it('a database from a newer schema: refused with a typed error, the file left byte-identical', async () => {
    const dir = join(work, 'newer-db');
    mkdirSync(dir);
    const db = await openSqlJsDatabase({ wasmPath });
    db.run(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    const image = db.export();
    db.close();
    const dbPath = join(dir, 'skillwright.db');
    writeFileSync(dbPath, image);
    // By design the store will not open (it would lose the newer data); the host shows the message.
    await assert.rejects(
      openEventStore({ dbPath, wasmPath }),
      (error: unknown) =>
        error instanceof DatabaseTooNewError && /newer than this Skillwright understands/.test(error.message),
    );
    assert.deepEqual(readFileSync(dbPath), Buffer.from(image));
    report.push('db from a newer schema: typed DatabaseTooNewError, file untouched');
  });

  it('an event log with a torn last record: whole records replayed, torn one dropped, appends continue', async () => {
    const { dbPath } = await crashedStore(ids('old', 5), ids('new', 10));
    const journal = `${dbPath}.events-1`;
    const bytes = readFileSync(journal);
    const lastStart = bytes.subarray(0, bytes.length - 1).lastIndexOf(0x0a) + 1;
    truncateSync(journal, lastStart + Math.floor((bytes.length - lastStart) / 2));
    const store = await openEventStore({ dbPath, wasmPath });
    assert.deepEqual(store.warnings, []);
    assert.equal(store.recovery.skippedRecords, 1);
    store.append(eventsFor(ids('after', 4)));
    await store.flush();
    await store.close();
    const reopened = await openAndList(dbPath);
    assert.deepEqual(
      [...ids('old', 5), ...ids('new', 9), ...ids('after', 4)].filter((id) => !reopened.ids.has(id)),
      [],
    );
    assert.equal(reopened.ids.has('new-9'), false, 'the torn record is dropped, not half-read');
    assert.equal(reopened.skipped, 0, 'the torn tail was cut, so new records do not follow garbage');
    report.push('torn event-log record: dropped, 9 whole records replayed, appends continue');
  });

  it('an event log from a newer format: copied aside with a warning, the earlier records still replayed', async () => {
    const { dir, dbPath } = await crashedStore(ids('old', 3), ids('new', 4));
    const body = `${JOURNAL_VERSION + 1} {"id":"future","shape":"unknown"}`;
    const future = `${crc32(body).toString(16).padStart(8, '0')} ${body}\n`;
    const log = `${dbPath}.events-1`;
    writeFileSync(
      log,
      readFileSync(log).toString('utf8') + future + encodeJournalRecord(terminalEvent('new-4', 1, 'x')),
    );
    const logBytes = readFileSync(log);
    const opened = await openAndList(dbPath);
    assert.equal(opened.warnings.length, 1);
    const newerWarning = composePattern([
      String.raw`holds records from a newer Skillwright \(format 2\); `,
      String.raw`they were copied to .*\.newer-\d+ and are not replayed\. Update the extension`,
    ]);
    assert.match(opened.warnings[0] ?? '', newerWarning);
    for (const id of [...ids('old', 3), ...ids('new', 4)]) assert.ok(opened.ids.has(id), id);
    assert.equal(opened.ids.has('new-4'), false, 'nothing after the newer record is read by this version');
    const aside = readdirSync(dir).find((file) => file.includes('.newer-'));
    assert.ok(aside);
    assert.deepEqual(readFileSync(join(dir, aside)), logBytes);
    report.push('event log from a newer format: copied aside whole, the 7 records before it replayed');
  });

  it('a version 1 journal from an upgrade: replayed, kept in the database, removed after the checkpoint', async () => {
    const dir = join(work, 'upgrade');
    mkdirSync(dir);
    const dbPath = join(dir, 'skillwright.db');
    writeFileSync(
      `${dbPath}.journal`,
      eventsFor(ids('v1', 6))
        .map((event) => encodeJournalRecord(event))
        .join(''),
    );
    const opened = await openAndList(dbPath);
    assert.deepEqual(opened.warnings, []);
    assert.deepEqual(
      ids('v1', 6).filter((id) => !opened.ids.has(id)),
      [],
    );
    assert.equal(
      readdirSync(dir).includes('skillwright.db.journal'),
      false,
      'the old journal is gone once the checkpoint holds its events',
    );
    assert.equal((await openAndList(dbPath)).ids.size, 6);
    report.push('version 1 journal: 6 events carried into the database, the old file removed');
  });

  it(
    'a skills folder full of invalid files: every entry reported, the valid skill still loads, scanning never throws',
    { timeout: 30_000 },
    async () => {
      const skills = join(work, 'skills');
      mkdirSync(skills);
      const folder = (name: string, files: Record<string, string | Buffer> = {}): string => {
        const path = join(skills, name);
        mkdirSync(path, { recursive: true });
        for (const [file, content] of Object.entries(files)) {
          mkdirSync(join(path, file, '..'), { recursive: true });
          writeFileSync(join(path, file), content);
        }
        return path;
      };
      const valid = '---\nname: good-skill\ndescription: A valid skill. Use when testing.\n---\n\n# Good\n';
      folder('good-skill', { 'SKILL.md': valid });
      folder('binary-junk', { 'SKILL.md': randomBytes(8192) });
      folder('Bad Name!', { 'SKILL.md': '---\nname: Bad Name!\ndescription: x\n---\n' });
      folder('UPPER_case', { 'SKILL.md': '---\nname: UPPER_case\ndescription: x\n---\n' });
      folder('huge', { 'SKILL.md': `---\nname: huge\ndescription: big\n---\n${'x'.repeat(3 * 1024 * 1024)}` });
      folder('huge-extra', {
        'SKILL.md': '---\nname: huge-extra\ndescription: has a huge script. Use never.\n---\n',
        'scripts/blob.sh': 'echo hi\n'.repeat(200_000),
      });
      folder('bad-yaml', { 'SKILL.md': '---\nname: [unclosed\ndescription: : :\n  - {\n---\nbody' });
      folder('no-frontmatter', { 'SKILL.md': 'just text, no frontmatter at all\n' });
      folder('empty', { 'SKILL.md': '' });
      folder('nul-bytes', { 'SKILL.md': `---\nname: nul-bytes\ndescription: a\u0000b\n---\n\u0000\u0000` });
      folder('no-skill-md', { 'README.md': 'not a skill' });
      folder('skill-md-is-a-folder', { 'SKILL.md/inner.txt': 'x' });
      folder('deep-yaml', { 'SKILL.md': `---\nname: deep-yaml\ndescription: ${'['.repeat(5000)}\n---\n` });
      folder('alias-bomb', {
        'SKILL.md':
          `---\nname: alias-bomb\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b ` +
          `[*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d ` +
          `[*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: ` +
          `[*e,*e,*e,*e,*e,*e,*e,*e,*e]\ndescription: billion laughs\n---\n`,
      });
      writeFileSync(join(skills, 'stray-file.md'), 'a file, not a folder');
      symlinkSync(join(skills, 'loop-b'), join(skills, 'loop-a'));
      symlinkSync(join(skills, 'loop-a'), join(skills, 'loop-b'));
      symlinkSync(skills, join(skills, 'self-link'));
      symlinkSync('/etc', join(skills, 'outside-link'));
      symlinkSync(join(skills, 'nowhere'), join(skills, 'dangling'));
      const inner = folder('inner-loop', {
        'SKILL.md': '---\nname: inner-loop\ndescription: links to itself. Use in tests.\n---\n',
      });
      symlinkSync(inner, join(inner, 'again'));
      symlinkSync('/etc/passwd', join(inner, 'passwd'));
      const linked = folder('skill-md-link');
      symlinkSync('/etc/hostname', join(linked, 'SKILL.md'));

      const started = Date.now();
      const library = await loadSkillLibrary(skills);
      const trust = memoryTrustStore();
      const assessed = library.skills.map((skill) => assessSkill(skill, trust));
      const elapsed = Date.now() - started;
      const loaded = library.skills.map((skill) => skill.folderName).sort();
      const problems = library.problems
        .map((problem) => `${problem.path.slice(skills.length + 1)}: ${problem.reason}`)
        .sort();
      assert.ok(loaded.includes('good-skill'));
      assert.deepEqual(
        library.skills
          .find((skill) => skill.folderName === 'good-skill')
          ?.issues.filter((issue) => issue.severity === 'error'),
        [],
      );
      // Each invalid entry is either a reported problem or a skill carrying validation errors.
      const withErrors = library.skills
        .filter((skill) => skill.issues.some((issue) => issue.severity === 'error'))
        .map((skill) => skill.folderName);
      for (const name of [
        'binary-junk',
        'huge',
        'loop-a',
        'loop-b',
        'self-link',
        'outside-link',
        'dangling',
        'stray-file.md',
        'no-skill-md',
        'skill-md-is-a-folder',
        'skill-md-link',
      ]) {
        assert.ok(
          problems.some((line) => line.startsWith(`${name}`)),
          `${name} is reported as a problem: ${problems.join(', ')}`,
        );
      }
      for (const name of ['Bad Name!', 'UPPER_case', 'bad-yaml', 'no-frontmatter', 'empty', 'deep-yaml']) {
        assert.ok(
          withErrors.includes(name) || problems.some((line) => line.startsWith(name)),
          `${name} is reported: skills with errors ${withErrors.join(', ')}`,
        );
      }
      // A YAML alias bomb is bounded by the parser (alias limit): it loads or is reported, in bounded time.
      assert.ok(loaded.includes('alias-bomb') || problems.some((line) => line.startsWith('alias-bomb')));
      const inLoop = library.skills.find((skill) => skill.folderName === 'inner-loop');
      assert.ok(
        !inLoop || inLoop.files.every((file) => !(file.text ?? '').includes('root:')),
        'a symlinked /etc/passwd is never read into a skill',
      );
      assert.ok(elapsed < 20_000, `loading took ${elapsed} ms`);
      report.push(
        `skills folder with ${readdirSync(skills).length} hostile entries: ${library.problems.length} problems ` +
          `reported, ${withErrors.length} skills flagged with ` +
          `errors, ${assessed.filter((item) => item.quarantined).length} quarantined, loaded in ${elapsed} ms`,
      );
    },
  );
});
