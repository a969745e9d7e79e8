// Workbench selectors and gestures for code-server 4.100.3 (VS Code 1.100.3), shared by the
// workbench and vsix phases. Every wait is for a condition, with a deadline.
import { EXTENSION_ID, assert } from './harness.mjs';

// The machine has 2 cores and other test runs share it: be generous.
export const SLOW = 60_000;
export const MEDIUM = 30_000;

/** Loads the workbench and waits for the explorer to list the workspace. */
export async function openWorkbench(page, url) {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: SLOW });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: SLOW });
}

/** Clicks a file in the explorer; waits for its tab to be the active one. */
export async function openFromExplorer(page, name) {
  await page.locator(`.explorer-folders-view .monaco-list-row:has-text("${name}")`).first().click();
  // The active tab of the active group: the panel's tab ("GradLens: seed-question.md") in the
  // other group names the file too, and two matches would be an error.
  await page
    .locator(`.editor-group-container.active .tab.active:has-text("${name}")`)
    .first()
    .waitFor({ timeout: MEDIUM });
}

/**
 * Makes editor group `n` (1-based) the active one by clicking its active tab (its empty area
 * when it has none). A click in the panel (a webview) can leave the panel's group active, and
 * the explorer opens files in the active group.
 */
export async function focusEditorGroup(page, n) {
  const group = page.locator('.editor-group-container').nth(n - 1);
  const tab = group.locator('.tab.active');
  if (await tab.count()) await tab.first().click();
  else await group.click();
  await page.waitForFunction(
    (i) => document.querySelectorAll('.editor-group-container')[i]?.classList.contains('active'),
    n - 1,
    { timeout: MEDIUM },
  );
}

/**
 * Leaves the workbench as a check expects to find it, whatever the check before did: the
 * mouse off the editor (a mouse hover would cover or replace a keyboard one), no quick input,
 * no hover.
 */
export async function resetUi(page) {
  await page.mouse.move(5, 5); // the title bar's empty left end
  for (let i = 0; i < 2; i++) await page.keyboard.press('Escape');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: MEDIUM });
}

/** The first error squiggle in the active editor (GradLens checks after activation: slow). */
export async function errorSquiggle(page) {
  const squiggle = page
    .locator('.editor-group-container.active .monaco-editor .squiggly-error')
    .first();
  await squiggle.waitFor({ timeout: SLOW });
  const box = await squiggle.boundingBox();
  assert(
    box && box.width > 0 && box.height > 0,
    `the squiggle has no size: ${JSON.stringify(box)}`,
  );
  return { squiggle, box };
}

/** Errors/warnings from the status bar's problems item, e.g. aria-label "Errors: 1". */
export async function statusProblems(page) {
  const item = page.locator('[id="status.problems"]');
  await item.waitFor({ timeout: MEDIUM });
  const label = (await item.getAttribute('aria-label')) ?? '';
  const text = ((await item.textContent()) ?? '').trim();
  // The label names only the non-zero kinds; the text always shows "<errors> <warnings>".
  const numbers = text.split(/\s+/).map(Number);
  const errors = Number(/Errors: (\d+)/.exec(label)?.[1] ?? numbers[0]);
  const warnings = Number(/Warnings: (\d+)/.exec(label)?.[1] ?? numbers[1]);
  return { label, text, errors, warnings };
}

/** Opens the Problems panel (Ctrl+Shift+M) and returns the text of the row that matches `re`. */
export async function problemsRow(page, re) {
  const rows = page.locator('.markers-panel .monaco-list-row');
  if (!(await page.locator('.markers-panel').isVisible()))
    await page.keyboard.press('Control+Shift+M');
  await rows.first().waitFor({ timeout: MEDIUM });
  try {
    await rows.filter({ hasText: re }).first().waitFor({ timeout: MEDIUM });
  } catch {
    throw new Error(
      `no Problems row matches ${re}; rows: ${JSON.stringify(await rows.allTextContents())}`,
    );
  }
  return {
    row: (await rows.filter({ hasText: re }).first().textContent()) ?? '',
    rows: await rows.allTextContents(),
  };
}

/** The cursor as the status bar shows it ("Ln 5, Col 124"). */
export async function cursorPosition(page) {
  const text = (
    (await page.locator('[id="status.editor.selection"]').textContent({ timeout: MEDIUM })) ?? ''
  ).trim();
  const m = /Ln (\d+), Col (\d+)/.exec(text);
  return m ? { line: Number(m[1]), col: Number(m[2]), text } : { line: NaN, col: NaN, text };
}

