import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadMetaSkill, MetaSkillNotFound, shippedSkillsDir, splitSkillFile } from '../../../src/core/llm/metaSkills';

const SHIPPED = [
  'commit-replay-attempt',
  'commit-replay-distill',
  'trajectory-reflect',
  'lesson-consolidate',
  'gap-synthesis',
  'agent-vs-commit',
];

describe('meta-skills (the prompts)', () => {
  it('ships every prompt as a valid Agent Skill: name = folder, description, version, body', () => {
    const dir = shippedSkillsDir();
    assert.ok(dir, 'the shipped skills folder is found from the source tree');
    assert.deepEqual(readdirSync(dir).sort(), [...SHIPPED].sort());
    for (const name of SHIPPED) {
      const { fields, metadata, body } = splitSkillFile(readFileSync(join(dir, name, 'SKILL.md'), 'utf8'));
      assert.equal(fields.name, name);
      assert.ok(fields.description && fields.description.length <= 1024, `${name} description`);
      assert.match(metadata.version ?? '', /^\d+$/, `${name} version`);
      assert.ok(body.split('\n').length < 500 && body.includes('## Output'), `${name} body`);
    }
  });

  it('prefers a workspace override of the same name and falls back to the shipped file', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'sw-prompts-'));
    try {
      mkdirSync(join(workspace, 'gap-synthesis'), { recursive: true });
      writeFileSync(
        join(workspace, 'gap-synthesis', 'SKILL.md'),
        '---\nname: gap-synthesis\ndescription: team version\nmetadata:\n  version: "7"\n---\nOur own prompt.\n',
      );
      const overridden = loadMetaSkill('gap-synthesis', { workspaceOverrideDir: workspace });
      assert.deepEqual([overridden.origin, overridden.version, overridden.body], ['workspace', '7', 'Our own prompt.']);
      const shipped = loadMetaSkill('trajectory-reflect', { workspaceOverrideDir: workspace });
      assert.equal(shipped.origin, 'shipped');
      assert.match(shipped.body, /Reflect on one agent session/);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('reports a missing prompt by name', () => {
    assert.throws(() => loadMetaSkill('no-such-prompt'), MetaSkillNotFound);
    assert.throws(() => loadMetaSkill('../etc'), /invalid meta-skill name/);
  });
});
