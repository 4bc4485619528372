import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  AGENTS_MD_END,
  AGENTS_MD_START,
  updateAgentsMdFile,
  updateAgentsMdText,
} from '../../../src/core/skills/agentsMd';
import { tempDir } from '../../support/skills/skillFixtures';

const skills = [
  { name: 'run-tests', description: 'Run the unit tests.' },
  { name: 'deploy', description: 'Deploy to staging.\nThen check <!-- health -->.' },
];
const options = { skillsFolder: '.agents/skills' };

describe('AGENTS.md index', () => {
  it('appends a section to an existing file without touching the rest', () => {
    const before = '# Agents\n\nUse pnpm.\n';
    const { text, changed } = updateAgentsMdText(before, skills, options);
    assert.equal(changed, true);
    assert.ok(text.startsWith(`${before}\n${AGENTS_MD_START}\n`));
    assert.ok(text.endsWith(`${AGENTS_MD_END}\n`));
    assert.ok(text.indexOf('[deploy]') < text.indexOf('[run-tests]'), 'sorted by name');
    assert.match(
      text,
      /- \[deploy\]\(\.agents\/skills\/deploy\/SKILL\.md\): Deploy to staging\. Then check health \.$/m,
    );
  });

  it('replaces only the text between the markers and is idempotent', () => {
    const first = updateAgentsMdText('intro\n', skills, options).text;
    const withOutside = `before\n${first}after: keep me\n`;
    const updated = updateAgentsMdText(withOutside, [skills[0] ?? { name: 'x', description: 'y' }], options);
    assert.ok(updated.text.startsWith('before\nintro\n\n'));
    assert.ok(updated.text.endsWith(`${AGENTS_MD_END}\nafter: keep me\n`));
    assert.doesNotMatch(updated.text, /\[deploy\]/);
    const again = updateAgentsMdText(updated.text, [skills[0] ?? { name: 'x', description: 'y' }], options);
    assert.equal(again.changed, false);
    assert.equal(again.text, updated.text);
  });

  it('keeps CRLF line endings and creates a file that does not exist', async () => {
    const crlf = updateAgentsMdText('# A\r\n', skills, options).text;
    assert.doesNotMatch(crlf.replace(/\r\n/g, ''), /\n/);
    const tmp = tempDir();
    try {
      const path = join(tmp.dir, 'AGENTS.md');
      await updateAgentsMdFile(path, [], options);
      assert.match(readFileSync(path, 'utf8'), /_No skills yet\._/);
      const second = await updateAgentsMdFile(path, [], options);
      assert.equal(second.changed, false);
    } finally {
      tmp.cleanup();
    }
  });

  it('leaves a file with damaged markers untouched and says why', () => {
    for (const damaged of [
      `${AGENTS_MD_START}\nno end`,
      `${AGENTS_MD_END}\n${AGENTS_MD_START}\n`,
      `${AGENTS_MD_START}${AGENTS_MD_END}${AGENTS_MD_START}${AGENTS_MD_END}`,
    ]) {
      const result = updateAgentsMdText(damaged, skills, options);
      assert.equal(result.text, damaged);
      assert.equal(result.changed, false);
      assert.match(result.problem ?? '', /damaged/);
    }
  });
});