/** Waits until the status bar's cursor is on `line` (1-based). */
export async function waitCursorLine(page, line) {
  const item = page.locator('[id="status.editor.selection"]');
  await item
    .filter({ hasText: new RegExp(`^\\s*Ln ${line}, Col \\d+`) })
    .waitFor({ timeout: MEDIUM });
  return cursorPosition(page);
}

/** Waits until the status bar's cursor is at `line`, `col` (both 1-based). */
export async function waitCursor(page, line, col) {
  await page
    .locator('[id="status.editor.selection"]')
    .filter({ hasText: new RegExp(`^\\s*Ln ${line}, Col ${col}\\b`) })
    .waitFor({ timeout: MEDIUM });
  return cursorPosition(page);
}

/**
 * Puts the cursor of the active editor at `line`:`col` (1-based) through "Go to Line/Column"
 * (Ctrl+G); returns the position once the status bar reports it.
 */
export async function goToLine(page, line, col) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: MEDIUM });
  await input.fill(`:${line}:${col}`);
  // Enter only once the picker has read the position (else it would go where the old text said).
  await page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ hasText: `Go to line ${line} and character ${col}.` })
    .first()
    .waitFor({ timeout: MEDIUM });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: MEDIUM });
  return waitCursor(page, line, col);
}

/**
 * "Show or Focus Hover" (editor.action.showHover) at the cursor of the active editor; returns
 * the hover once it contains every one of `parts` (strings or regexps). The hover fills in
 * as its sources answer (the Problems entry at once, an extension's hover provider later), so
 * it is read only when all the parts a check needs are in.
 */
export async function showHoverAtCursor(page, parts) {
  await runCommand(page, 'Show or Focus Hover');
  const hovers = page.locator('.monaco-hover:not(.hidden)');
  let hover = hovers;
  for (const part of parts) hover = hover.filter({ hasText: part });
  try {
    await hover.first().waitFor({ timeout: MEDIUM });
  } catch {
    const shown = (await hovers.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').slice(0, 400));
    throw new Error(`no hover with ${parts.join(', ')}; hovers shown: ${JSON.stringify(shown)}`);
  }
  return hover.first();
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Picks the quick-input row whose label starts with `label` (others may match fuzzily). */
async function pickRow(page, label) {
  const row = page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ hasText: new RegExp(`^\\s*${escape(label)}`) })
    .first();
  await row.waitFor({ timeout: MEDIUM });
  await row.click();
}

/** F1, type the command's title, pick it. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: MEDIUM });
  await input.fill(`>${title}`);
  await pickRow(page, title);
}

/** "Preferences: Color Theme", then the theme by its label (e.g. "Light Modern"). */
export async function pickColorTheme(page, label) {
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator(
    '.quick-input-widget .quick-input-box input[placeholder*="Color Theme"]',
  );
  await input.waitFor({ timeout: MEDIUM });
  await input.fill(label);
  await pickRow(page, label);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: MEDIUM });
}

/** The GradLens webview's iframe (the workbench's host frame) and the page inside it. */
export const WEBVIEW_IFRAME = `iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]`;
export function panelFrame(page) {
  return page.frameLocator(WEBVIEW_IFRAME).frameLocator('#active-frame');
}

/** Opens the panel from the command palette; waits for its claim list to fill. */
export async function showPanel(page) {
  await runCommand(page, 'GradLens: Show Panel');
  await page.locator(WEBVIEW_IFRAME).waitFor({ timeout: SLOW });
  const panel = panelFrame(page);
  await panel.locator('#gl-claims [role="option"]').first().waitFor({ timeout: SLOW });
  return panel;
}

/** The claim list as the panel shows it. */
export async function readClaims(panel) {
  return panel.locator('#gl-claims [role="option"]').evaluateAll((options) =>
    options.map((o) => ({
      position: Number(o.getAttribute('data-position')),
      verdict: o.getAttribute('data-verdict'),
      badge: (o.querySelector('.gl-badge')?.textContent ?? '').trim(),
      kind: (o.querySelector('.gl-kind')?.textContent ?? '').trim(),
      line: Number(/line (\d+)/.exec(o.querySelector('.gl-line')?.textContent ?? '')?.[1]),
      selected: o.getAttribute('aria-selected') === 'true',
    })),
  );
}
