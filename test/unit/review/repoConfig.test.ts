import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_MAX_PENDING, DEFAULT_RECONCILE_OPTIONS } from '../../../src/core/candidates/reconcile';
import { DEFAULT_HALF_LIFE_COMMITS } from '../../../src/core/history/recency';
import { readRepoConfig } from '../../../src/core/review/repoConfig';

/** A setting's default as VS Code reads it from the manifest. */
function settingDefault(key: string): unknown {
  const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
  };
  const setting = manifest.contributes.configuration.properties[key];
  assert.ok(setting, `package.json declares ${key}`);
  return setting.default;
}

describe('readRepoConfig', () => {
  it('applies the shared defaults to whatever a host leaves out', () => {
    assert.deepEqual(readRepoConfig('/repo'), {
      root: '/repo',
      skillsFolder: join('/repo', '.agents/skills'),
      mirrors: [],
      maxPending: DEFAULT_MAX_PENDING,
      halfLifeCommits: DEFAULT_HALF_LIFE_COMMITS,
    });
  });

  it('keeps what a host gives, resolving the skills folder against the root', () => {
    const config = readRepoConfig('/repo', {
      skillsFolder: 'skills',
      mirrors: ['.claude/skills'],
      maxPending: 3,
      halfLifeCommits: 80,
    });
    assert.deepEqual(config, {
      root: '/repo',
      skillsFolder: join('/repo', 'skills'),
      mirrors: ['.claude/skills'],
      maxPending: 3,
      halfLifeCommits: 80,
    });
  });

  it('has one default pending cap: the package.json setting and the reconcile defaults use the core constant', () => {
    assert.equal(settingDefault('skillwright.learn.maxPending'), DEFAULT_MAX_PENDING);
    assert.equal(DEFAULT_RECONCILE_OPTIONS.maxPending, DEFAULT_MAX_PENDING);
  });
});
