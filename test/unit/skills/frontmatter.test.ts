import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSkillMarkdown, serializeSkillMarkdown } from '../../../src/core/skills/frontmatter';
import { readSkillDocument, writeSkillDocument } from '../../../src/core/skills/skillFile';

const SOURCE = `---
# Owned by the platform team
name: release-notes # keep in sync with folder
description: Write release notes. Use when tagging a release.
x-team-owner: platform
metadata:
  author: dana
  skillwright.source: commit-replay
license: MIT
---
# Release notes

1. Read the merged PRs.
`;

describe('frontmatter', () => {
  it('splits frontmatter from body and knows the body line', () => {
    const split = parseSkillMarkdown(SOURCE);
    assert.deepEqual(split.problems, []);
    assert.equal(split.body, '# Release notes\n\n1. Read the merged PRs.\n');
    assert.equal(split.bodyLine, 11);
    assert.equal(split.frontmatter?.get(['metadata', 'author']), 'dana');
  });

  it('round-trips unchanged text byte for byte', () => {
    const split = parseSkillMarkdown(SOURCE);
    assert.ok(split.frontmatter);
    const again = serializeSkillMarkdown(split.frontmatter, split.body);
    assert.equal(again, SOURCE);
  });

  it('keeps unknown keys, comments and key order when a field is rewritten', () => {
    const { doc } = readSkillDocument(SOURCE);
    doc.description = 'Draft release notes from merged pull requests.';
    doc.metadata['skillwright.version'] = '2';
    const out = writeSkillDocument(doc);
    assert.match(out, /^# Owned by the platform team$/m);
    assert.match(out, /^name: release-notes # keep in sync with folder$/m);
    assert.match(out, /^x-team-owner: platform$/m);
    assert.match(out, /^ {2}author: dana$/m);
    assert.match(out, /^ {2}skillwright\.version: "2"$/m);
    assert.match(out, /^description: Draft release notes from merged pull requests\.$/m);
    assert.ok(
      out.indexOf('x-team-owner') < out.indexOf('metadata:') && out.indexOf('metadata:') < out.indexOf('license: MIT'),
    );
    assert.ok(out.endsWith('1. Read the merged PRs.\n'));
    const reread = readSkillDocument(out).doc;
    assert.equal(reread.metadata['skillwright.version'], '2');
  });

  it('reports a missing or unterminated block and YAML errors with file lines, without throwing', () => {
    assert.match(parseSkillMarkdown('# just markdown\n').problems[0]?.message ?? '', /missing YAML frontmatter/);
    assert.match(parseSkillMarkdown('---\nname: a\n').problems[0]?.message ?? '', /not closed/);
    const broken = parseSkillMarkdown('---\nname: ok\ndescription: [unclosed\n---\nbody\n');
    assert.ok(broken.problems.length > 0);
    assert.ok((broken.problems[0]?.line ?? 0) >= 3, 'YAML error line is offset by the opening ---');
  });

  it('reads CRLF files and a BOM', () => {
    const crlf = `\uFEFF${SOURCE.replace(/\n/g, '\r\n')}`;
    const { doc, problems } = readSkillDocument(crlf);
    assert.deepEqual(problems, []);
    assert.equal(doc.name, 'release-notes');
    assert.equal(doc.license, 'MIT');
  });

  it('survives hostile input shapes', () => {
    for (const text of [
      '',
      '---',
      '---\n---\n',
      '---\n- a\n- b\n---\nx',
      '---\n: :\n---\n',
      '\u0000\u0001---\n',
      '---\nname: &a [*a]\n---\n',
    ]) {
      assert.doesNotThrow(() => readSkillDocument(text));
    }
  });
});
