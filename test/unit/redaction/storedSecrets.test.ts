import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { eventsCarrying } from '../../support/store/sampleEvents';
import { secretCorpus } from '../../support/store/secretCorpus';
import { openQuietStore, tempStoreDir } from '../../support/store/tempStore';

/** Every byte the store keeps on disk, files of every kind concatenated. */
function allStoreBytes(dir: string): string {
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name)).toString('latin1'))
    .join('\n');
}

describe('secrets never reach the store', () => {
  it(
    'redacts every corpus secret from terminal output, diffs, commits and transcript steps before ' +
      'the event log, the database and the export',
    async () => {
      const corpus = secretCorpus();
      const temp = tempStoreDir();
      const store = await openQuietStore(temp.dbPath);
      corpus.forEach((entry, index) => store.append(eventsCarrying(entry.text, `s${index}`, 1000 + index * 10)));
      await store.flush();
      const journal = readFileSync(`${temp.dbPath}.events-1`).toString('utf8');
      assert.ok(journal.length > 0);
      const stored = store.listEvents();
      assert.equal(stored.length, corpus.length * 5);
      await store.checkpoint();
      const exportPath = join(temp.dir, 'export.jsonl');
      await store.exportJsonl(exportPath);
      const exported = readFileSync(exportPath, 'utf8');
      await store.close();
      const onDisk = allStoreBytes(temp.dir);

      const leaks = corpus.filter(
        (entry) =>
          journal.includes(entry.secret) ||
          exported.includes(entry.secret) ||
          onDisk.includes(entry.secret) ||
          JSON.stringify(stored).includes(entry.secret),
      );
      assert.deepEqual(
        leaks.map((entry) => entry.name),
        [],
        'secrets found in the event log, database or export',
      );
      assert.ok(exported.includes('[REDACTED:'), 'the export shows where something was removed');
      process.stdout.write(`stored-secrets: ${corpus.length} formats × 5 event kinds, 0 leaked\n`);
      temp.cleanup();
    },
  );
});
