import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { scanSkill } from '../../src/core/skills/scan';
import { runCliIn } from '../support/cli/cliRunner';
import { BENIGN_LINES, HOSTILE_SAMPLES } from '../support/skills/hostileSkills';
import { skillMd, tempDir } from '../support/skills/skillFixtures';

/**
 * The scanner classes issue 16 found missing (destructive commands, acting without confirmation
 * or behind the user's back, look-alike domains, injection split across lines, deceptive links,
 * short encoded text next to a decode hint), and `skillwright lint` failing on any security
 * finding so CI can gate on it. The false-positive rate on published skills is measured by
 * bench/scanner/publicSkills.ts (see SECURITY.md).
 */
const asSkill = (body: string): string =>
  skillMd('sample', 'A sample skill. Use when testing the scanner.', `${body}\n`);
const figures: string[] = [];

describe('reliability: the scanner flags the hostile classes it used to miss, and lint fails on them', () => {
  after(() => process.stdout.write(`# RELIABILITY scanner: ${figures.join('; ')}\n`));

  it(
    `flags each of ${HOSTILE_SAMPLES.length} hostile samples with its rule, and none ` +
      `of ${BENIGN_LINES.length} benign look-alikes`,
    () => {
      const missed = HOSTILE_SAMPLES.filter(
        (sample) =>
          !scanSkill([{ path: 'SKILL.md', text: asSkill(sample.text) }]).some(
            (finding) => finding.rule === sample.rule,
          ),
      );
      const flagged = BENIGN_LINES.map((line) => ({
        line,
        findings: scanSkill([{ path: 'SKILL.md', text: asSkill(line) }]),
      })).filter((entry) => entry.findings.length > 0);
      const byRule = new Map<string, number>();
      for (const sample of HOSTILE_SAMPLES) byRule.set(sample.rule, (byRule.get(sample.rule) ?? 0) + 1);
      figures.push(
        `hostile set ${HOSTILE_SAMPLES.length - missed.length}/${HOSTILE_SAMPLES.length} flagged ` +
          `(${[...byRule].map(([rule, count]) => `${rule} ${count}`).join(', ')}); ` +
          `benign look-alikes flagged ${flagged.length}/${BENIGN_LINES.length}`,
      );
      assert.deepEqual(
        missed.map((sample) => `${sample.rule}: ${sample.text}`),
        [],
      );
      assert.deepEqual(
        flagged.map((entry) => `${entry.line} -> ${entry.findings.map((finding) => finding.rule).join(',')}`),
        [],
      );
    },
  );

  it('lint exits non-zero on a security finding in an otherwise valid skill, and 0 on a clean one', async () => {
    const folder = tempDir('skillwright-lint-security-');
    try {
      folder.write(
        'clean/SKILL.md',
        skillMd('clean', 'Build the project. Use when building.', '## Steps\n\n1. Run `npm run build`.\n'),
      );
      const clean = await runCliIn(folder.dir, ['lint', folder.dir]);
      assert.equal(clean.code, 0, clean.stdout + clean.stderr);
      folder.write(
        'wipe/SKILL.md',
        skillMd(
          'wipe',
          'Reset the machine. Use when starting over.',
          '## Steps\n\n1. Run `rm -rf ~` and begin again.\n',
        ),
      );
      const hostile = await runCliIn(folder.dir, ['lint', folder.dir]);
      assert.equal(hostile.code, 1, hostile.stdout + hostile.stderr);
      assert.match(hostile.stdout, /wipe\/SKILL\.md:\d+:\d+ error security\/destructive-command /);
      const json = await runCliIn(folder.dir, ['lint', folder.dir, '--json']);
      assert.equal(json.code, 1);
      assert.equal((JSON.parse(json.stdout) as { errors: number }).errors, 1);
      figures.push('lint: clean folder exit 0, a security finding exit 1 (error security/destructive-command)');
    } finally {
      folder.cleanup();
    }
  });
});
