// Phase 2: the workbench as a user sees it. A fresh page load (no extensionTestsPath) with
// GradLens as a development extension on a fresh copy of examples/, driven through chromium.
import { join } from 'node:path';
import {
  ARTIFACTS,
  ROOT,
  Scope,
  assert,
  check,
  launchBrowser,
  log,
  makeState,
  saveLogs,
  startServer,
} from './harness.mjs';
import { describe, gradlensLog, isCsp, isWebview, unexpected } from './console.mjs';
import {
  MEDIUM,
  SLOW,
  cursorPosition,
  errorSquiggle,
  focusEditorGroup,
  openFromExplorer,
  openWorkbench,
  panelFrame,
  pickColorTheme,
  problemsRow,
  readClaims,
  showPanel,
  statusProblems,
  waitCursorLine,
} from './ui.mjs';

const PHASE = 'workbench';
const CANARY = 'https://gradlens-csp-canary.invalid/canary.png';

export async function runWorkbench({ codeServer, chromium }) {
  const results = [];
  const screenshots = [];
  const scope = new Scope();
  // Checks depend on the ones before (the panel needs the workbench): after a failure the rest
  // are reported as not run, with the reason.
  let blocked;
  // `always`: checks that need only the page (console, CSP) run even after a failure.
  const step = async (name, fn, { always = false } = {}) => {
    if (blocked && !(always && page)) {
      results.push({ phase: PHASE, name, ok: false, ms: 0, error: `not run: ${blocked}` });
      return;
    }
    if (!(await check(results, PHASE, name, fn)) && !blocked) {
      blocked = `"${name}" failed`;
      await shot(`failure-${results.length}`).catch(() => undefined);
    }
  };
  let page;
  const shot = async (name) => {
    const path = join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path });
    screenshots.push(path);
    log(`screenshot ${path}`);
    return path;
  };

  let state;
  try {
    state = makeState(scope, 'workbench');
    const server = await startServer(scope, codeServer, state);
    const browser = await launchBrowser(scope, chromium, state);
    page = browser.page;
    const messages = browser.messages;
    let panel;

    await step('seed-question.md from the explorer shows an error squiggle', async () => {
      await openWorkbench(page, server.url([['extensionDevelopmentPath', server.remote(ROOT)]]));
      await openFromExplorer(page, 'seed-question.md');
      const { box } = await errorSquiggle(page);
      // The claimed gradient is on line 5 (wrapped): the squiggle lies between the gutter's
      // line numbers 5 and 6.
      const number = (n) =>
        page
          .locator('.editor-group-container.active .margin-view-overlays .line-numbers')
          .filter({ hasText: new RegExp(`^${n}$`) })
          .first()
          .boundingBox();
      const [l5, l6] = [await number(5), await number(6)];
      assert(
        l5 && l6 && box.y >= l5.y && box.y < l6.y,
        `squiggle at y=${box.y}, line 5 at y=${l5?.y}, line 6 at y=${l6?.y}`,
      );
      return `squiggle ${Math.round(box.width)}×${Math.round(box.height)} px on line 5`;
    });

    await step(
      'Problems panel lists the gradlens.shape finding; status bar counts ≥1 error',
      async () => {
        const { row, rows } = await problemsRow(page, /gradlens\.shape/);
        for (const want of ['m×n', 'X is k×l', '[Ln 5, Col 124]', 'GradLens'])
          assert(
            row.includes(want),
            `Problems row lacks ${JSON.stringify(want)}: ${JSON.stringify(row)}`,
          );
        const { errors, label } = await statusProblems(page);
        assert(
          errors >= 1,
          `status bar problems item says ${JSON.stringify(label)} (${errors} errors)`,
        );
        await shot('workbench-dark');
        return `${rows.length} rows; "${row.slice(0, 60)}…"; status bar "${label}"`;
      },
    );

    await step('hover over the squiggle shows the shapes', async () => {
      const { box } = await errorSquiggle(page);
      // The centre of the squiggle, which lies inside the claimed gradient.
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const hover = page
        .locator('.monaco-hover:not(.hidden)')
        .filter({ hasText: 'gradlens.shape' })
        .first();
      await hover.waitFor({ timeout: MEDIUM });
      const text = (await hover.innerText()).replace(/\s+/g, ' ');
      for (const want of ['m×n', 'k×l', 'shape-error'])
        assert(
          text.includes(want),
          `hover lacks ${JSON.stringify(want)}: ${JSON.stringify(text.slice(0, 400))}`,
        );
      assert(
        /: m×n/.test(text),
        `hover gives no "<subexpression> : m×n" shape line: ${JSON.stringify(text.slice(0, 400))}`,
      );
      await shot('hover-dark');
      await page.keyboard.press('Escape');
      await page.mouse.move(5, 5);
      return text.slice(0, 120);
    });

    await step('"GradLens: Show Panel" (F1) lists the claims with verdict badges', async () => {
      const before = await cursorPosition(page);
      assert(before.line === 1, `cursor starts on line 1, status bar says ${before.text}`);
      panel = await showPanel(page);
      const claims = await readClaims(panel);
      const shape = claims.find((c) => c.verdict === 'shape-error');
      assert(shape, `no shape-error claim in ${JSON.stringify(claims)}`);
      assert(shape.badge.includes('shape error'), `badge reads ${JSON.stringify(shape.badge)}`);
      assert(
        shape.line === 5 && shape.kind === 'gradient',
        `shape error claim: ${JSON.stringify(shape)}`,
      );
      const summary = (await panel.locator('#gl-summary').textContent()) ?? '';
      assert(
        new RegExp(`^${claims.length} findings?: .*1 shape error`).test(summary),
        `summary ${JSON.stringify(summary)}`,
      );
      const title = (await panel.locator('#gl-title').textContent()) ?? '';
      assert(title.includes('seed-question.md'), `panel title ${JSON.stringify(title)}`);
      return `${summary}; badges: ${claims.map((c) => `line ${c.line} "${c.badge}"`).join(', ')}`;
    });

    await step('clicking a claim in the panel moves the editor cursor to it', async () => {
      const claims = await readClaims(panel);
      const visited = [];
      // Both claims on lines other than the cursor's (line 1): the last one first, then the error.
      const order = [
        claims.filter((c) => c.line !== 5).at(-1),
        claims.find((c) => c.verdict === 'shape-error'),
      ].filter(Boolean);
      assert(order.length === 2, `two claims on different lines: ${JSON.stringify(claims)}`);
      for (const claim of order) {
        const from = await cursorPosition(page);
        assert(from.line !== claim.line, `cursor already on line ${claim.line}`);
        await panel
          .locator(`#gl-claims [role="option"][data-position="${claim.position}"]`)
          .click();
        const at = await waitCursorLine(page, claim.line);
        await panel
          .locator(
            `#gl-claims [role="option"][data-position="${claim.position}"][aria-selected="true"]`,
          )
          .waitFor({ timeout: MEDIUM });
        visited.push(`${from.text} → ${at.text}`);
      }
      // The selected claim's detail: the shape error, typeset, with both shapes.
      const detail = panel.locator('#gl-detail article.gl-detail[data-verdict="shape-error"]');
      await detail.locator('.gl-math .katex').first().waitFor({ timeout: MEDIUM });
      const facts = ((await detail.locator('dl.gl-facts').textContent()) ?? '').replace(
        /\s+/g,
        ' ',
      );
      for (const want of ['Expected shapek×l', 'Claimed shapem×n'])
        assert(
          facts.replace(/ /g, '').includes(want.replace(/ /g, '')),
          `detail facts ${JSON.stringify(facts)} lack ${want}`,
        );
      // Its table of symbols and subexpressions, from the host's reading of the document.
      const rows = await detail
        .locator('[data-section="shapes"] vscode-table-row')
        .evaluateAll((trs) =>
          trs.map((tr) =>
            [...tr.querySelectorAll('vscode-table-cell')].map((c) => (c.textContent ?? '').trim()),
          ),
        );
      const shapeOf = (text) => rows.find((r) => r[0] === text)?.[1];
      assert(
        shapeOf('X') === 'k×l' && shapeOf('A') === 'm×n',
        `shapes table ${JSON.stringify(rows)}`,
      );
      // A third column: the facts in force per symbol (the seed question states none).
      assert(
        rows.length > 0 && rows.every((r) => r.length === 3 && r[2] === ''),
        `every row has a facts cell, empty here: ${JSON.stringify(rows)}`,
      );
      await shot('workbench-panel-dark');
      return `${visited.join('; ')}; detail: ${facts.trim()}; shapes table: ${rows.length} rows (X ${shapeOf('X')}, A ${shapeOf('A')})`;
    });

    await step('seed-answer.md: the panel shows ok verdicts and heatmaps render', async () => {
      await focusEditorGroup(page, 1);
      await openFromExplorer(page, 'seed-answer.md');
      await panel.locator('#gl-title', { hasText: 'seed-answer.md' }).waitFor({ timeout: SLOW });
      await panel
        .locator('#gl-claims [role="option"][data-verdict="ok"]')
        .first()
        .waitFor({ timeout: SLOW });
      const claims = await readClaims(panel);
      const ok = claims.filter((c) => c.verdict === 'ok');
      const bad = claims.filter((c) =>
        ['mismatch', 'shape-error', 'parse-error'].includes(c.verdict),
      );
      assert(ok.length >= 5, `only ${ok.length} ok claims: ${JSON.stringify(claims)}`);
      assert(bad.length === 0, `error verdicts: ${JSON.stringify(bad)}`);
      assert(
        ok.every((c) => c.badge.includes('ok')),
        `ok badges: ${ok.map((c) => c.badge).join(',')}`,
      );
      const gradient = ok.find((c) => c.kind === 'gradient');
      assert(gradient, `no ok gradient claim: ${JSON.stringify(claims)}`);
      await panel
        .locator(`#gl-claims [role="option"][data-position="${gradient.position}"]`)
        .click();
      await waitCursorLine(page, gradient.line);
      const maps = panel.locator('#gl-detail section[data-section="heatmaps"] svg.gl-heatmap-svg');
      await maps.first().waitFor({ timeout: MEDIUM });
      const drawn = await maps.evaluateAll((svgs) =>
        svgs.map((svg) => {
          const r = svg.getBoundingClientRect();
          return {
            w: r.width,
            h: r.height,
            cells: svg.querySelectorAll('rect.gl-cell').length,
            label: svg.getAttribute('aria-label'),
          };
        }),
      );
      assert(drawn.length >= 2, `heatmaps: ${JSON.stringify(drawn)}`);
      for (const d of drawn)
        assert(d.w > 0 && d.h > 0 && d.cells > 0, `an empty heatmap: ${JSON.stringify(d)}`);
      assert(
        (await panel
          .locator('#gl-detail section[data-section="heatmaps"] [data-unavailable]')
          .count()) === 0,
        'heatmaps "not available"',
      );
      // The claim is written with the note's own \\grad and \\LR: typeset with them, not shown as source.
      const math = panel.locator('#gl-detail article.gl-detail .gl-math').first();
      const latex = (await math.getAttribute('data-latex')) ?? '';
      assert(
        latex.includes('\\grad'),
        `the gradient claim is written with \\grad: ${JSON.stringify(latex)}`,
      );
      assert(
        (await math.getAttribute('data-rendered')) === 'true',
        `\\grad claim not typeset: ${(await math.textContent())?.slice(0, 160)}`,
      );
      await maps.last().scrollIntoViewIfNeeded();
      await shot('panel-heatmaps-dark');
      return `${ok.length}/${claims.length} ok; gradient on line ${gradient.line}: ${drawn.length} heatmaps (${drawn.map((d) => `${d.cells} cells`).join(', ')}), e.g. "${drawn[0].label}"`;
    });

    await step('light theme: workbench and panel follow the theme', async () => {
      // Through the theme picker: code-server did not pick up a rewritten settings.json here.
      await pickColorTheme(page, 'Light Modern');
      await page.locator('.monaco-workbench.vs').waitFor({ timeout: MEDIUM });
      await panel.locator('body.vscode-light').waitFor({ timeout: MEDIUM });
      const maps = panel.locator('#gl-detail section[data-section="heatmaps"] svg.gl-heatmap-svg');
      await maps.first().waitFor({ timeout: MEDIUM });
      await maps.last().scrollIntoViewIfNeeded();
      await shot('panel-heatmaps-light');
      await focusEditorGroup(page, 1);
      await openFromExplorer(page, 'seed-question.md'); // its preview tab was replaced
      await panel
        .locator('#gl-title', { hasText: 'seed-question.md' })
        .waitFor({ timeout: MEDIUM });
      await errorSquiggle(page);
      await panel.locator('#gl-title').scrollIntoViewIfNeeded();
      await shot('workbench-panel-light');
      const bg = await panel.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
      const [r, g, b] = (bg.match(/\d+/g) ?? []).map(Number);
      assert(0.299 * r + 0.587 * g + 0.114 * b > 200, `the panel's background ${bg} is not light`);
      return `workbench class "vs", webview body "vscode-light", panel background ${bg}`;
    });

    await step(
      'no CSP violation and no error in any frame (webview included)',
      async () => {
        const bad = unexpected(messages);
        assert(bad.length === 0, `${bad.length} unexpected: ${bad.map(describe).join(' | ')}`);
        const webviewLines = messages.filter(isWebview).length;
        const fromPanel = gradlensLog(state.userData)
          .split('\n')
          .filter((l) => l.includes('GradLens panel') || /\[error\]/.test(l));
        assert(fromPanel.length === 0, `GradLens log: ${fromPanel.join(' | ')}`);
        return `${messages.length} console messages (${webviewLines} from webview frames), none unexpected; GradLens log has no panel error`;
      },
      { always: true },
    );

    // The collector must be able to see a violation: provoke one in the panel and find it.
    await step(
      'a deliberate CSP violation in the panel is caught (the check above can fail)',
      async () => {
        await panelFrame(page)
          .locator('body')
          .evaluate((body, src) => {
            const img = document.createElement('img');
            img.src = src;
            body.appendChild(img);
          }, CANARY);
        const end = Date.now() + MEDIUM;
        let seen;
        let logged;
        while (!(seen && logged) && Date.now() < end) {
          seen = messages.find((m) => isCsp(m) && m.text.includes(CANARY));
          logged = gradlensLog(state.userData).includes(CANARY);
          await page.waitForTimeout(200); // poll interval
        }
        assert(seen, 'the canary violation never reached the console collector');
        assert(isWebview(seen), `the canary is not attributed to a webview frame: ${seen.url}`);
        assert(unexpected([seen]).length === 1, 'the filters would have hidden a CSP violation');
        assert(
          logged,
          "the panel's own securitypolicyviolation report never reached the GradLens log",
        );
        return `console: "${seen.text.slice(0, 100)}…" from …/${seen.url.replace(/^.*\/static\/out\/vs\//, '').replace(/\?.*/, '')}; also in GradLens.log`;
      },
    );
  } catch (e) {
    results.push({
      phase: PHASE,
      name: 'harness',
      ok: false,
      ms: 0,
      error: String(e?.message ?? e),
    });
  } finally {
    if (state) saveLogs(state, PHASE);
    await scope.close();
  }
  return { results, screenshots };
}
