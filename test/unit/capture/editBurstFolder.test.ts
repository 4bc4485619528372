import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksBinary } from '../../../src/core/capture/binary';
import { EditBurstFolder } from '../../../src/core/capture/editBurstFolder';

describe('EditBurstFolder', () => {
  it('folds many keystrokes into one burst with the diff of the whole burst', () => {
    const folder = new EditBurstFolder({ idleMs: 1500 });
    folder.track('/ws', 'src/a.ts', 'const a = 1;\n');
    let text = 'const a = 1;\n';
    let reads = 0;
    const typed = 'export function hello() {}\n';
    for (let i = 0; i < typed.length; i++) {
      text += typed[i];
      const snapshot = text;
      folder.change({
        workspaceFolder: '/ws',
        path: 'src/a.ts',
        ts: 1000 + i * 50,
        visibleInEditor: true,
        currentText: () => (reads++, snapshot),
      });
    }
    assert.deepEqual(folder.flushIdle(1000 + typed.length * 50), [], 'still typing: nothing flushes');
    const bursts = folder.flushIdle(1000 + typed.length * 50 + 1500);
    assert.equal(bursts.length, 1);
    const [burst] = bursts;
    assert.equal(burst?.changes, typed.length);
    assert.equal(burst?.linesAdded, 1);
    assert.equal(burst?.linesRemoved, 0);
    assert.match(burst?.diff ?? '', /^\+export function hello\(\) \{\}$/m);
    assert.equal(reads, 1, 'the text is read once per burst, not per keystroke');
  });

  it('uses the previous burst as the baseline of the next and flushes on save', () => {
    const folder = new EditBurstFolder({ idleMs: 1000 });
    folder.track(undefined, 'b.txt', 'one\n');
    folder.change({ path: 'b.txt', ts: 0, visibleInEditor: true, currentText: () => 'one\ntwo\n' });
    assert.equal(folder.flushIdle(2000).length, 1);
    folder.change({ path: 'b.txt', ts: 3000, visibleInEditor: false, currentText: () => 'one\nTWO\n' });
    const burst = folder.flushDocument(undefined, 'b.txt');
    assert.match(burst?.diff ?? '', /^-two$/m);
    assert.match(burst?.diff ?? '', /^\+TWO$/m);
    assert.equal(burst?.visibleInEditor, false);
    assert.equal(folder.pendingCount, 0);
  });

  it('asks for a baseline when it has no snapshot, and notes a burst without one', () => {
    const folder = new EditBurstFolder();
    folder.change({
      path: 'c.txt',
      ts: 0,
      visibleInEditor: true,
      currentText: () => 'new\n',
      baselineText: () => 'old\n',
    });
    assert.match(folder.flushAll()[0]?.diff ?? '', /^\+new$/m);
    folder.change({ path: 'd.txt', ts: 0, visibleInEditor: true, currentText: () => 'x' });
    assert.equal(folder.flushAll()[0]?.skipped, 'no-baseline');
  });

  it('does not diff files over the size cap', () => {
    const folder = new EditBurstFolder({ maxFileChars: 100 });
    folder.track(undefined, 'big.json', 'a');
    folder.change({ path: 'big.json', ts: 0, visibleInEditor: true, currentText: () => 'x'.repeat(101) });
    const [burst] = folder.flushAll();
    assert.equal(burst?.skipped, 'too-large');
    assert.equal(burst?.diff, undefined);
  });

  it('keeps at most maxTrackedDocuments snapshots', () => {
    const folder = new EditBurstFolder({ maxTrackedDocuments: 3 });
    for (let i = 0; i < 10; i++) folder.track(undefined, `f${i}`, 'text');
    folder.change({ path: 'f0', ts: 0, visibleInEditor: true, currentText: () => 'changed' });
    assert.equal(folder.flushAll()[0]?.skipped, 'no-baseline', 'the oldest snapshot was evicted');
    folder.change({ path: 'f9', ts: 0, visibleInEditor: true, currentText: () => 'changed' });
    assert.ok(folder.flushAll()[0]?.diff);
  });
});

describe('looksBinary', () => {
  it('flags NUL bytes the way git does', () => {
    assert.equal(looksBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])), true);
    assert.equal(looksBinary('plain text\n'), false);
    assert.equal(looksBinary(Buffer.from('héllo')), false);
  });
});
