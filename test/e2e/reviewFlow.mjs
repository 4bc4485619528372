// The review flow of issue 8, as a person does it: open Skillwright, learn from the command
// palette, wait for the suggestions, preview one, accept it, reject another with a reason, learn
// again, and look at the Library, Gaps and Sessions views. Every step takes a screenshot.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  NO_DATA_PROVIDER,
  activeTabTitle,
  activityBadge,
  clickRowAction,
  closeNotifications,
  expandPane,
  collapsePane,
  focusWorkbench,
  openSkillwright,
  pane,
  paneMessage,
  quickInput,
  rowLabels,
  rowNamed,
  runCommand,
  screenshot,
  topRows,
  visibleEditorLines,
} from './workbench.mjs';

const LEARN = 'Skillwright: Learn from History and Sessions';
const VIEWS = ['Suggestions', 'Library', 'Gaps', 'Sessions'];

async function until(check, timeoutMs, what, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms: ${typeof what === 'function' ? await what() : what}`);
    await new Promise((wake) => setTimeout(wake, intervalMs));
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * @param {{ page: import('playwright-core').Page, workspace: string, shotDir: string, plantTranscript: () => void }}
 * context
 * @returns {Array<{ name: string, needs?: string[], run: () => Promise<void> }>} the steps, in order
 */
export function reviewFlowSteps({ page, workspace, shotDir, plantTranscript }) {
  const state = { accepted: '', rejected: '', previewLines: [] };
  const shot = (name) => screenshot(page, join(shotDir, `${name}.png`));
  const suggestions = () => rowLabels(page, 'Suggestions');

  return [
    {
      name: '01-open-skillwright',
      async run() {
        await openSkillwright(page);
        for (const view of VIEWS) await expandPane(page, view);
        await shot('01-open-skillwright');
      },
    },
    {
      name: '02-every-view-has-a-data-provider',
      needs: ['01-open-skillwright'],
      async run() {
        await page.waitForTimeout(1500);
        const problems = [];
        for (const view of VIEWS) {
          const message = await paneMessage(page, view);
          if (message.includes(NO_DATA_PROVIDER)) problems.push(`${view}: ${message}`);
        }
        assert(problems.length === 0, `views without a data provider: ${problems.join('; ')}`);
      },
    },
    {
      name: '03-learn-from-command-palette',
      needs: ['01-open-skillwright'],
      async run() {
        // A past agent session in this repository, so Sessions and Gaps have something to show.
        plantTranscript();
        await collapsePane(page, 'Library');
        await collapsePane(page, 'Gaps');
        await collapsePane(page, 'Sessions');
        await runCommand(page, LEARN);
        await until(
          async () => (await suggestions()).length >= 2,
          60_000,
          async () => `fewer than 2 suggestions: [${(await suggestions()).join(', ')}]`,
        );
        await page.waitForTimeout(500);
        await shot('03-suggestions');
      },
    },
    {
      name: '04-suggestions-badge',
      needs: ['03-learn-from-command-palette'],
      async run() {
        const badge = await until(
          activityBadge.bind(null, page),
          10_000,
          'no badge on the Skillwright activity bar icon',
        );
        const count = (await suggestions()).length;
        assert(badge === String(count), `the badge says ${badge}, the view lists ${count} suggestions`);
      },
    },
    {
      name: '05-preview-suggestion',
      needs: ['03-learn-from-command-palette'],
      async run() {
        await closeNotifications(page);
        const names = await suggestions();
        state.accepted = names[0];
        state.rejected = names[1];
        await clickRowAction(rowNamed(page, 'Suggestions', state.accepted), 'Preview');
        await until(
          async () => (await activeTabTitle(page)) === 'SKILL.md',
          15_000,
          async () => `the preview did not open SKILL.md (active tab: "${await activeTabTitle(page)}")`,
        );
        await until(
          async () => (await visibleEditorLines(page)).some((line) => line.startsWith('name: ')),
          10_000,
          'the preview shows no frontmatter name',
        );
        state.previewLines = (await visibleEditorLines(page)).filter((line) => line.trim().length > 0);
        assert(
          state.previewLines.includes(`name: ${state.accepted}`),
          `the preview of ${state.accepted} does not show its name: ${state.previewLines.slice(0, 6).join(' | ')}`,
        );
        await shot('05-preview');
      },
    },
    {
      name: '06-accept-suggestion',
      needs: ['05-preview-suggestion'],
      async run() {
        await clickRowAction(rowNamed(page, 'Suggestions', state.accepted), 'Accept');
        const file = join(workspace, '.agents', 'skills', state.accepted, 'SKILL.md');
        await until(() => existsSync(file), 15_000, `${file} was not written`);
        const text = readFileSync(file, 'utf8');
        const missing = state.previewLines.filter((line) => !text.includes(line.trim()));
        assert(missing.length === 0, `SKILL.md lacks lines of the previewed text: ${missing.slice(0, 5).join(' | ')}`);
        await until(
          async () => !(await suggestions()).includes(state.accepted),
          10_000,
          `${state.accepted} is still listed in Suggestions`,
        );
        await shot('06-accepted');
      },
    },
    {
      name: '07-reject-suggestion-with-reason',
      needs: ['05-preview-suggestion'],
      async run() {
        await clickRowAction(rowNamed(page, 'Suggestions', state.rejected), 'Reject');
        await quickInput(page).waitFor({ state: 'visible', timeout: 10_000 });
        await shot('07-reject-reason');
        // The reason is optional; Enter takes the first offered reason (or none).
        await page.keyboard.press('Enter');
        await page.waitForTimeout(500);
        if (await quickInput(page).isVisible()) await page.keyboard.press('Enter');
        await until(
          async () => !(await suggestions()).includes(state.rejected),
          10_000,
          `${state.rejected} is still listed after rejecting it`,
        );
        assert(
          !existsSync(join(workspace, '.agents', 'skills', state.rejected)),
          `rejecting ${state.rejected} wrote a skill folder`,
        );
      },
    },
    {
      name: '08-learn-again-rejected-stays-away',
      needs: ['06-accept-suggestion', '07-reject-suggestion-with-reason'],
      async run() {
        await closeNotifications(page);
        await runCommand(page, LEARN);
        // Learning finishes with a notification or a refreshed list; give it time to settle.
        await page.waitForTimeout(6000);
        const names = await suggestions();
        assert(!names.includes(state.rejected), `the rejected ${state.rejected} came back: [${names.join(', ')}]`);
        assert(
          !names.includes(state.accepted),
          `the accepted ${state.accepted} is suggested again: [${names.join(', ')}]`,
        );
        await shot('08-learn-again');
      },
    },
    {
      name: '09-library-view',
      needs: ['06-accept-suggestion'],
      async run() {
        await closeNotifications(page);
        await collapsePane(page, 'Suggestions');
        await expandPane(page, 'Library');
        await until(
          async () => (await rowLabels(page, 'Library')).includes(state.accepted),
          10_000,
          async () => `the Library does not list ${state.accepted}: [${(await rowLabels(page, 'Library')).join(', ')}]`,
        );
        await shot('09-library');
      },
    },
    {
      name: '10-gaps-view',
      needs: ['01-open-skillwright'],
      async run() {
        await collapsePane(page, 'Library');
        await expandPane(page, 'Gaps');
        await page.waitForTimeout(1000);
        const message = await paneMessage(page, 'Gaps');
        assert(!message.includes(NO_DATA_PROVIDER), `Gaps: ${message}`);
        await until(
          async () => (await topRows(page, 'Gaps').count()) > 0,
          15_000,
          'the planted agent session with an uncovered task produced no gap row',
        );
        await shot('10-gaps');
      },
    },
    {
      name: '11-sessions-view',
      needs: ['01-open-skillwright'],
      async run() {
        await collapsePane(page, 'Gaps');
        await expandPane(page, 'Sessions');
        await page.waitForTimeout(1000);
        const message = await paneMessage(page, 'Sessions');
        assert(!message.includes(NO_DATA_PROVIDER), `Sessions: ${message}`);
        await until(
          async () => (await topRows(page, 'Sessions').count()) > 0,
          15_000,
          'the planted agent session is not listed in Sessions',
        );
        // A session's steps are read back from the event log: expand the first one and see them.
        const rowsAt = (level) => pane(page, 'Sessions').locator(`.monaco-list-row[aria-level="${level}"]`);
        await until(async () => (await rowsAt(2).count()) > 0, 10_000, 'the agent group has no session row');
        await rowsAt(2).first().click();
        await until(async () => (await rowsAt(3).count()) > 0, 10_000, 'the session shows no steps');
        await shot('11-sessions');
      },
    },
    {
      name: '12-related-files',
      needs: ['01-open-skillwright'],
      async run() {
        await closeNotifications(page);
        await focusWorkbench(page);
        await page.keyboard.press('Control+P');
        const input = page.locator('.quick-input-widget .quick-input-box input');
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill('src/router/orders.js');
        await page
          .locator('.quick-input-widget .monaco-list-row', { hasText: 'orders.js' })
          .first()
          .waitFor({ state: 'visible', timeout: 10_000 });
        await page.keyboard.press('Enter');
        await until(
          async () => (await activeTabTitle(page)) === 'orders.js',
          10_000,
          async () => `the active tab is ${await activeTabTitle(page)}`,
        );
        await runCommand(page, 'Skillwright: Show Files That Usually Change With This One');
        const rows = page.locator('.quick-input-widget .monaco-list-row');
        await until(
          async () => (await rows.count()) > 0 && (await rows.first().innerText()).includes('orders.test.js'),
          30_000,
          async () => `the quick pick shows: ${(await rows.allInnerTexts()).join(' | ')}`,
        );
        await shot('12-related-files');
        await page.keyboard.press('Escape');
      },
    },
    {
      name: '13-all-views',
      needs: ['01-open-skillwright'],
      async run() {
        for (const view of VIEWS) await expandPane(page, view);
        await page.waitForTimeout(500);
        await shot('13-all-views');
      },
    },
  ];
}
