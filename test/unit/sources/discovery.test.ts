import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverTranscriptSources, sourceForChangedPath } from '../../../src/core/sources/discovery';
import { claudeProjectDirName, transcriptRoots } from '../../../src/core/sources/transcriptRoots';
import {
  CLAUDE_SESSION,
  installAllAgents,
  installFixture,
  makeTranscriptHome,
  type TranscriptHome,
} from '../../support/sources/transcriptHome';

describe('discoverTranscriptSources', () => {
  let home: TranscriptHome;
  let other: string;
  before(() => {
    home = makeTranscriptHome();
    other = join(home.root, 'work', 'other-project');
    mkdirSync(other, { recursive: true });
    installAllAgents(home);
  });
  after(() => home.cleanup());

  const discover = (
    workspaceFolders: string[],
    extra: Partial<Parameters<typeof discoverTranscriptSources>[0]> = {},
  ): ReturnType<typeof discoverTranscriptSources> =>
    discoverTranscriptSources({
      workspaceFolders,
      env: {},
      platform: 'linux',
      homedir: home.home,
      vscodeUserDataDirs: [home.userData],
      ...extra,
    });

  it("finds every agent's transcripts for the workspace by the cwd recorded inside them", async () => {
    const { sources, watch } = await discover([home.workspace]);
    const agents = sources.map((source) => source.agent).sort();
    assert.deepEqual(agents, [
      'claude-code',
      'claude-code',
      'cline',
      'codex',
      'copilot',
      'copilot',
      'gemini-cli',
      'roo',
    ]);
    assert.ok(sources.every((source) => source.workspaceFolder === home.workspace));
    assert.equal(sources.filter((source) => source.kind === 'taskFolder').length, 2);
    assert.ok(
      watch.some(
        (location) => location.agent === 'claude-code' && location.base === join(home.home, '.claude', 'projects'),
      ),
    );
    assert.ok(watch.some((location) => location.agent === 'copilot' && location.base.endsWith('chatSessions')));
  });

  it('finds nothing for another folder, and ignores a look-alike folder whose recorded cwd is elsewhere', async () => {
    assert.deepEqual((await discover([other])).sources, []);
    // "webapp-old" encodes to a name that starts like "webapp": it passes the name pre-filter only.
    const sibling = `${home.workspace}-old`;
    const lookalike = join(home.home, '.claude', 'projects', claudeProjectDirName(sibling));
    installFixture(`claude/${CLAUDE_SESSION}.jsonl`, join(lookalike, 'x.jsonl'), sibling);
    const { sources } = await discover([home.workspace]);
    assert.ok(!sources.some((source) => source.path.startsWith(lookalike)));
    const forSibling = await discover([sibling], { enabledAgents: ['claude-code'] });
    assert.deepEqual(
      forSibling.sources.map((source) => source.path),
      [join(lookalike, 'x.jsonl')],
    );
  });

  it('matches sessions started in a sub-folder of the workspace, and honours the agent switches', async () => {
    const sub = join(home.workspace, 'packages', 'api');
    installFixture(
      `claude/${CLAUDE_SESSION}.jsonl`,
      join(home.home, '.claude', 'projects', claudeProjectDirName(sub), 'sub.jsonl'),
      sub,
    );
    const { sources } = await discover([home.workspace], { enabledAgents: ['claude-code'] });
    assert.ok(sources.some((source) => source.path.endsWith('sub.jsonl') && source.workspaceFolder === home.workspace));
    assert.ok(sources.every((source) => source.agent === 'claude-code'));
  });

  it('honours CLAUDE_CONFIG_DIR, CODEX_HOME and extra locations', async () => {
    const claudeDir = join(home.root, 'custom-claude');
    const codexHome = join(home.root, 'custom-codex');
    installFixture(
      `claude/${CLAUDE_SESSION}.jsonl`,
      join(claudeDir, 'projects', claudeProjectDirName(other), 's.jsonl'),
      other,
    );
    installFixture(
      'codex/rollout-2026-11-03T14-20-00-0199a7c2-5e41-7d30-b1e2-3f4a5b6c7d8e.jsonl',
      join(codexHome, 'sessions', '2026', '11', '03', 'rollout-x.jsonl'),
      other,
    );
    const extra = join(home.root, 'synced-transcripts');
    installFixture(`claude/${CLAUDE_SESSION}.jsonl`, join(extra, 'deep', 'e.jsonl'), other);
    writeFileSync(join(extra, 'deep', 'not-json.jsonl'), 'garbage\n');
    const { sources } = await discover([other], {
      env: { CLAUDE_CONFIG_DIR: claudeDir, CODEX_HOME: codexHome },
      extraLocations: [{ agent: 'claude-code', path: extra }],
    });
    assert.deepEqual(sources.map((source) => `${source.agent}:${source.path.slice(home.root.length)}`).sort(), [
      'claude-code:/custom-claude/projects/' + claudeProjectDirName(other) + '/s.jsonl',
      'claude-code:/synced-transcripts/deep/e.jsonl',
      'codex:/custom-codex/sessions/2026/11/03/rollout-x.jsonl',
    ]);
  });

  it('classifies a file a watcher reports, by its recorded cwd', async () => {
    const options = { workspaceFolders: [home.workspace], platform: 'linux' as const };
    const codexFile = join(
      home.home,
      '.codex',
      'sessions',
      '2026',
      '11',
      '03',
      'rollout-2026-11-03T14-20-00-0199a7c2-5e41-7d30-b1e2-3f4a5b6c7d8e.jsonl',
    );
    assert.equal((await sourceForChangedPath('codex', codexFile, options))?.workspaceFolder, home.workspace);
    assert.equal(
      await sourceForChangedPath('codex', codexFile, { workspaceFolders: [other], platform: 'linux' }),
      undefined,
    );
    const uiFile = join(
      home.userData,
      'User',
      'globalStorage',
      'saoudrizwan.claude-dev',
      'tasks',
      '1762600000000',
      'ui_messages.json',
    );
    assert.deepEqual(await sourceForChangedPath('cline', uiFile, options), {
      agent: 'cline',
      path: join(uiFile, '..'),
      kind: 'taskFolder',
      workspaceFolder: home.workspace,
    });
    const copilotFile = join(
      home.userData,
      'User',
      'workspaceStorage',
      'a1b2c3',
      'chatSessions',
      '77aa88bb-0000-4000-8000-ccddeeff0011.jsonl',
    );
    assert.equal((await sourceForChangedPath('copilot', copilotFile, options))?.kind, 'file');
    assert.equal(await sourceForChangedPath('claude-code', join(home.root, 'missing.jsonl'), options), undefined);
  });

  it('knows the default locations on Linux, macOS and Windows', () => {
    const linux = transcriptRoots({ env: {}, platform: 'linux', homedir: '/home/u' });
    assert.deepEqual(linux.claudeProjects, ['/home/u/.claude/projects', '/home/u/.config/claude/projects']);
    assert.deepEqual(linux.codexSessions, ['/home/u/.codex/sessions']);
    assert.deepEqual(linux.geminiTmp, ['/home/u/.gemini/tmp']);
    assert.ok(linux.vscodeUserDirs.includes('/home/u/.config/Code/User'));
    assert.ok(linux.vscodeUserDirs.includes('/home/u/.config/Code - Insiders/User'));
    assert.ok(linux.vscodeUserDirs.includes('/home/u/.local/share/code-server/User'));
    const mac = transcriptRoots({ env: {}, platform: 'darwin', homedir: '/Users/u' });
    assert.ok(mac.vscodeUserDirs.includes('/Users/u/Library/Application Support/VSCodium/User'));
    const win = transcriptRoots({
      env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
      platform: 'win32',
      homedir: 'C:\\Users\\u',
    });
    assert.deepEqual(win.codexSessions, ['C:\\Users\\u\\.codex\\sessions']);
    assert.ok(win.vscodeUserDirs.includes('C:\\Users\\u\\AppData\\Roaming\\Code\\User'));
  });

  it('matches paths case-insensitively on case-insensitive platforms', async () => {
    const { sources } = await discoverTranscriptSources({
      workspaceFolders: [home.workspace.toUpperCase()],
      env: {},
      platform: 'darwin',
      homedir: home.home,
      vscodeUserDataDirs: [],
      enabledAgents: ['codex'],
    });
    assert.equal(sources.length, 1);
  });
});
