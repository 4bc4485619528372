// The VS Code side of transcript importing, minus the vscode module: where the editor's user data
// lives, which agents the settings switch on, and the import sink that makes sessions.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SessionRepository } from '../../../src/core/sessions/sessionRepository';
import { discoverTranscriptSources } from '../../../src/core/sources/discovery';
import { importTranscripts } from '../../../src/core/sources/importTranscripts';
import { KvOffsetStore } from '../../../src/core/sources/tailState';
import { type EventStore } from '../../../src/core/store/eventStore';
import { openEventStore } from '../../../src/core/store/openEventStore';
import { resolveWasmPath } from '../../../src/core/store/sqlJsDatabase';
import { SessionizingSink } from '../../../src/core/sources/sessionizingSink';
import { enabledAgents, expandLocation, userDataDirsOf } from '../../../src/vscode/transcripts/transcriptLocations';
import {
  CLAUDE_SESSION,
  installAllAgents,
  makeTranscriptHome,
  type TranscriptHome,
} from '../../support/sources/transcriptHome';

const file = (fsPath: string): { scheme: string; fsPath: string } => ({ scheme: 'file', fsPath });

describe('transcript locations from the editor', () => {
  it('finds <userData> three levels above globalStorageUri and four above storageUri', () => {
    assert.deepEqual(
      userDataDirsOf({
        globalStorageUri: file('/u/Code/User/globalStorage/skillwright.skillwright'),
        storageUri: file('/u/Code/User/workspaceStorage/ab12/skillwright.skillwright'),
      }),
      ['/u/Code'],
    );
    assert.deepEqual(
      userDataDirsOf({
        globalStorageUri: file('/srv/cs/User/globalStorage/x'),
        storageUri: file('/other/User/workspaceStorage/h/x'),
      }),
      ['/srv/cs', '/other'],
    );
    assert.deepEqual(
      userDataDirsOf({
        globalStorageUri: { scheme: 'vscode-remote', fsPath: '/u/Code/User/globalStorage/x' },
        storageUri: undefined,
      }),
      [],
      'a remote host has no local user data',
    );
    assert.deepEqual(
      userDataDirsOf({ globalStorageUri: file('/odd/layout/x') }),
      [],
      'an unknown layout is not guessed at',
    );
  });

  it('expands ~ in extra locations and drops relative ones', () => {
    assert.equal(expandLocation('~/transcripts', '/home/me'), join('/home/me', 'transcripts'));
    assert.equal(expandLocation(' /data/claude/ ', '/home/me'), '/data/claude/');
    assert.equal(expandLocation('relative/dir', '/home/me'), undefined);
    assert.equal(expandLocation('  ', '/home/me'), undefined);
  });

  it('maps the per-agent switches to agent ids', () => {
    const agents = { claudeCode: true, codex: false, geminiCli: true, copilotChat: false, cline: true, roo: false };
    assert.deepEqual(enabledAgents({ agents, extraLocations: [] }), ['claude-code', 'gemini-cli', 'cline']);
  });
});

describe('SessionizingSink', () => {
  let home: TranscriptHome;
  let store: EventStore;
  before(async () => {
    home = makeTranscriptHome();
    installAllAgents(home);
    store = await openEventStore({ dbPath: join(home.root, 'store', 'skillwright.db'), wasmPath: resolveWasmPath() });
  });
  after(async () => {
    await store.close();
    home.cleanup();
  });

  it('stores imported steps in sessions named by the transcript, with the first prompt as task', async () => {
    const userData = userDataDirsOf({
      globalStorageUri: file(join(home.userData, 'User', 'globalStorage', 'skillwright.skillwright')),
    });
    const { sources } = await discoverTranscriptSources({
      workspaceFolders: [home.workspace],
      env: {},
      platform: 'linux',
      homedir: home.home,
      vscodeUserDataDirs: userData,
    });
    assert.deepEqual(
      [...new Set(sources.map((source) => source.agent))].sort(),
      ['claude-code', 'cline', 'codex', 'copilot', 'gemini-cli', 'roo'],
      'Copilot, Cline and Roo are found through the derived user-data folder',
    );
    const repository = new SessionRepository(store.db);
    const sink = new SessionizingSink(store, repository);
    const summary = await importTranscripts({ sources, sink, offsets: new KvOffsetStore(store.db) });
    await sink.finish();

    const sessions = repository.listRecent(100);
    assert.equal(sessions.length, summary.sessions);
    const claude = repository.get(`claude-code:${CLAUDE_SESSION}`);
    assert.ok(claude, `sessions: ${sessions.map((session) => session.id).join(', ')}`);
    assert.equal(claude.actor, 'claude-code');
    assert.equal(claude.kind, 'transcript');
    assert.ok(claude.task && claude.task.length > 0, 'the first prompt is the task');
    const firstPrompt = store
      .listEvents({ sessionId: claude.id })
      .find((event) => event.type === 'transcript' && event.step.kind === 'prompt');
    assert.equal(
      firstPrompt?.type === 'transcript' && firstPrompt.step.kind === 'prompt'
        ? firstPrompt.step.text.slice(0, 2000)
        : undefined,
      claude.task,
    );
    assert.equal(store.countEvents(), summary.steps, 'every step is stored once');
    assert.ok(claude.eventIds.length > 5);
  });
});
