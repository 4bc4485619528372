import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutputCollector } from '../../../src/core/capture/outputCollector';
import { buildTerminalEvent } from '../../../src/core/capture/terminalEvent';
import { terminalExcerpt } from '../../../src/core/capture/terminalExcerpt';

describe('terminalExcerpt', () => {
  it('strips colours, cursor moves and shell-integration OSC marks', () => {
    const raw =
      '\u001b]633;C\u0007\u001b[1;32mPASS\u001b[0m ' +
      'src/a.test.ts\r\n\u001b]133;D;0\u0007\u001b[2K\u001b[1Gdone\r\n\u001b]0;my title with spaces\u0007';
    const { output, truncated } = terminalExcerpt(raw);
    assert.equal(output, 'PASS src/a.test.ts\ndone');
    assert.equal(truncated, false);
  });

  it('keeps only the final state of carriage-return progress redraws', () => {
    const raw = 'Downloading  10%\rDownloading  55%\rDownloading 100%\r\nInstalled 3 packages\n';
    assert.equal(terminalExcerpt(raw).output, 'Downloading 100%\nInstalled 3 packages');
  });

  it('caps long output at the byte budget, keeping head and tail with a marker', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);
    lines[0] = 'FIRST LINE';
    lines[1999] = 'Error: the real failure is at the end';
    const { output, truncated } = terminalExcerpt(lines.join('\n'), 4096);
    assert.equal(truncated, true);
    assert.ok(Buffer.byteLength(output) <= 4096, `excerpt is ${Buffer.byteLength(output)} bytes`);
    assert.ok(output.startsWith('FIRST LINE'));
    assert.ok(output.endsWith('Error: the real failure is at the end'));
    assert.match(output, /… \[\d+ bytes, \d+ lines cut\] …/);
  });

  it('never splits a multi-byte character at the cut', () => {
    const { output } = terminalExcerpt('é'.repeat(5000), 1000);
    assert.ok(!output.includes('\uFFFD'));
    assert.ok(Buffer.byteLength(output) <= 1000);
  });
});

describe('OutputCollector', () => {
  it('bounds memory on huge streams but keeps head and tail', () => {
    const collector = new OutputCollector(1000);
    collector.push('START\n');
    for (let i = 0; i < 10_000; i++) collector.push(`chunk ${i} ${'y'.repeat(50)}\n`);
    collector.push('END\n');
    const text = collector.text();
    assert.ok(text.length < 4000);
    assert.ok(text.startsWith('START'));
    assert.ok(text.trimEnd().endsWith('END'));
    assert.match(text, /characters cut/);
  });
});

describe('buildTerminalEvent', () => {
  it('maps confidence, duration and a missing exit code', () => {
    const event = buildTerminalEvent(
      'id1',
      {
        commandLine: ' npm test ',
        confidence: 2,
        terminalName: 'zsh',
        startedAt: 1000,
        endedAt: 3500,
        output: '\u001b[31mfail\u001b[0m',
      },
      { actor: 'human', confidence: 0.6, evidence: [] },
    );
    assert.equal(event.commandLine, 'npm test');
    assert.equal(event.commandConfidence, 'high');
    assert.equal(event.durationMs, 2500);
    assert.equal(event.ts, 3500);
    assert.equal(event.exitCode, undefined);
    assert.ok(!('exitCode' in event));
    assert.equal(event.output, 'fail');
  });
});
