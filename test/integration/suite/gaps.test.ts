// Issue 9 in the real host: a Claude Code session whose first prompt no skill covers shows up as a
// knowledge gap; accepting a skill that covers the task closes it.
import * as assert from 'node:assert/strict';
import type { GapSummary, SkillwrightApi } from '../../../src/vscode/api';
import { FakeClaudeSession } from './support/fakeAgents';
import { eventually, skillwrightApi, workspaceRoot } from './support/host';

const TASK =
  'Write the commit message for the router change, following the commit message conventions of this repository';

function isOurGap(gap: GapSummary): boolean {
  return /commit message/i.test(gap.task);
}

function listGaps(gaps: GapSummary[]): string {
  return gaps.map((gap) => `"${gap.task}" (${gap.status}, ${gap.occurrences}x)`).join('; ') || 'none';
}

suite('Gaps in the real host (issue 9)', () => {
  let api: SkillwrightApi;
  let root: string;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await skillwrightApi();
    root = workspaceRoot();
  });

  test('an agent task no skill covers becomes a gap, and accepting a covering skill closes it', async function () {
    this.timeout(120_000);
    const before = (await api.findSkills(TASK)).find((match) => match.name === 'commit-message-conventions');
    assert.equal(before, undefined, 'the workspace should not have a commit-conventions skill yet');

    const claude = new FakeClaudeSession(root);
    claude.prompt(TASK);
    claude.note('I will look at the recent history first.');
    const started = Date.now();
    const gap = await eventually(
      async () => {
        await api.flush();
        return (await api.gaps()).find((candidate) => isOurGap(candidate) && candidate.status === 'open');
      },
      15_000,
      async () => `no open gap for the task; gaps: ${listGaps(await api.gaps())}`,
      500,
    );
    console.log(`[gaps] gap visible after ${Date.now() - started} ms`);
    assert.ok(gap.occurrences >= 1);

    await api.learn();
    const conventions = (await api.pendingCandidates()).find((candidate) => candidate.source === 'commit-conventions');
    assert.ok(
      conventions,
      `learning the planted Conventional Commits history gave no commit-conventions candidate; ` +
        `pending: ${(await api.pendingCandidates()).map((candidate) => candidate.name).join(', ')}`,
    );
    await api.accept(conventions.id);
    const match = (await api.findSkills(TASK))[0];
    assert.equal(match?.name, conventions.name, 'the accepted skill should now be the best match for the task');

    await eventually(
      async () => {
        const open = (await api.gaps()).filter((candidate) => isOurGap(candidate) && candidate.status === 'open');
        return open.length === 0 ? true : undefined;
      },
      10_000,
      async () =>
        `the gap stayed open after accepting ${conventions.name} (score ${match?.score.toFixed(2) ?? '?'}); ` +
        `gaps: ${listGaps(await api.gaps())}`,
      500,
    );
  });
});
