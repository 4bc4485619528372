import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSkillText, type SkillIssue } from '../../../src/core/skills/validate';
import { skillMd } from '../../support/skills/skillFixtures';

function rules(text: string, folderName?: string): string[] {
  return validateSkillText(text, { file: 'x/SKILL.md', folderName }).map((issue) => issue.rule);
}

function issue(text: string, rule: string, folderName?: string): SkillIssue | undefined {
  return validateSkillText(text, { file: 'x/SKILL.md', folderName }).find((found) => found.rule === rule);
}

describe('validateSkillText', () => {
  it('accepts a spec-conforming skill with every optional field', () => {
    const text = skillMd(
      'pdf-tools-2',
      'Extract text from PDFs. Use for PDF tasks.',
      '# Steps\n',
      'license: Apache-2.0\ncompatibility: Requires poppler-utils\nallowed-tools: Bash(pdftotext:*) ' +
        'Read\nmetadata:\n  author: team\n',
    );
    assert.deepEqual(validateSkillText(text, { file: 'f', folderName: 'pdf-tools-2' }), []);
  });

  const nameCases: [string, string][] = [
    ['PDF-Tools', 'name-charset'],
    ['pdf_tools', 'name-charset'],
    ['pdf tools', 'name-charset'],
    ['-pdf', 'name-hyphen-edge'],
    ['pdf-', 'name-hyphen-edge'],
    ['pdf--tools', 'name-double-hyphen'],
    ['a'.repeat(65), 'name-too-long'],
    ['""', 'name-empty'],
    ['[a, b]', 'name-type'],
  ];
  for (const [name, rule] of nameCases) {
    it(`flags name ${name.slice(0, 20)} as ${rule} on the name line`, () => {
      const found = issue(skillMd(name), rule);
      assert.ok(found, `expected ${rule}, got ${rules(skillMd(name)).join(',')}`);
      assert.equal(found.severity, 'error');
      assert.equal(found.line, 2);
    });
  }

  it('accepts a 64-character name and requires it to equal the folder', () => {
    assert.deepEqual(rules(skillMd('a'.repeat(64)), 'a'.repeat(64)), []);
    assert.deepEqual(rules(skillMd('deploy'), 'deploy-app'), ['name-folder-mismatch']);
  });

  it('requires name and description', () => {
    assert.deepEqual(rules('---\ndescription: d\n---\nbody\n'), ['name-missing']);
    assert.deepEqual(rules('---\nname: a\n---\nbody\n'), ['description-missing']);
    assert.deepEqual(rules(skillMd('a', '"   "')), ['description-empty']);
    assert.deepEqual(rules(skillMd('a', '[1]')), ['description-type']);
  });

  it('limits description to 1024 and compatibility to 500 characters', () => {
    assert.deepEqual(rules(skillMd('a', 'd'.repeat(1024))), []);
    const long = issue(skillMd('a', 'd'.repeat(1025)), 'description-too-long');
    assert.match(long?.message ?? '', /1025 characters; the limit is 1024/);
    assert.deepEqual(rules(skillMd('a', 'd', 'b\n', `compatibility: ${'c'.repeat(500)}\n`)), []);
    assert.deepEqual(rules(skillMd('a', 'd', 'b\n', `compatibility: ${'c'.repeat(501)}\n`)), [
      'compatibility-too-long',
    ]);
    assert.deepEqual(rules(skillMd('a', 'd', 'b\n', 'compatibility: ""\n')), ['compatibility-empty']);
  });

  it('checks the types of license, allowed-tools and metadata', () => {
    assert.deepEqual(rules(skillMd('a', 'd', 'b\n', 'license: [MIT]\n')), ['license-type']);
    assert.deepEqual(rules(skillMd('a', 'd', 'b\n', 'allowed-tools: [Bash, Read]\n')), ['allowed-tools-type']);
    assert.deepEqual(rules(skillMd('a', 'd', 'b\n', 'metadata: just-a-string\n')), ['metadata-type']);
    const nonString = issue(skillMd('a', 'd', 'b\n', 'metadata:\n  ok: "1"\n  version: 2\n'), 'metadata-value-type');
    assert.equal(nonString?.line, 6);
    assert.match(nonString?.message ?? '', /version/);
  });

  it('warns about unknown fields, an empty body, a long body and bad provenance', () => {
    const unknown = issue(skillMd('a', 'd', 'b\n', 'tags: [x]\n'), 'unknown-field');
    assert.equal(unknown?.severity, 'warning');
    assert.equal(unknown?.line, 4);
    assert.deepEqual(rules(skillMd('a', 'd', '\n')), ['body-empty']);
    assert.deepEqual(rules(skillMd('a', 'd', 'line\n'.repeat(499))), []);
    const long = issue(skillMd('a', 'd', 'line\n'.repeat(500)), 'body-too-long');
    assert.equal(long?.severity, 'warning');
    assert.deepEqual(rules(skillMd('a', 'd', 'b\n', 'metadata:\n  skillwright.confidence: high\n')), [
      'provenance-confidence',
    ]);
  });

  it('reports YAML syntax and a missing frontmatter as errors instead of throwing', () => {
    assert.deepEqual(rules('no frontmatter here\n'), ['frontmatter-missing']);
    const syntax = issue('---\nname: a\ndescription: "unterminated\n---\nbody\n', 'yaml-syntax');
    assert.equal(syntax?.severity, 'error');
    assert.ok((syntax?.line ?? 0) >= 3);
    assert.deepEqual(rules('---\n- a\n---\nbody\n'), ['yaml-syntax']);
  });
});
