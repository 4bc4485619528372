import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { excerptFiles } from '../../../src/core/distill/llm/commitExcerpts';
import { organicitySignals } from '../../../src/core/distill/llm/organicity';
import { extractDiff, lenientParse } from '../../../src/core/distill/llm/replayStep';
import { applySkillEdit, normaliseSkillName } from '../../../src/core/distill/llm/skillEdits';
import { parseUnifiedDiff, unifiedDiff } from '../../../src/core/diff/unifiedDiff';

describe('organicity signals', () => {
  it('names missed and extra files, missing internal identifiers and imports, and style', () => {
    const real = parseUnifiedDiff(
      unifiedDiff(
        'src/a.ts',
        'const x = 1;\n',
        "import { logEvent } from './log';\nconst x = 1;\nlogEvent('a', { x });\n",
      ) + unifiedDiff('test/a.test.ts', '', "it('works', () => {});\n"),
    );
    const attempt = parseUnifiedDiff(
      unifiedDiff(
        'src/a.ts',
        'const x = 1;\n',
        'const x = 1\nconsole.log("a", x)\nconsole.log("b")\nconsole.log("c")\n',
      ) + unifiedDiff('src/b.ts', '', 'x\n'),
    );
    const signals = organicitySignals(real, attempt);
    assert.deepEqual(signals.missedFiles, ['test/a.test.ts']);
    assert.deepEqual(signals.extraFiles, ['src/b.ts']);
    assert.equal(signals.missingIdentifiers[0], 'logEvent');
    assert.deepEqual(signals.missingImports, ["import { logEvent } from './log';"]);
    assert.ok(signals.style.some((note) => /quotes: real uses single/.test(note)));
    assert.ok(signals.overlap < 0.5);
  });

  it('reads a model diff with miscounted hunks leniently', () => {
    const text = extractDiff('blah\n```diff\n--- a/x.ts\n+++ b/x.ts\n@@ -1,9 +1,9 @@\n-old\n+new\n```');
    assert.throws(() => parseUnifiedDiff(text));
    const files = lenientParse(text);
    assert.deepEqual(
      files.map((file) => [file.newPath, file.hunks[0]?.lines]),
      [['x.ts', ['-old', '+new']]],
    );
  });

  it('trims pre-change files to the changed regions', () => {
    const before = Array.from({ length: 400 }, (_, index) => `line ${index + 1}`).join('\n');
    const after = before.replace('line 200', 'LINE 200');
    const [excerpt] = excerptFiles(
      parseUnifiedDiff(unifiedDiff('big.ts', before, after)),
      new Map([['big.ts', before]]),
      { contextLines: 5 },
    );
    assert.match(excerpt?.text ?? '', /^… lines 1-191 omitted …\nline 192\n/);
    assert.match(excerpt?.text ?? '', /line 208\n… lines 209-400 omitted …$/);
  });
});

describe('skill edits become candidates only when whole', () => {
  it('normalises names to the Agent Skills rules', () => {
    assert.equal(normaliseSkillName('  Use  logEvent()  Helper!! '), 'use-logevent-helper');
    assert.equal(normaliseSkillName('Ünïcode—Names'), 'unicode-names');
    assert.equal(normaliseSkillName('x'.repeat(70) + '-y'), 'x'.repeat(64));
    assert.equal(normaliseSkillName('***'), undefined);
  });

  it('drops empty bodies and deprecations of unknown skills; revises known ones', () => {
    const edit = { action: 'create' as const, name: 'a', description: 'd', body: '  ', scope: [] };
    assert.deepEqual(applySkillEdit(edit, new Map()), { ok: false, reason: "edit of 'a' has an empty body" });
    assert.equal(applySkillEdit({ ...edit, action: 'deprecate' }, new Map()).ok, false);
    const known = new Map([['a', { name: 'a', description: 'old', body: 'old body', scope: ['src/**'], hash: 'h1' }]]);
    const revised = applySkillEdit({ ...edit, body: 'new body' }, known);
    assert.ok(revised.ok);
    assert.deepEqual([revised.action, revised.skill.scope, revised.skill.hash], ['revise', ['src/**'], 'h1']);
    const deprecated = applySkillEdit({ ...edit, action: 'deprecate', rationale: 'replaced by b' }, known);
    assert.ok(deprecated.ok && deprecated.skill.body.startsWith('**Deprecated.** replaced by b'));
  });
});
