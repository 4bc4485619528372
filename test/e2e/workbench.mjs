// Playwright helpers that drive the VS Code workbench the way a person does: the activity bar,
// view panes, tree rows with their hover actions, the command palette and quick picks.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export const NO_DATA_PROVIDER = 'There is no data provider registered';

/** Waits for the workbench and the development extension's activity bar entry. */
export async function waitForWorkbench(page, timeoutMs = 90_000) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  await activityBarItem(page).waitFor({ state: 'visible', timeout: timeoutMs });
}

export function activityBarItem(page) {
  return page.locator('.activitybar .action-item a.action-label[aria-label^="Skillwright"]').first();
}

/** Opens the Skillwright view container (clicking the icon again would close the side bar). */
export async function openSkillwright(page) {
  const item = activityBarItem(page);
  const checked = await item
    .locator('xpath=..')
    .getAttribute('aria-selected')
    .catch(() => null);
  const container = page.locator('.sidebar .composite.title h2', { hasText: /skillwright/i });
  if (checked !== 'true' || !(await container.isVisible().catch(() => false))) await item.click();
  await page.locator('.sidebar .pane-header').first().waitFor({ state: 'visible', timeout: 15_000 });
}

export function pane(page, title) {
  return page.locator('.sidebar .pane', {
    has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${title}$`, 'i') }),
  });
}

export async function expandPane(page, title) {
  const header = pane(page, title).locator('.pane-header');
  await header.waitFor({ state: 'visible', timeout: 15_000 });
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  await pane(page, title).locator('.pane-body').waitFor({ state: 'visible', timeout: 10_000 });
}

export async function collapsePane(page, title) {
  const header = pane(page, title).locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
}

/** Top-level rows of a view's tree (candidates, skills, gaps, sessions). */
export function topRows(page, title) {
  return pane(page, title).locator('.monaco-list-row[aria-level="1"]');
}

export async function rowLabels(page, title) {
  const labels = await topRows(page, title).locator('.label-name').allInnerTexts();
  return labels.map((label) => label.trim());
}

export function rowNamed(page, title, name) {
  return topRows(page, title)
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) })
    .first();
}

/** Hovers a row so its inline actions render, then clicks the one whose label starts with `action`. */
export async function clickRowAction(row, action) {
  await row.hover();
  const button = row.locator(`.actions .action-label[aria-label^="${action}"]`).first();
  await button.waitFor({ state: 'visible', timeout: 5000 });
  await button.click();
}

/** Runs a command from the command palette by its full title, e.g. "Skillwright: Learn from History and Sessions". */
export async function runCommand(page, title) {
  await focusWorkbench(page);
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.keyboard.press('Control+Shift+P');
  if (!(await input.isVisible().catch(() => false))) {
    await page.waitForTimeout(300);
    if (!(await input.isVisible().catch(() => false))) await page.keyboard.press('F1');
  }
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const entry = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await entry.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Clicks an empty part of the workbench (the editor area) so keyboard shortcuts reach it. */
export async function focusWorkbench(page) {
  const editorArea = page.locator('.part.editor');
  if (await editorArea.isVisible().catch(() => false)) {
    const box = await editorArea.boundingBox();
    if (box) {
      await page.mouse.click(box.x + box.width - 20, box.y + box.height - 20);
      return;
    }
  }
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } });
}

export function quickInput(page) {
  return page.locator('.quick-input-widget');
}

/** The view container's badge on the activity bar (e.g. the pending-suggestion count), or ''. */
export async function activityBadge(page) {
  const badge = activityBarItem(page).locator('xpath=..').locator('.badge .badge-content');
  return (await badge.isVisible().catch(() => false)) ? (await badge.innerText()).trim() : '';
}

/** The text of the lines the active editor currently renders (Monaco renders only visible lines). */
export async function visibleEditorLines(page) {
  const lines = await page
    .locator('.editor-group-container.active .monaco-editor .view-lines .view-line')
    .allInnerTexts();
  return lines.map((line) => line.replace(/\u00a0/g, ' '));
}

export async function activeTabTitle(page) {
  return (
    await page
      .locator('.editor-group-container.active .tab.active .label-name')
      .first()
      .innerText()
      .catch(() => '')
  ).trim();
}

/** Messages a view shows instead of its content (e.g. "There is no data provider registered…"). */
export async function paneMessage(page, title) {
  const message = pane(page, title).locator('.pane-body .message');
  return (await message.isVisible().catch(() => false)) ? (await message.innerText()).trim() : '';
}

export async function screenshot(page, path) {
  mkdirSync(dirname(path), { recursive: true });
  // Clicking something partly hidden makes the browser scroll the whole workbench a few pixels.
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    for (const element of [document.documentElement, document.body, document.querySelector('.monaco-workbench')])
      if (element) element.scrollTop = 0;
  });
  await page.screenshot({ path });
}

export async function closeNotifications(page) {
  await page.keyboard.press('Escape').catch(() => undefined);
  const clear = page.locator('.notifications-toasts .codicon-notifications-clear, .notification-toast .codicon-close');
  for (const button of await clear.all()) await button.click({ timeout: 1000 }).catch(() => undefined);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
