// Phase 2: the workbench as a user sees it. A fresh page load (no extensionTestsPath) with
// GradLens as a development extension on a fresh copy of examples/, driven through chromium.
import { readFileSync } from 'node:fs';
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
  WEBVIEW_IFRAME,
  cursorPosition,
  errorSquiggle,
  focusEditorGroup,
  goToLine,
  openFromExplorer,
  openWorkbench,
  panelFrame,
  pickColorTheme,
  problemsRow,
  readClaims,
  resetUi,
  showHoverAtCursor,
  showPanel,
  statusProblems,
  waitCursorLine,
} from './ui.mjs';

const PHASE = 'workbench';
const CANARY = 'https://gradlens-csp-canary.invalid/canary.png';
const QUESTION = 'seed-question.md';
const ANSWER = 'seed-answer.md';

/** The themes the screenshots are taken in, and what says a theme is applied. */
const THEMES = {
  light: {
    label: 'Light Modern',
    workbench: 'vs',
    body: 'vscode-light',
    fits: (luma) => luma > 200,
  },
  dark: {
    label: 'Dark Modern',
    workbench: 'vs-dark',
    body: 'vscode-dark',
    fits: (luma) => luma < 80,
  },
};

/** Perceived brightness (0–255) of a CSS colour such as "rgb(31, 31, 31)". */
const luma = (css) => {
  const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return 0.299 * r + 0.587 * g + 0.114 * b;
};

/**
 * Where the hover is asked for: the closing brace of the claimed gradient's denominator
 * `\mathbf{B}^T\mathbf{X}\mathbf{C}` (the 2nd on line 5), read off the workspace's copy of the
 * note. Its hover shows the quotient `(A ⊙ K) ⊘ (BᵀXC) : m×n` and the shape error (the
 * in-host suite asks the hover provider at the same position).
 */
function quotientEnd(workspace) {
  const text = readFileSync(join(workspace, QUESTION), 'utf8').split('\n')[4] ?? '';
  const b = '\\mathbf{B}^T';
  const at = text.indexOf(b, text.indexOf(b) + 1);
  const ch = at + '\\mathbf{B}^T\\mathbf{X}\\mathbf{C}'.length;
  assert(at > 0 && text[ch] === '}', `no second ${b}…} on line 5 of ${QUESTION}: ${text}`);
  return { line: 5, col: ch + 1 };
}

export async function runWorkbench({ codeServer, chromium }) {
  const results = [];
  const screenshots = [];
  const scope = new Scope();
  let page;
  const shot = async (name) => {
    const path = join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path });
    screenshots.push(path);
    log(`screenshot ${path}`);
    return path;
  };
  // Every check sets up what it needs (the workbench, the file, the cursor, the panel) from
  // whatever state the one before left, so a failed check does not fail the ones after it.
  const step = async (name, fn) => {
    const setUp = async () => {
      await resetUi(page);
      return fn();
    };
    if (!(await check(results, PHASE, name, setUp))) {
      await shot(`failure-${results.length}`).catch(() => undefined);
      await resetUi(page).catch(() => undefined);
    }
  };

  let state;
  try {
    state = makeState(scope, 'workbench');
    const server = await startServer(scope, codeServer, state);
    const browser = await launchBrowser(scope, chromium, state);
    page = browser.page;
    const messages = browser.messages;
    const panel = panelFrame(page);
    const url = server.url([['extensionDevelopmentPath', server.remote(ROOT)]]);
    const hoverAt = quotientEnd(state.workspace);

    // ── set-ups the checks share ──────────────────────────────────────────────────────────

    /** The workbench loaded (once) and the explorer showing the workspace. */
    const ensureWorkbench = async () => {
      if (!(await page.locator('.monaco-workbench').count())) {
        await openWorkbench(page, url);
        return;
      }
      const rows = page.locator('.explorer-folders-view .monaco-list-row');
      if (!(await rows.first().isVisible())) {
        await page.keyboard.press('Control+Shift+E');
        await rows.first().waitFor({ timeout: SLOW });
      }
    };

    /** `name` opened from the explorer into the first editor group (not the panel's). */
    const openFile = async (name) => {
      await ensureWorkbench();
      if ((await page.locator('.editor-group-container').count()) > 1)
        await focusEditorGroup(page, 1);
      await openFromExplorer(page, name);
    };

    /** The seed question's error squiggle, checked to lie on line 5 (by the gutter's numbers). */
    const questionSquiggle = async () => {
      await openFile(QUESTION);
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
      return box;
    };

    /** The hover at the end of BᵀXC, asked for through the editor (no mouse), checked. */
    const questionHover = async () => {
      await questionSquiggle(); // the findings are published: the hover carries the verdict
      await goToLine(page, hoverAt.line, hoverAt.col);
      // The Problems entry, the verdict and the quotient's shape (the hover provider's part).
      const hover = await showHoverAtCursor(page, [
        'gradlens.shape',
        'shape-error',
        /BᵀXC\)\s*:\s*m×n/,
      ]);
      const text = (await hover.innerText()).replace(/\s+/g, ' ');
      for (const want of ['m×n', 'k×l', 'shape-error'])
        assert(
          text.includes(want),
          `hover lacks ${JSON.stringify(want)}: ${JSON.stringify(text.slice(0, 400))}`,
        );
      assert(
        /: m×n/.test(text) && /BᵀXC\) : m×n/.test(text),
        `hover gives no "(A ⊙ K) ⊘ (BᵀXC) : m×n" shape line: ${JSON.stringify(text.slice(0, 400))}`,
      );
      return text;
    };

    /** The panel open beside the editor, showing `file` (opened first). */
    const ensurePanel = async (file) => {
      await openFile(file);
      const frame = page.locator(WEBVIEW_IFRAME);
      if (!(await frame.count()) || !(await frame.first().isVisible())) await showPanel(page);
      await panel.locator('#gl-title', { hasText: file }).waitFor({ timeout: SLOW });
      await panel.locator('#gl-claims [role="option"]').first().waitFor({ timeout: SLOW });
    };

    /** Clicks the claim at `position` in the panel; waits for the editor's cursor and the selection. */
    const clickClaim = async (claim) => {
      await panel.locator(`#gl-claims [role="option"][data-position="${claim.position}"]`).click();
      const at = await waitCursorLine(page, claim.line);
      await panel
        .locator(
          `#gl-claims [role="option"][data-position="${claim.position}"][aria-selected="true"]`,
        )
        .waitFor({ timeout: MEDIUM });
      return at;
    };

    /** The seed question's shape error selected in the panel; its detail, checked. */
    const shapeErrorDetail = async () => {
      const claim = (await readClaims(panel)).find((c) => c.verdict === 'shape-error');
      assert(claim, `no shape-error claim in the panel`);
      await clickClaim(claim);
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
      return { detail, facts };
    };

    /** seed-answer.md's ok gradient claim selected in the panel; its heatmaps, checked. */
    const answerHeatmaps = async () => {
      await ensurePanel(ANSWER);
      await panel
        .locator('#gl-claims [role="option"][data-verdict="ok"]')
        .first()
        .waitFor({ timeout: SLOW });
      const claims = await readClaims(panel);
      const gradient = claims.find((c) => c.verdict === 'ok' && c.kind === 'gradient');
      assert(gradient, `no ok gradient claim: ${JSON.stringify(claims)}`);
      await clickClaim(gradient);
      // the detail is drawn again when the worker's derivation arrives: wait for it, so the
      // heatmaps measured below are the ones that stay
      await panel
        .locator('#gl-detail section[data-section="derivation"] .gl-derivation-row')
        .first()
        .waitFor({ timeout: SLOW });
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
      // a late redraw may still replace the element under the scroll: find it again then
      for (let attempt = 1; ; attempt++) {
        try {
          await maps.last().scrollIntoViewIfNeeded({ timeout: MEDIUM });
          break;
        } catch (error) {
          if (attempt >= 3 || !/not attached/i.test(String(error))) throw error;
        }
      }
      return { claims, gradient, drawn };
    };

    /** Colours that say which theme is on: the workbench's class, the panel's body class and background. */
    const themeNow = async () => {
      const workbench = await page
        .locator('.monaco-workbench')
        .first()
        .evaluate((w) => ({
          classes: [...w.classList],
          editor: getComputedStyle(w.querySelector('.monaco-editor .monaco-editor-background') ?? w)
            .backgroundColor,
        }));
      const frame = page.locator(WEBVIEW_IFRAME);
      const body =
        (await frame.count()) && (await frame.first().isVisible())
          ? await panel.locator('body').evaluate((b) => ({
              classes: [...b.classList],
              background: getComputedStyle(b).backgroundColor,
            }))
          : undefined;
      return { workbench, body };
    };

    /** Throws unless `theme` is what the workbench (and the panel, when `withPanel`) show. */
    const assertTheme = async (theme, { withPanel = true } = {}) => {
      const t = THEMES[theme];
      const now = await themeNow();
      const says = JSON.stringify(now);
      assert(now.workbench.classes.includes(t.workbench), `not the ${theme} theme: ${says}`);
      assert(t.fits(luma(now.workbench.editor)), `editor background not ${theme}: ${says}`);
      if (!withPanel) return now;
      assert(now.body, `the panel is not showing: ${says}`);
      assert(now.body.classes.includes(t.body), `the panel's body is not ${t.body}: ${says}`);
      assert(t.fits(luma(now.body.background)), `the panel's background is not ${theme}: ${says}`);
      return now;
    };

    /** Waits until `theme` is applied everywhere (the colours follow the classes). */
    const waitTheme = async (theme) => {
      const t = THEMES[theme];
      await page.locator(`.monaco-workbench.${t.workbench}`).waitFor({ timeout: MEDIUM });
      await panel.locator(`body.${t.body}`).waitFor({ timeout: MEDIUM });
      const end = Date.now() + MEDIUM;
      for (;;) {
        try {
          return await assertTheme(theme);
        } catch (e) {
          if (Date.now() > end) throw e;
          await page.waitForTimeout(200); // poll interval
        }
      }
    };

    /** The panel beside seed-question.md, in `theme` (picked only if another one is on). */
    const ensureTheme = async (theme) => {
      await ensurePanel(QUESTION);
      const { workbench } = await themeNow();
      if (!workbench.classes.includes(THEMES[theme].workbench))
        await pickColorTheme(page, THEMES[theme].label);
      await waitTheme(theme);
    };

    // ── the checks ────────────────────────────────────────────────────────────────────────

    await step('seed-question.md from the explorer shows an error squiggle', async () => {
      const box = await questionSquiggle();
      return `squiggle ${Math.round(box.width)}×${Math.round(box.height)} px on line 5`;
    });

    await step(
      'Problems panel lists the gradlens.shape finding; status bar counts ≥1 error',
      async () => {
        await openFile(QUESTION);
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
        return `${rows.length} rows; "${row.slice(0, 60)}…"; status bar "${label}"`;
      },
    );

    await step(
      `hover at Ln ${hoverAt.line}, Col ${hoverAt.col} (Go to Line/Column, Show Hover) shows the shapes`,
      async () => {
        const text = await questionHover();
        return text.slice(0, 120);
      },
    );

    await step('"GradLens: Show Panel" (F1) lists the claims with verdict badges', async () => {
      await openFile(QUESTION);
      await goToLine(page, 1, 1);
      await showPanel(page);
      await panel.locator('#gl-title', { hasText: QUESTION }).waitFor({ timeout: SLOW });
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
      assert(title.includes(QUESTION), `panel title ${JSON.stringify(title)}`);
      return `${summary}; badges: ${claims.map((c) => `line ${c.line} "${c.badge}"`).join(', ')}`;
    });

    await step('clicking a claim in the panel moves the editor cursor to it', async () => {
      await ensurePanel(QUESTION);
      await goToLine(page, 1, 1); // on neither claim
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
        const at = await clickClaim(claim);
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
      return `${visited.join('; ')}; detail: ${facts.trim()}; shapes table: ${rows.length} rows (X ${shapeOf('X')}, A ${shapeOf('A')})`;
    });

    await step('seed-answer.md: the panel shows ok verdicts and heatmaps render', async () => {
      const { claims, gradient, drawn } = await answerHeatmaps();
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
      return `${ok.length}/${claims.length} ok; gradient on line ${gradient.line}: ${drawn.length} heatmaps (${drawn.map((d) => `${d.cells} cells`).join(', ')}), e.g. "${drawn[0].label}"`;
    });

    await step(
      'seed-answer.md: the derivation section lists the differential steps, each ok and typeset',
      async () => {
        await answerHeatmaps();
        const rows = panel.locator(
          '#gl-detail section[data-section="derivation"] .gl-derivation-row',
        );
        await rows.nth(2).waitFor({ timeout: SLOW });
        const seen = await rows.evaluateAll((items) =>
          items.map((row) => ({
            verdict: row.getAttribute('data-verdict'),
            latex: row.querySelector('.gl-math')?.getAttribute('data-latex') ?? '',
            rendered: row.querySelector('.gl-math')?.getAttribute('data-rendered') === 'true',
          })),
        );
        assert(seen.length >= 3, `derivation rows: ${JSON.stringify(seen)}`);
        assert(
          seen.every((r) => r.verdict === 'ok' && r.rendered),
          `every row ok and typeset: ${JSON.stringify(seen)}`,
        );
        assert(/^d/.test(seen[0].latex), `the first row is the differential: ${seen[0].latex}`);
        assert(
          /dX\s*$/.test(seen[seen.length - 2].latex),
          `the row before the gradient ends in dX`,
        );
        return `${seen.length} rows, all ok: ${seen.map((r) => r.latex.slice(0, 40)).join(' | ')}`;
      },
    );

    // Each theme through the picker (code-server did not pick up a rewritten settings.json):
    // light first, then dark, so that both are a real switch away from the theme before. The
    // screenshots of a theme are taken only once the workbench and the panel are seen in it.
    for (const theme of ['light', 'dark']) {
      const t = THEMES[theme];
      await step(`${theme} theme: workbench and panel follow the theme`, async () => {
        await ensurePanel(QUESTION);
        await pickColorTheme(page, t.label);
        const now = await waitTheme(theme);
        return `workbench class "${t.workbench}" (editor ${now.workbench.editor}), webview body "${t.body}", panel background ${now.body.background}`;
      });

      await step(`${theme} theme: squiggle, Problems and hover screenshots`, async () => {
        await ensureTheme(theme);
        await questionSquiggle();
        await problemsRow(page, /gradlens\.shape/);
        await goToLine(page, 1, 1);
        // The panel (open since the theme check) from its top, not where a check scrolled it.
        if (await page.locator(WEBVIEW_IFRAME).isVisible())
          await panel.locator('#gl-title').scrollIntoViewIfNeeded();
        await assertTheme(theme, { withPanel: false });
        await shot(`workbench-${theme}`);
        const text = await questionHover();
        await assertTheme(theme, { withPanel: false });
        await shot(`hover-${theme}`);
        return `workbench-${theme}.png, hover-${theme}.png: "${text.slice(0, 60)}…"`;
      });

      await step(`${theme} theme: panel and heatmap screenshots`, async () => {
        await ensureTheme(theme);
        await ensurePanel(QUESTION);
        await goToLine(page, 1, 1);
        const { facts } = await shapeErrorDetail();
        await panel.locator('#gl-title').scrollIntoViewIfNeeded();
        await assertTheme(theme);
        await shot(`workbench-panel-${theme}`);
        const { drawn } = await answerHeatmaps();
        await assertTheme(theme);
        await shot(`panel-heatmaps-${theme}`);
        return `workbench-panel-${theme}.png (${facts.trim().slice(0, 50)}…), panel-heatmaps-${theme}.png (${drawn.length} heatmaps)`;
      });
    }

    await step('no CSP violation and no error in any frame (webview included)', async () => {
      const bad = unexpected(messages);
      assert(bad.length === 0, `${bad.length} unexpected: ${bad.map(describe).join(' | ')}`);
      const webviewLines = messages.filter(isWebview).length;
      const fromPanel = gradlensLog(state.userData)
        .split('\n')
        .filter((l) => l.includes('GradLens panel') || /\[error\]/.test(l));
      assert(fromPanel.length === 0, `GradLens log: ${fromPanel.join(' | ')}`);
      return `${messages.length} console messages (${webviewLines} from webview frames), none unexpected; GradLens log has no panel error`;
    });

    // The collector must be able to see a violation: provoke one in the panel and find it.
    await step(
      'a deliberate CSP violation in the panel is caught (the check above can fail)',
      async () => {
        if (!(await page.locator(WEBVIEW_IFRAME).count())) await ensurePanel(QUESTION);
        await panel.locator('body').evaluate((body, src) => {
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
