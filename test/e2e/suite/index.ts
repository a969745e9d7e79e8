// End-to-end suite, run INSIDE a real VS Code extension host (code-server 4.100.3 = VS Code
// 1.100.3) with GradLens loaded as a development extension. The host require()s the bundle
// (test/e2e/out/suite.js, given as `extensionTestsPath`) and awaits run(); a rejection counts
// as a failed run. No mocha: a tiny runner below.
//
// The workspace is a temporary copy of examples/ (made by test/e2e/run.mjs), so edits here
// never touch the repository. Every wait polls live state with a deadline; nothing sleeps a
// fixed time to "let things settle".
//
// Results reach the driver three ways, whichever it sees first: a JSON file
// ($GRADLENS_E2E_RESULTS, else <workspace>/.gradlens-e2e-results.json), a console line
// "GRADLENS_E2E_REPORT {json}", and the workbench's codeAutomationExit(code) (which VS Code
// calls when run() settles). After writing the file the suite waits (20 s at most) for the
// driver's "<file>.shot", so the screenshot shows the workbench while GradLens still runs.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { describeFacts } from '../../../src/core/facts/describe';
import { levelOf, tally, tallyText } from '../../../src/core/levels';
import type { Finding } from '../../../src/core/report';
import { readDocument } from '../../../src/core/read';
import type { GradLensExports } from '../../../src/extension/exports';

type Test = { name: string; fn: () => Promise<string | void> };
const tests: Test[] = [];
const test = (name: string, fn: () => Promise<string | void>) => void tests.push({ name, fn });

function fail(message: string): never {
  throw new Error(message);
}
function ok(value: unknown, message: string): asserts value {
  if (!value) fail(message);
}
function match(text: string, re: RegExp, what: string): void {
  if (!re.test(text)) fail(`${what}: ${JSON.stringify(text)} does not match ${re}`);
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something truthy; fails with `what` after `ms`. */
async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) fail(`timed out after ${ms} ms waiting for ${what}`);
    await pause(50);
  }
}

const EXTENSION_ID = 'gradlens.gradlens';
let api: GradLensExports;

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}
const QUESTION = () => workspaceFile('seed-question.md');
const ANSWER = () => workspaceFile('seed-answer.md');

function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}
function gradlensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'GradLens' || (codeOf(d) ?? '').startsWith('gradlens.'));
}
const describe = (ds: vscode.Diagnostic[]) =>
  ds
    .map(
      (d) =>
        `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message.slice(0, 80)}`,
    )
    .join(' | ') || '(none)';

async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
}

/** Where `needle` starts in line `line` (0-based) of `doc`, after `skip` earlier hits. */
function positionOf(
  doc: vscode.TextDocument,
  line: number,
  needle: string,
  skip = 0,
): vscode.Position {
  const text = doc.lineAt(line).text;
  let at = -1;
  for (let i = 0; i <= skip; i++) {
    at = text.indexOf(needle, at + 1);
    ok(at >= 0, `"${needle}" (hit ${skip + 1}) on line ${line + 1}`);
  }
  return new vscode.Position(line, at);
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      position,
    )) ?? [];
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .join('\n')
    .replace(/\\/g, '');
}

// ---------------------------------------------------------------------------------------------

test('extension activates and returns its test API', async () => {
  await open(QUESTION());
  const ext = await waitFor('the extension to be registered', () =>
    vscode.extensions.getExtension<GradLensExports>(EXTENSION_ID),
  );
  api = await ext.activate();
  ok(
    api && typeof api.getFindings === 'function' && typeof api.whenIdle === 'function',
    'activate() returns GradLensExports',
  );
  ok(api.worker.generation >= 1, `worker generation is ${api.worker.generation}`);
  return `VS Code ${vscode.version}, remote ${vscode.env.remoteName ?? 'none'}, worker generation ${api.worker.generation}`;
});

test('seed question: a gradlens.shape error naming m×n and X k×l', async () => {
  const uri = QUESTION();
  await open(uri);
  const shape = await waitFor(
    'a gradlens.shape diagnostic on seed-question.md',
    () => gradlensDiagnostics(uri).find((d) => codeOf(d) === 'gradlens.shape'),
    60_000,
  );
  ok(
    shape.severity === vscode.DiagnosticSeverity.Error,
    `severity is ${shape.severity}, expected Error`,
  );
  match(shape.message, /m×n/, 'message names the claimed m×n');
  match(shape.message, /X is k×l/, "message names X's shape k×l");
  ok(shape.range.start.line === 4, `on line 5, got line ${shape.range.start.line + 1}`);
  return `${describe([shape])}`;
});

test('seed answer: no error diagnostics', async () => {
  const uri = ANSWER();
  await open(uri);
  // Wait until the worker has published findings for this file, then for idleness.
  await waitFor('findings for seed-answer.md', () => api.getFindings(uri).length > 0, 60_000);
  await api.whenIdle();
  const errors = vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
  ok(errors.length === 0, `expected no errors, got ${describe(errors)}`);
  const verdicts = api.getFindings(uri).map((f) => f.verdict);
  ok(verdicts.includes('ok'), `some claim holds (verdicts: ${verdicts.join(',')})`);
  return `${api.getFindings(uri).length} findings, verdicts ${[...new Set(verdicts)].join('/')}, 0 errors`;
});

/** Deletes the minus of the seed answer's gradient claim `\grad{\phi}{X} &= -B…`: a sign error. */
async function flipGradientSign(
  doc: vscode.TextDocument,
): Promise<{ line: number; minus: vscode.Position; original: string }> {
  const line = doc
    .getText()
    .split('\n')
    .findIndex((l) => l.includes('\\grad{\\phi}{X} &= -B'));
  ok(line >= 0, 'the gradient claim line "\\grad{\\phi}{X} &= -B…"');
  const minus = positionOf(doc, line, '&= -B').translate(0, 3);
  const original = doc.getText();
  const edit = new vscode.WorkspaceEdit();
  edit.delete(doc.uri, new vscode.Range(minus, minus.translate(0, 1)));
  ok(await vscode.workspace.applyEdit(edit), 'applyEdit succeeded');
  ok(doc.getText() !== original, 'the document changed');
  return { line, minus, original };
}

test('flipping the gradient sign gives gradlens.mismatch; undo clears it', async () => {
  const uri = ANSWER();
  const editor = await open(uri);
  const doc = editor.document;
  const t0 = Date.now();
  const { line, original } = await flipGradientSign(doc);
  // debounce (400 ms by default) + the check itself: poll, with a generous deadline
  const mismatch = await waitFor(
    'a gradlens.mismatch diagnostic after the edit',
    () => gradlensDiagnostics(uri).find((d) => codeOf(d) === 'gradlens.mismatch'),
    20_000,
  );
  const appeared = Date.now() - t0;
  ok(
    mismatch.range.start.line === line,
    `mismatch on line ${mismatch.range.start.line + 1}, expected ${line + 1}`,
  );
  ok(mismatch.severity === vscode.DiagnosticSeverity.Error, 'a mismatch is an error');

  // Undo through the editor's own undo stack.
  await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
  const t1 = Date.now();
  await vscode.commands.executeCommand('undo');
  await waitFor('undo to restore the text', () => doc.getText() === original, 5_000);
  await waitFor(
    'the mismatch to clear after undo',
    () =>
      !gradlensDiagnostics(uri).some(
        (d) => codeOf(d) === 'gradlens.mismatch' || d.severity === vscode.DiagnosticSeverity.Error,
      ),
    20_000,
  );
  const cleared = Date.now() - t1;
  ok(!doc.isDirty || doc.getText() === original, 'text restored');
  return `mismatch after ${appeared} ms ("${mismatch.message.slice(0, 60)}…"), cleared ${cleared} ms after undo`;
});

test('quick fix "assume it": a directive makes a claim that needs symmetric A hold', async () => {
  const doc = await vscode.workspace.openTextDocument({
    language: 'markdown',
    content: [
      'Let $A \\in \\mathbb{R}^{n\\times n}$ and $\\mathbf{x} \\in \\mathbb{R}^n$.',
      '',
      '$$\\nabla_{\\mathbf x}\\, \\mathbf{x}^T A \\mathbf{x} = 2A\\mathbf{x}$$',
      '',
    ].join('\n'),
  });
  await vscode.window.showTextDocument(doc, { preview: false });
  try {
    const mismatch = await waitFor(
      'a gradlens.mismatch diagnostic on the quadratic form',
      () => gradlensDiagnostics(doc.uri).find((d) => codeOf(d) === 'gradlens.mismatch'),
      30_000,
    );
    ok(mismatch.range.start.line === 2, `on line 3, got ${mismatch.range.start.line + 1}`);
    const finding = api.getFindings(doc.uri).find((f) => f.verdict === 'mismatch');
    ok(
      finding?.assumption?.symbol === 'A' && finding.assumption.property === 'symmetric',
      `the finding assumes A symmetric (${JSON.stringify(finding?.assumption)})`,
    );
    const actions = await waitFor('a GradLens quick fix on the mismatch', async () => {
      const all =
        (await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          doc.uri,
          mismatch.range,
          vscode.CodeActionKind.QuickFix.value,
        )) ?? [];
      // The command hands back title, kind, edit and isPreferred (not the diagnostics): ours
      // is the action whose edit inserts a gradlens directive into this document.
      const ours = all.filter((a) => a.edit?.get(doc.uri).some((e) => /gradlens:/.test(e.newText)));
      return ours.length > 0 ? ours : undefined;
    });
    ok(actions.length === 1, `one GradLens quick fix, got ${actions.length}`);
    const action = actions[0];
    ok(action.isPreferred === true, 'the quick fix is preferred');
    ok(action.kind?.value === vscode.CodeActionKind.QuickFix.value, `kind ${action.kind?.value}`);
    ok(doc.lineCount === 4, 'offering the fix wrote nothing');
    ok(await vscode.workspace.applyEdit(action.edit!), 'applyEdit of the quick fix');
    const lines = doc.getText().split('\n');
    const directive = lines.findIndex((l) => /^<!--\s*gradlens:\s*A\s+symmetric\s*-->$/.test(l));
    ok(directive === 2, `the directive line is above the claim (line ${directive + 1})`);
    ok(lines[3].startsWith('$$\\nabla'), 'the claim moved one line down');
    const held = await waitFor(
      'the claim to hold once A is assumed symmetric',
      () => {
        const gradient = api.getFindings(doc.uri).find((f) => f.kind === 'gradient');
        return gradient?.verdict === 'ok' && gradient.range.start.line === 3 ? gradient : undefined;
      },
      20_000,
    );
    await waitFor(
      'the mismatch diagnostic to go',
      () => !gradlensDiagnostics(doc.uri).some((d) => codeOf(d) === 'gradlens.mismatch'),
      20_000,
    );

    // The panel's shapes table lists A's facts in force at the claim, the directive among them:
    // the same citations the core gives for this text.
    await vscode.commands.executeCommand('gradlens.showPanel', {
      uri: doc.uri.toString(),
      line: held.range.start.line,
      character: held.range.start.character,
    });
    const row = await waitFor('the panel to list A with its facts', () => {
      const show = api.panelSnapshot()?.last.show;
      if (show?.type !== 'show' || show.document?.uri !== doc.uri.toString()) return undefined;
      if (show.selected === undefined) return undefined;
      return show.claims[show.selected].detail?.symbols.find((s) => s.text === 'A' && s.facts);
    });
    const read = readDocument({
      uri: doc.uri.toString(),
      version: doc.version,
      language: 'markdown',
      text: doc.getText(),
    });
    const expected = describeFacts(read, 'A', read.lines.offsetAt(held.range.start));
    ok(
      JSON.stringify(row.facts) === JSON.stringify(expected),
      `A's facts in the panel ${JSON.stringify(row.facts)} are the core's ${JSON.stringify(expected)}`,
    );
    const directiveFact = read.env.facts
      .resolve('A', read.lines.offsetAt(held.range.start))
      .facts.find((f) => f.source.via === 'directive' && f.source.line === directive);
    ok(directiveFact, 'the directive is a fact in force for A at the claim');
    return `"${action.title}" → ${lines[directive]}; verdict ${held.verdict}; panel facts of A: ${row.facts!.length}`;
  } finally {
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
});

test('hover over BᵀXC in the seed question gives the shapes', async () => {
  const uri = QUESTION();
  const editor = await open(uri);
  const doc = editor.document;
  // The claimed gradient's denominator \mathbf{B}^T\mathbf{X}\mathbf{C} (the 2nd on line 5).
  // The hover shows the smallest shaped subexpression under the cursor: each factor, and the
  // quotient the product sits in.
  const b = positionOf(doc, 4, '\\mathbf{B}^T', 1);
  const bt = await hoverText(uri, b.translate(0, '\\mathbf{B}'.length)); // on "^"
  match(bt, /Bᵀ\s*:\s*m×k/, 'hover on ^T');
  const x = await hoverText(uri, b.translate(0, '\\mathbf{B}^T'.length)); // on \mathbf{X}
  match(x, /X\s*:\s*k×l/, 'hover on X');
  const c = await hoverText(uri, b.translate(0, '\\mathbf{B}^T\\mathbf{X}'.length)); // on \mathbf{C}
  match(c, /C\s*:\s*l×n/, 'hover on C');
  const quotient = await hoverText(
    uri,
    b.translate(0, '\\mathbf{B}^T\\mathbf{X}\\mathbf{C}'.length),
  ); // on the closing }
  match(quotient, /BᵀXC\)\s*:\s*m×n/, 'hover on the end of BᵀXC');
  match(quotient, /shape-error/, 'the hover carries the claim verdict');
  return [bt, x, c, quotient].map((s) => s.split('\n')[0]).join(' ; ');
});

test('quick fix "Replace with the gradient" on the seed question: the shape error goes, the claim checks ok', async () => {
  const uri = QUESTION();
  const editor = await open(uri);
  const doc = editor.document;
  const original = doc.getText();
  try {
    const shape = await waitFor(
      'a gradlens.shape diagnostic on seed-question.md',
      () => gradlensDiagnostics(uri).find((d) => codeOf(d) === 'gradlens.shape'),
      60_000,
    );
    const suggestion = await waitFor(
      'the worker to attach a suggestion to the shape error',
      () =>
        api.getFindings(uri).find((f) => f.verdict === 'shape-error' && f.suggestion)?.suggestion,
    );
    ok(suggestion.kind === 'derived', `suggestion kind ${suggestion.kind}`);
    // The hover of the claim names the derived gradient (hoverText drops backslashes).
    const hover = await hoverText(uri, shape.range.start.translate(0, 2));
    ok(
      hover.includes(suggestion.latex.replace(/\\/g, '')),
      `the hover names the derived gradient: ${hover.slice(0, 300)}`,
    );
    const action = await waitFor('the "Replace with the gradient" quick fix', async () => {
      const all =
        (await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          uri,
          shape.range,
          vscode.CodeActionKind.QuickFix.value,
        )) ?? [];
      return all.find((a) => a.title.startsWith('Replace with the gradient'));
    });
    ok(action.kind?.value === vscode.CodeActionKind.QuickFix.value, `kind ${action.kind?.value}`);
    ok(doc.getText() === original, 'offering the fix wrote nothing');
    const edits = action.edit!.get(uri);
    ok(edits.length === 1, `one edit, got ${edits.length}`);
    const claimed = doc.getText(edits[0].range).trim();
    ok(
      claimed === String.raw`\frac{\mathbf{A} \odot \mathbf{K}}{\mathbf{B}^T\mathbf{X}\mathbf{C}}`,
      `the edit replaces exactly the claimed right-hand side, not "${claimed}"`,
    );
    ok(await vscode.workspace.applyEdit(action.edit!), 'applyEdit of the quick fix');
    const held = await waitFor(
      'the gradient claim to check ok',
      () => {
        const gradient = api.getFindings(uri).find((f) => f.kind === 'gradient');
        return gradient?.verdict === 'ok' ? gradient : undefined;
      },
      30_000,
    );
    await waitFor(
      'the shape error diagnostic to go',
      () => !gradlensDiagnostics(uri).some((d) => codeOf(d) === 'gradlens.shape'),
      20_000,
    );
    return `"${action.title}" → ${doc.lineAt(4).text.slice(edits[0].range.start.character)}; verdict ${held.verdict}, relative error ${held.relError}`;
  } finally {
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
});

test('"Derive Gradient…" on the seed answer\'s φ by X: the inserted block checks ok, nothing new goes wrong', async () => {
  const uri = ANSWER();
  const editor = await open(uri);
  const doc = editor.document;
  const original = doc.getText();
  try {
    await waitFor(
      'the seed answer checked',
      () => api.getFindings(uri).some((f) => f.kind === 'gradient' && f.verdict === 'ok'),
      60_000,
    );
    const before = gradlensDiagnostics(uri).map(codeOf);
    const findingsBefore = api.getFindings(uri).length;
    const line = original.split('\n').findIndex((l) => l.includes('\\phi &= A:'));
    ok(line > 0, 'the line that defines φ');
    const result = await vscode.commands.executeCommand<{
      kind: string;
      rows?: { lhs: string; rhs: string; verdict: string }[];
      line?: number;
      reason?: string;
    }>('gradlens.deriveGradient', { uri: uri.toString(), line, wrt: 'X' });
    ok(result?.kind === 'inserted', `the block was inserted: ${JSON.stringify(result)}`);
    const rows = result.rows ?? [];
    ok(rows.length >= 3, `at least dφ, one step and ∂φ/∂X: ${rows.length} rows`);
    ok(
      rows.every((r) => r.verdict === 'ok'),
      `every row checked ok in the worker`,
    );
    ok(doc.getText() !== original, 'the document holds the block');
    // GradLens checks the edited note itself: the block's rows are claims that hold
    const first = result.line!;
    const inBlock = await waitFor(
      "the block's findings, every one ok",
      () => {
        const findings = api.getFindings(uri);
        if (findings.length < findingsBefore + rows.length) return undefined;
        const mine = findings.filter(
          (f) => f.range.start.line >= first && f.range.start.line <= first + rows.length + 2,
        );
        return mine.length === rows.length && mine.every((f) => f.verdict === 'ok')
          ? mine
          : undefined;
      },
      60_000,
    );
    ok(
      inBlock[0].kind === 'differential' && inBlock[inBlock.length - 1].kind === 'gradient',
      `dφ … then ∂φ/∂X: ${inBlock.map((f) => f.kind).join(', ')}`,
    );
    await api.whenIdle();
    const after = gradlensDiagnostics(uri).map(codeOf);
    ok(
      JSON.stringify(after) === JSON.stringify(before),
      `no new diagnostics: ${JSON.stringify(before)} → ${JSON.stringify(after)}`,
    );
    return `${rows.length} rows inserted at line ${first + 1}: ${inBlock.map((f) => `${f.kind} ${f.verdict}`).join(', ')}`;
  } finally {
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
});

test('one CodeLens per claim', async () => {
  for (const uri of [QUESTION(), ANSWER()]) {
    await open(uri);
    await waitFor(`findings for ${uri.path}`, () => api.getFindings(uri).length > 0, 30_000);
    await api.whenIdle();
  }
  const out: string[] = [];
  for (const uri of [QUESTION(), ANSWER()]) {
    const claims = api
      .getFindings(uri)
      .filter((f) => f.kind === 'gradient' || f.kind === 'equality' || f.kind === 'differential');
    const lenses = await waitFor(
      `${claims.length} lenses on ${uri.path}`,
      async () => {
        const l =
          (await vscode.commands.executeCommand<vscode.CodeLens[]>(
            'vscode.executeCodeLensProvider',
            uri,
            100,
          )) ?? [];
        const ours = l.filter(
          (x) => x.command?.command === 'gradlens.showPanel' && x.command.arguments?.length,
        );
        return ours.length === claims.length ? ours : undefined;
      },
      10_000,
    );
    ok(claims.length > 0, `${uri.path} has claims`);
    // and one summary lens on the first line, with the status bar's counts
    const all =
      (await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        uri,
        100,
      )) ?? [];
    const summaries = all.filter(
      (x) => x.command?.command === 'gradlens.showPanel' && !x.command.arguments?.length,
    );
    const counts = tallyText(tally(api.getFindings(uri)));
    ok(
      summaries.length === 1 &&
        summaries[0].range.start.line === 0 &&
        summaries[0].command?.title === `GradLens ${counts}`,
      `one summary lens "GradLens ${counts}" on line 1, got ${summaries.map((x) => `${x.range.start.line + 1}: ${x.command?.title}`).join('; ')}`,
    );
    out.push(`${uri.path.split('/').pop()}: summary "${summaries[0].command?.title}"`);
    const lines = new Set(claims.map((f) => f.range.start.line));
    for (const lens of lenses)
      ok(
        lines.has(lens.range.start.line),
        `lens on line ${lens.range.start.line + 1} sits on a claim`,
      );
    out.push(
      `${uri.path.split('/').pop()}: ${lenses.length} lenses, e.g. "${lenses[0].command?.title}"`,
    );
  }
  return out.join('; ');
});

test('the panel on a claim: verdict, shapes table and draws, as sent to its page', async () => {
  const uri = QUESTION();
  await open(uri);
  const shapeError = await waitFor(
    "the seed question's shape error",
    () => api.getFindings(uri).find((f) => f.verdict === 'shape-error'),
    30_000,
  );
  await vscode.commands.executeCommand('gradlens.showPanel', {
    uri: uri.toString(),
    line: shapeError.range.start.line,
    character: shapeError.range.start.character,
  });
  const shown = await waitFor(
    'the panel to show the seed question with a claim selected',
    () => {
      const snapshot = api.panelSnapshot();
      const show = snapshot?.last.show;
      return snapshot?.open &&
        show?.type === 'show' &&
        show.document?.uri === uri.toString() &&
        show.selected !== undefined
        ? { snapshot, show }
        : undefined;
    },
    20_000,
  );
  const claim = shown.show.claims[shown.show.selected!];
  ok(
    claim.verdict === 'shape-error',
    `the selected claim is the shape error, got ${claim.verdict}`,
  );
  const symbols = claim.detail?.symbols ?? [];
  const shapeOf = (text: string) => symbols.find((s) => s.text === text)?.shape;
  ok(
    shapeOf('X') === 'k×l',
    `X is k×l in the shapes table (${symbols.map((s) => `${s.text}:${s.shape}`).join(', ')})`,
  );
  ok(shapeOf('A') === 'm×n', `A is m×n in the shapes table`);
  ok(
    symbols.some((s) => s.text.includes('BᵀXC') && s.shape === 'm×n'),
    'a subexpression BᵀXC is m×n',
  );

  // A claim that holds: the numbers behind it reach the panel too.
  const answer = ANSWER();
  await open(answer);
  const gradient = await waitFor(
    'a gradient claim in the seed answer',
    () => api.getFindings(answer).find((f) => f.kind === 'gradient' && f.verdict === 'ok'),
    30_000,
  );
  await vscode.commands.executeCommand('gradlens.showPanel', {
    uri: answer.toString(),
    line: gradient.range.start.line,
    character: gradient.range.start.character,
  });
  const okShown = await waitFor(
    "the panel on the seed answer's gradient",
    () => {
      const show = api.panelSnapshot()?.last.show;
      return show?.type === 'show' &&
        show.document?.uri === answer.toString() &&
        show.selected !== undefined
        ? show
        : undefined;
    },
    20_000,
  );
  const held = okShown.claims[okShown.selected!];
  ok(held.verdict === 'ok', `selected claim verdict ${held.verdict}`);
  const draws = held.detail?.draws ?? [];
  ok(draws.length === 3, `3 draws in the panel's detail, got ${draws.length}`);
  ok(
    draws.every((d) => d.relError <= 1e-8),
    `every draw agrees (${draws.map((d) => d.relError).join(', ')})`,
  );
  ok((held.detail?.symbols.length ?? 0) > 0, 'the holding claim has a shapes table');
  ok(held.detail?.sample !== undefined, "one draw's matrices for the heatmaps");
  // the gradient's differential steps, derived in the worker, each checked
  const derivation = await waitFor(
    "the derivation of the seed answer's gradient sent to the panel",
    () => {
      const message = api.panelSnapshot()?.last.derivation;
      return message?.type === 'derivation' && message.latex === held.latex ? message : undefined;
    },
    30_000,
  );
  const steps = derivation.derivation?.rows ?? [];
  ok(
    steps.length >= 3 && steps.every((r) => r.verdict === 'ok'),
    `derivation rows all ok: ${JSON.stringify(steps.map((r) => r.verdict))} ${derivation.reason ?? ''}`,
  );
  return `shape error: ${symbols.length} rows (X:${shapeOf('X')}, A:${shapeOf('A')}); gradient: ${draws.length} draws, ${held.detail?.symbols.length} shape rows, ${steps.length} derivation rows`;
});

test('the conventions setting: plain lowercase as vectors re-reads open documents', async () => {
  const doc = await vscode.workspace.openTextDocument({
    language: 'markdown',
    content: 'Elementwise: $$\\nabla_v \\, v \\odot v = 2v$$\n',
  });
  await vscode.window.showTextDocument(doc, { preview: false });
  const before = await waitFor(
    'a finding for the untitled note',
    () => api.getFindings(doc.uri).find((f) => f.kind === 'gradient'),
    30_000,
  );
  ok(
    before.verdict === 'ok',
    `by default v is a scalar and the claim holds, got ${before.verdict}: ${before.message}`,
  );
  const config = vscode.workspace.getConfiguration('gradlens');
  await config.update('conventions', { lowercase: 'vector' }, vscode.ConfigurationTarget.Global);
  try {
    const shape = await waitFor(
      'a gradlens.shape diagnostic once lowercase letters are vectors',
      () => gradlensDiagnostics(doc.uri).find((d) => codeOf(d) === 'gradlens.shape'),
      20_000,
    );
    match(shape.message, /Jacobian of v ⊙ v/, 'v is now a vector, so the claim is a Jacobian');
    const hover = await hoverText(doc.uri, positionOf(doc, 0, 'v \\odot'));
    match(hover, /v\s*:\s*m×1/, 'the hover follows the setting too');
  } finally {
    await config.update('conventions', undefined, vscode.ConfigurationTarget.Global);
  }
  await waitFor(
    'the claim to hold again after the setting is removed',
    () => api.getFindings(doc.uri).find((f) => f.kind === 'gradient')?.verdict === 'ok',
    20_000,
  );
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return `ok by default; with {"lowercase": "vector"}: gradlens.shape; ok again after reset`;
});

/** A notebook opened in the notebook editor, its markdown cells' documents. */
async function openNotebook(notebook: vscode.NotebookDocument): Promise<vscode.TextDocument[]> {
  await vscode.window.showNotebookDocument(notebook, { preview: false });
  return notebook
    .getCells()
    .filter((c) => c.kind === vscode.NotebookCellKind.Markup)
    .map((c) => c.document);
}

test('a Jupyter notebook: its markdown cells get diagnostics', async () => {
  const notebook = await vscode.workspace.openNotebookDocument(
    workspaceFile('trace-gradients.ipynb'),
  );
  ok(notebook.notebookType === 'jupyter-notebook', `opened as ${notebook.notebookType}`);
  const cells = await openNotebook(notebook);
  ok(cells.length === 2, `two markdown cells, got ${cells.length}`);
  const claims = cells[1];
  // The slip ∂tr(AX)/∂X = A (the gradient is Aᵀ) in the second markdown cell.
  const mismatch = await waitFor(
    "a gradlens.mismatch diagnostic in the notebook's second markdown cell",
    () => gradlensDiagnostics(claims.uri).find((d) => codeOf(d) === 'gradlens.mismatch'),
    60_000,
  );
  const slipLine = claims
    .getText()
    .split('\n')
    .findIndex((l) => l.includes('\\operatorname{tr}(A X) = A'));
  ok(
    mismatch.range.start.line === slipLine,
    `on the slip's line ${slipLine + 1} of the cell, got ${mismatch.range.start.line + 1}`,
  );
  match(mismatch.message, /transpose/i, 'diagnosed as a transpose');
  const findings = api.getFindings(claims.uri);
  ok(
    findings.some((f) => f.verdict === 'ok' && f.kind === 'gradient'),
    `the trace rule holds (verdicts ${findings.map((f) => f.verdict).join(',')})`,
  );
  return `second markdown cell: ${describe(gradlensDiagnostics(claims.uri))}`;
});

test('notebook cells are read together: a declaration in cell 1 sizes a claim in cell 3', async () => {
  const markup = (text: string) =>
    new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, text, 'markdown');
  const data = new vscode.NotebookData([
    markup(
      '# Setup\n\nLet $A \\in \\mathbb{R}^{m\\times n}$ and $X \\in \\mathbb{R}^{n\\times m}$.',
    ),
    new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'import numpy as np', 'python'),
    markup('The trace rule:\n\n$$\\frac{\\partial}{\\partial X} \\operatorname{tr}(A X) = A$$'),
  ]);
  const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
  const [setup, rule] = await openNotebook(notebook);
  const shape = await waitFor(
    'a gradlens.shape diagnostic in cell 3',
    () => gradlensDiagnostics(rule.uri).find((d) => codeOf(d) === 'gradlens.shape'),
    60_000,
  );
  match(shape.message, /m×n, but X is n×m/, 'sized by the declarations of cell 1');
  match(shape.message, /declared on line 3 of cell 1/, 'the message names the cell');
  ok(shape.range.start.line === 2, `on line 3 of its cell, got ${shape.range.start.line + 1}`);
  const related = shape.relatedInformation ?? [];
  const declaration = related.find((r) => /X declared n×m/.test(r.message));
  ok(
    declaration,
    `related information names X's declaration (${related.map((r) => r.message).join('; ')})`,
  );
  ok(
    declaration.location.uri.toString() === setup.uri.toString(),
    `the declaration is in cell 1, got ${declaration.location.uri.toString()}`,
  );

  // Editing only cell 1 (square A and X) changes the reading of cell 3: now the shapes agree
  // and the numbers find the transpose.
  const edit = new vscode.WorkspaceEdit();
  edit.replace(
    setup.uri,
    new vscode.Range(2, 0, 2, setup.lineAt(2).text.length),
    'Let $A \\in \\mathbb{R}^{n\\times n}$ and $X \\in \\mathbb{R}^{n\\times n}$.',
  );
  ok(await vscode.workspace.applyEdit(edit), 'applyEdit on cell 1');
  const mismatch = await waitFor(
    'a gradlens.mismatch in cell 3 after editing cell 1',
    () => gradlensDiagnostics(rule.uri).find((d) => codeOf(d) === 'gradlens.mismatch'),
    20_000,
  );
  const after = gradlensDiagnostics(rule.uri);
  ok(
    !after.some((d) => codeOf(d) === 'gradlens.shape'),
    `no shape error left in cell 3: ${describe(after)}`,
  );
  match(mismatch.message, /transpose/i, 'diagnosed as a transpose');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return `before: ${shape.message.slice(0, 70)}…; after the edit: ${describe(after)}`;
});

// ---------------------------------------------------------------------------------------------
// What shows where (src/core/levels.ts, gradlens.report).

const LEVEL: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};
const SEVERITY_NAME = ['error', 'warning', 'information', 'hint'];
const isProblemsEntry = (d: vscode.Diagnostic) =>
  d.severity === vscode.DiagnosticSeverity.Error ||
  d.severity === vscode.DiagnosticSeverity.Warning;
/** "5 error gradient: shape-error" for a diagnostic, through the finding behind it. */
function entry(d: vscode.Diagnostic, findings: readonly Finding[]): string {
  const f = findings.find(
    (x) => x.message === d.message && x.range.start.line === d.range.start.line,
  );
  return `${d.range.start.line + 1} ${SEVERITY_NAME[d.severity]} ${f ? `${f.kind}: ${f.verdict}` : `? ${codeOf(d)}`}`;
}
/** The diagnostics of `uri` are exactly its findings at the level the table (or `mode`) gives. */
function assertDiagnosticsFollowTable(
  uri: vscode.Uri,
  mode: 'problems' | 'everything',
): { diagnostics: vscode.Diagnostic[]; findings: readonly Finding[] } {
  const findings = api.getFindings(uri);
  const diagnostics = gradlensDiagnostics(uri);
  const expected = findings
    .filter((f) => levelOf(f, mode) !== 'off')
    .map((f) => `${f.range.start.line + 1} ${levelOf(f, mode)} ${f.kind}: ${f.verdict}`)
    .sort();
  const got = diagnostics.map((d) => entry(d, findings)).sort();
  ok(
    JSON.stringify(got) === JSON.stringify(expected),
    `${uri.path.split('/').pop()} (${mode}): diagnostics ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`,
  );
  return { diagnostics, findings };
}

/** Every example note, opened the way a user opens it; cells of the notebook one by one. */
async function openExamples(): Promise<{ name: string; uri: vscode.Uri }[]> {
  const names = [
    'seed-question.md',
    'seed-answer.md',
    'logistic-regression.md',
    'least-squares-ridge.md',
    'nmf-updates.md',
    'gaussian-logdet.tex',
  ];
  const opened: { name: string; uri: vscode.Uri }[] = [];
  for (const name of names) {
    const uri = workspaceFile(name);
    await open(uri);
    await waitFor(`findings for ${name}`, () => api.getFindings(uri).length > 0, 60_000);
    opened.push({ name, uri });
  }
  const notebook = await vscode.workspace.openNotebookDocument(
    workspaceFile('trace-gradients.ipynb'),
  );
  const cells = await openNotebook(notebook);
  await waitFor(
    'findings for the notebook',
    () => cells.some((c) => api.getFindings(c.uri).length > 0),
    60_000,
  );
  cells.forEach((c, i) => opened.push({ name: `trace-gradients.ipynb#${i + 1}`, uri: c.uri }));
  await api.whenIdle();
  return opened;
}

test('Problems panel of every example: its deliberate mistakes as errors, nothing else', async () => {
  const opened = await openExamples();
  const problems: string[] = [];
  let hidden = 0;
  for (const { name, uri } of opened) {
    const { diagnostics, findings } = assertDiagnosticsFollowTable(uri, 'problems');
    ok(
      !diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Information),
      `${name}: no information diagnostics`,
    );
    for (const d of diagnostics.filter(isProblemsEntry))
      problems.push(`${name}:${entry(d, findings)}`);
    hidden += findings.length - diagnostics.length;
  }
  const expected = [
    'seed-question.md:5 error gradient: shape-error',
    'logistic-regression.md:10 error gradient: mismatch',
    'trace-gradients.ipynb#2:' /* line within the cell */,
  ];
  ok(
    problems.length === 3 &&
      problems[0] === expected[0] &&
      problems[1] === expected[1] &&
      problems[2].startsWith(expected[2]) &&
      problems[2].endsWith('error gradient: mismatch'),
    `Problems entries: ${JSON.stringify(problems)}`,
  );
  ok(
    hidden >= 40,
    `claims that hold, definitions and skipped math are not diagnostics (${hidden})`,
  );
  return `${problems.join('; ')}; ${hidden} findings without a diagnostic`;
});

test('gradlens.report = everything: every finding a diagnostic, information included', async () => {
  const opened = await openExamples();
  const config = vscode.workspace.getConfiguration('gradlens');
  await config.update('report', 'everything', vscode.ConfigurationTarget.Global);
  let information = 0;
  let total = 0;
  try {
    for (const { uri } of opened) {
      const { diagnostics, findings } = await waitFor(
        `every finding of ${uri.path} as a diagnostic`,
        () => {
          const findings = api.getFindings(uri);
          const diagnostics = gradlensDiagnostics(uri);
          return diagnostics.length === findings.length ? { diagnostics, findings } : undefined;
        },
        10_000,
      );
      assertDiagnosticsFollowTable(uri, 'everything');
      for (const f of findings)
        ok(
          diagnostics.some((d) => d.message === f.message && d.severity === LEVEL[f.severity]),
          `${f.kind} ${f.verdict} on line ${f.range.start.line + 1} is a ${f.severity} diagnostic`,
        );
      information += diagnostics.filter(
        (d) => d.severity === vscode.DiagnosticSeverity.Information,
      ).length;
      total += diagnostics.length;
    }
    ok(information >= 40, `information diagnostics: ${information}`);
  } finally {
    await config.update('report', undefined, vscode.ConfigurationTarget.Global);
  }
  await waitFor(
    'the Problems panel to hold errors only again',
    () =>
      opened.every(
        ({ uri }) =>
          !gradlensDiagnostics(uri).some(
            (d) => d.severity === vscode.DiagnosticSeverity.Information,
          ),
      ),
    10_000,
  );
  for (const { uri } of opened) assertDiagnosticsFollowTable(uri, 'problems');
  return `everything: ${total} diagnostics (${information} information); back to problems after reset`;
});

test('a note of every verdict: errors, the actionable warning, hints where nothing was checked', async () => {
  const doc = await vscode.workspace.openTextDocument({
    language: 'markdown',
    content: [
      '# A note of every kind',
      '',
      'Let $A \\in \\mathbb{R}^{n\\times n}$, $\\mathbf{x} \\in \\mathbb{R}^n$ and $f(\\mathbf{x}) = \\mathbf{x}^T \\mathbf{x}$.',
      '',
      '$$\\nabla_{\\mathbf x} f = 2\\mathbf{x}$$',
      '',
      '$$\\nabla_{\\mathbf x} f = \\mathbf{x}$$',
      '',
      '$$\\nabla_{\\mathbf x}\\, \\mathbf{x}^T A \\mathbf{x} = 2A\\mathbf{x}$$',
      '',
      '$$\\nabla_{\\mathbf x} f = A$$',
      '',
      '$$\\nabla_{\\mathbf x} \\foo(\\mathbf{x}) = \\mathbf{x}$$',
      '',
      '$$ g = \\frac{1}{2 $$',
      '',
      '$$ f \\approx 0 $$',
      '',
    ].join('\n'),
  });
  await vscode.window.showTextDocument(doc, { preview: false });
  try {
    await waitFor('10 findings', () => api.getFindings(doc.uri).length === 10, 30_000);
    await api.whenIdle();
    const { diagnostics, findings } = assertDiagnosticsFollowTable(doc.uri, 'problems');
    const got = diagnostics
      .map((d) => entry(d, findings))
      .sort((a, b) => parseInt(a) - parseInt(b));
    const expected = [
      '7 error gradient: mismatch',
      '9 warning gradient: mismatch',
      '11 error gradient: shape-error',
      '13 hint gradient: unsupported',
      '15 hint equality: parse-error',
    ];
    ok(JSON.stringify(got) === JSON.stringify(expected), `diagnostics ${JSON.stringify(got)}`);
    const status = tallyText(tally(findings));
    ok(status === '✓ 1 · ✗ 3 · 3 not checked', `counts ${status}`);
    return got.join('; ');
  } finally {
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
});

// ---- silencing: comments, the "Don't check this claim" quick fix, gradlens.exclude ----------

/** The last silencing step begun, so that a failure says where it happened. */
let silencingStage = '';

/** Inserts `text` as a whole line above line `line` (0-based). */
async function insertLine(doc: vscode.TextDocument, line: number, text: string): Promise<void> {
  silencingStage = `insert "${text}" above line ${line + 1}`;
  ok(
    line < doc.lineCount,
    `line ${line + 1} exists in ${doc.uri.toString()} (${doc.lineCount} lines)`,
  );
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, new vscode.Position(line, 0), `${text}\n`);
  ok(await vscode.workspace.applyEdit(edit), `insert "${text}" above line ${line + 1}`);
}

/** Deletes line `line` (0-based) with its line break; checks it was `expected`. */
async function deleteLine(doc: vscode.TextDocument, line: number, expected: string): Promise<void> {
  silencingStage = `delete line ${line + 1} "${expected}"`;
  ok(
    line < doc.lineCount,
    `line ${line + 1} exists in ${doc.uri.toString()} (${doc.lineCount} lines)`,
  );
  ok(
    doc.lineAt(line).text === expected,
    `line ${line + 1} is "${expected}": "${doc.lineAt(line).text}"`,
  );
  const edit = new vscode.WorkspaceEdit();
  edit.delete(doc.uri, new vscode.Range(line, 0, line + 1, 0));
  ok(await vscode.workspace.applyEdit(edit), `delete line ${line + 1}`);
}

const mismatchesOn = (uri: vscode.Uri) =>
  gradlensDiagnostics(uri).filter((d) => codeOf(d) === 'gradlens.mismatch');

/** Waits until `uri` shows exactly `count` mismatch diagnostics (and the findings are current). */
async function expectMismatches(uri: vscode.Uri, count: number, what: string): Promise<void> {
  silencingStage = `expect ${count} mismatch(es) ${what}`;
  await waitFor(
    `${what}: ${count} gradlens.mismatch diagnostic(s) (now ${describe(mismatchesOn(uri))})`,
    () => mismatchesOn(uri).length === count,
    30_000,
  );
}

/** Silencing comments in order, each added then removed; then the quick fix. */
async function silencingRoundTrip(
  doc: vscode.TextDocument,
  claimLine: number,
  regionEnd: number,
  comment: (word: string) => string,
  /** Makes the document an editor's model (a markdown cell in preview has none). */
  beforeQuickFix?: () => Promise<void>,
): Promise<string> {
  const uri = doc.uri;
  await expectMismatches(uri, 1, 'before any comment');
  const suppressedFinding = () =>
    api.getFindings(uri).find((f) => f.verdict === 'mismatch' && f.suppressed === true);

  // disable-next-line above the claim: the diagnostic goes, the finding stays, flagged.
  await insertLine(doc, claimLine, comment('gradlens-disable-next-line'));
  await expectMismatches(uri, 0, 'after disable-next-line');
  ok(await waitFor('the silenced finding, flagged', suppressedFinding), 'flagged');
  await deleteLine(doc, claimLine, comment('gradlens-disable-next-line'));
  await expectMismatches(uri, 1, 'after removing disable-next-line');

  // disable … enable around the claim's region (lines claimLine … regionEnd).
  await insertLine(doc, regionEnd + 1, comment('gradlens-enable'));
  await insertLine(doc, claimLine, comment('gradlens-disable'));
  await expectMismatches(uri, 0, 'between disable and enable');
  await deleteLine(doc, claimLine, comment('gradlens-disable'));
  await expectMismatches(uri, 1, 'with the enable alone');
  await deleteLine(doc, regionEnd + 1, comment('gradlens-enable'));

  // disable-file anywhere (here: the first line).
  await insertLine(doc, 0, comment('gradlens-disable-file'));
  await expectMismatches(uri, 0, 'after disable-file');
  await deleteLine(doc, 0, comment('gradlens-disable-file'));
  await expectMismatches(uri, 1, 'after removing disable-file');

  // The quick fix, picked through the API as a user would from the light bulb.
  silencingStage = 'ask for the quick fix';
  await beforeQuickFix?.();
  const mismatch = mismatchesOn(uri)[0];
  const before = doc.getText();
  const action = await waitFor('a "Don\'t check this claim" quick fix', async () => {
    const all =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        mismatch.range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    return all.find((a) => a.title === "Don't check this claim");
  });
  ok(action.kind?.value === vscode.CodeActionKind.QuickFix.value, `kind ${action.kind?.value}`);
  ok(!action.isPreferred, 'not the preferred fix');
  ok(doc.getText() === before, 'offering the fix wrote nothing');
  silencingStage = 'apply the quick fix';
  ok(await vscode.workspace.applyEdit(action.edit!), 'applyEdit of the quick fix');
  const inserted = doc
    .getText()
    .split('\n')
    .find((l) => /gradlens-disable-next-line/.test(l));
  ok(inserted !== undefined, 'a disable-next-line comment was inserted');
  await expectMismatches(uri, 0, 'after the quick fix');
  return `${describe([mismatch])} silenced four ways; the quick fix inserted ${JSON.stringify(inserted)}`;
}

const SIGN_SLIP = String.raw`\nabla_{\mathbf{x}} \mathbf{a}^T \mathbf{x} = -\mathbf{a}`;

test('silencing in Markdown: next line, disable … enable, disable-file, the quick fix', async () => {
  const doc = await vscode.workspace.openTextDocument({
    language: 'markdown',
    content: [
      String.raw`Let $\mathbf{a}, \mathbf{x} \in \mathbb{R}^n$.`,
      '',
      '$$',
      SIGN_SLIP,
      '$$',
      '',
    ].join('\n'),
  });
  await vscode.window.showTextDocument(doc, { preview: false });
  try {
    const detail = await silencingRoundTrip(doc, 2, 4, (word) => `<!-- ${word} -->`);
    ok(doc.lineAt(2).text === '<!-- gradlens-disable-next-line -->', 'above the $$ line');
    return detail;
  } finally {
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
});

test('silencing in LaTeX: % comments, and the quick fix above an indented align', async () => {
  const doc = await vscode.workspace.openTextDocument({
    language: 'latex',
    content: [
      String.raw`Let $\mathbf{a}, \mathbf{x} \in \mathbb{R}^n$.`,
      '',
      String.raw`  \begin{align}`,
      `  ${SIGN_SLIP.replace('=', '&=')}`,
      String.raw`  \end{align}`,
      '',
    ].join('\n'),
  });
  await vscode.window.showTextDocument(doc, { preview: false });
  try {
    ok(doc.languageId === 'latex', `language ${doc.languageId}`);
    const detail = await silencingRoundTrip(doc, 2, 4, (word) => `% ${word}`);
    ok(
      doc.lineAt(2).text === '  % gradlens-disable-next-line',
      `indented: "${doc.lineAt(2).text}"`,
    );
    return detail;
  } finally {
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
});

test('silencing in a notebook cell: comments, a disable that stops at its cell, the quick fix', async () => {
  const markup = (text: string) =>
    new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, text, 'markdown');
  const data = new vscode.NotebookData([
    markup(String.raw`Let $\mathbf{a}, \mathbf{x} \in \mathbb{R}^n$.` + '\n'),
    markup(['A slip:', '', '$$', SIGN_SLIP, '$$', '', 'Kept on purpose.'].join('\n')),
  ]);
  const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
  const [first, second] = await openNotebook(notebook);
  try {
    // A disable in cell 1 without an enable stops at the end of cell 1.
    await expectMismatches(second.uri, 1, 'the slip in cell 2');
    await insertLine(first, 0, '<!-- gradlens-disable -->');
    await waitFor('the declaration in cell 1 silenced by its disable', () =>
      api.getFindings(first.uri).some((f) => f.suppressed),
    );
    await expectMismatches(second.uri, 1, 'a disable in cell 1 does not reach cell 2');
    // A user picks the fix while editing the cell: code actions need the cell's editor.
    const editCell = async () => {
      const editor = vscode.window.activeNotebookEditor;
      ok(editor?.notebook === notebook, 'the notebook editor is active');
      const index = notebook.getCells().findIndex((c) => c.document === second);
      editor.selections = [new vscode.NotebookRange(index, index + 1)];
      await vscode.commands.executeCommand('notebook.cell.edit');
      await waitFor('the cell in edit mode', () =>
        vscode.window.visibleTextEditors.some((e) => e.document === second),
      );
    };
    const detail = await silencingRoundTrip(second, 2, 4, (word) => `<!-- ${word} -->`, editCell);
    silencingStage = 'close the notebook';
    return `cell 2: ${detail}`;
  } catch (error) {
    throw new Error(
      `${silencingStage}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  } finally {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
});

test('gradlens.exclude: a matching document is not checked; unset, it is again', async () => {
  const uri = QUESTION();
  await open(uri);
  await waitFor(
    'the seed question shape error',
    () => gradlensDiagnostics(uri).some((d) => codeOf(d) === 'gradlens.shape'),
    60_000,
  );
  const config = vscode.workspace.getConfiguration('gradlens');
  await config.update('exclude', ['**/seed-q*.md'], vscode.ConfigurationTarget.Global);
  try {
    await waitFor(
      'no GradLens diagnostics on the excluded file',
      () => gradlensDiagnostics(uri).length === 0 && api.getFindings(uri).length === 0,
    );
    // Checking it explicitly does nothing either.
    await vscode.commands.executeCommand('gradlens.checkFile');
    await api.whenIdle();
    ok(gradlensDiagnostics(uri).length === 0, `still none: ${describe(gradlensDiagnostics(uri))}`);
    const answer = ANSWER();
    await open(answer);
    await waitFor(
      'the seed answer still checked',
      () => api.getFindings(answer).length > 0,
      60_000,
    );
  } finally {
    await config.update('exclude', undefined, vscode.ConfigurationTarget.Global);
  }
  await open(uri);
  await waitFor(
    'the shape error back once the setting is unset',
    () => gradlensDiagnostics(uri).some((d) => codeOf(d) === 'gradlens.shape'),
    60_000,
  );
  return 'excluded: 0 diagnostics; unset: the shape error is back';
});

/** A 250-character note whose one formula expands a \def doubling 18 levels deep, three times. */
function macroBomb(): string {
  const names = 'abcdefghijklmnopqrs'.split('');
  let defs = `\\def\\${names[0]}{x}`;
  for (let i = 1; i < names.length; i++)
    defs += `\\def\\${names[i]}{\\${names[i - 1]}\\${names[i - 1]}}`;
  const last = `\\${names[names.length - 1]}`;
  return `# A hostile note\n\n$${defs}$\n\n$$ y = ${last} + ${last} + ${last} $$\n`;
}

test('a macro-bomb note open: hovers and diagnostics on another note keep arriving', async () => {
  const bombUri = workspaceFile('macro-bomb.md');
  const otherUri = workspaceFile('while-a-bomb-is-open.md');
  const encode = (text: string) => new TextEncoder().encode(text);
  await vscode.workspace.fs.writeFile(bombUri, encode(macroBomb()));
  await vscode.workspace.fs.writeFile(
    otherUri,
    encode(
      [
        'Let $X \\in \\mathbb{R}^{k\\times l}$ and $A \\in \\mathbb{R}^{l\\times k}$.',
        '',
        '$$ \\nabla_X \\operatorname{tr}(A X) = A^T $$',
        '',
      ].join('\n'),
    ),
  );
  try {
    // The bomb is opened first: its check occupies the check worker (until the watchdog ends it).
    await open(bombUri);
    const other = (await open(otherUri)).document;
    const t0 = Date.now();
    const claimLine = 2;
    const x = positionOf(other, claimLine, 'X)');
    const hover = await waitFor(
      'a hover with the shape of X on the other note',
      async () => {
        const text = await hoverText(otherUri, x);
        return /X\s*:\s*k×l/.test(text) ? text : undefined;
      },
      60_000,
    );
    const hoverMs = Date.now() - t0;
    const bombStillChecking = api.getFindings(bombUri).length === 0;
    // An edit to the other note: its diagnostics follow.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(otherUri, positionOf(other, claimLine, 'A^T'), '-');
    ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
    const mismatch = await waitFor(
      'a gradlens.mismatch on the edited note',
      () => gradlensDiagnostics(otherUri).find((d) => codeOf(d) === 'gradlens.mismatch'),
      60_000,
    );
    ok(mismatch.range.start.line === claimLine, `the mismatch is on line ${claimLine + 1}`);
    const diagnosticMs = Date.now() - t0;
    // And hovers on the edited version still come back: on the claimed gradient, with the verdict.
    await waitFor(
      'a hover on the edited claim with its shape and the mismatch',
      async () => {
        const text = await hoverText(otherUri, positionOf(other, claimLine, 'A^T'));
        return /A\s*:\s*l×k/.test(text) && /mismatch/.test(text) ? text : undefined;
      },
      60_000,
    );
    return `hover after ${hoverMs} ms (bomb ${bombStillChecking ? 'still being checked' : 'already checked'}), mismatch after ${diagnosticMs} ms: ${hover.split('\n')[0]}`;
  } finally {
    for (const uri of [otherUri, bombUri]) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc) {
        await vscode.window.showTextDocument(doc, { preview: false });
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    }
    await api.whenIdle();
    for (const uri of [otherUri, bombUri])
      await vscode.workspace.fs.delete(uri).then(
        () => undefined,
        () => undefined,
      );
  }
});

test('restarting the worker: the next check still arrives', async () => {
  const uri = ANSWER();
  const editor = await open(uri);
  const doc = editor.document;
  await api.whenIdle();
  const before = api.worker.generation;
  await api.worker.restart();
  await waitFor('a new worker generation', () => api.worker.generation > before, 10_000);
  // A fresh edit must be checked by the new worker.
  const t0 = Date.now();
  const { minus, original } = await flipGradientSign(doc);
  await waitFor(
    'a gradlens.mismatch from the restarted worker',
    () => gradlensDiagnostics(uri).some((d) => codeOf(d) === 'gradlens.mismatch'),
    20_000,
  );
  const took = Date.now() - t0;
  const restore = new vscode.WorkspaceEdit();
  restore.insert(uri, minus, '-');
  ok(await vscode.workspace.applyEdit(restore), 'restore edit');
  ok(doc.getText() === original, 'text restored');
  await waitFor(
    'the mismatch to clear',
    () => !gradlensDiagnostics(uri).some((d) => codeOf(d) === 'gradlens.mismatch'),
    20_000,
  );
  await api.whenIdle();
  return `generation ${before} → ${api.worker.generation}, check after restart arrived in ${took} ms, inFlight ${api.worker.inFlight}`;
});

/**
 * Runs GradLens: Check Workspace until it is done. Its summary notification waits for the user,
 * so notifications are cleared while waiting for the run (and what it checked) to settle.
 */
async function checkWorkspaceToEnd(): Promise<void> {
  let done = false;
  const run = Promise.resolve(vscode.commands.executeCommand('gradlens.checkWorkspace')).then(
    () => (done = true),
  );
  await waitFor(
    'Check Workspace to finish',
    async () => {
      await vscode.commands.executeCommand('notifications.clearAll');
      await Promise.race([run, pause(100)]);
      return done;
    },
    80_000,
  );
  await api.whenIdle();
}

test('Check Workspace: findings follow the files (changed on disk, renamed, deleted, language off)', async () => {
  const decoder = new TextDecoder();
  const question = decoder.decode(await vscode.workspace.fs.readFile(QUESTION()));
  const answer = decoder.decode(await vscode.workspace.fs.readFile(ANSWER()));
  const changed = workspaceFile('follow-changed.md');
  const renamed = workspaceFile('follow-renamed.md');
  const moved = workspaceFile('follow-moved.md');
  const folder = workspaceFile('follow-folder');
  const inner = vscode.Uri.joinPath(folder, 'inner.md');
  const encoder = new TextEncoder();
  await vscode.workspace.fs.writeFile(changed, encoder.encode(question));
  await vscode.workspace.fs.writeFile(renamed, encoder.encode(question));
  await vscode.workspace.fs.writeFile(inner, encoder.encode(question));
  const notebookFile = workspaceFile('follow-notebook.ipynb');
  await vscode.workspace.fs.copy(workspaceFile('trace-gradients.ipynb'), notebookFile);
  // The cells' URIs as Check Workspace read them: kept, so that a notebook gone from
  // notebookDocuments cannot make "no diagnostics" true by itself.
  let cells: vscode.Uri[] = [];
  const cellErrors = () => {
    const notebook = vscode.workspace.notebookDocuments.find(
      (n) => n.uri.toString() === notebookFile.toString(),
    );
    if (notebook && cells.length === 0) cells = notebook.getCells().map((c) => c.document.uri);
    return cells.flatMap((uri) => gradlensDiagnostics(uri)).length;
  };
  const shapeErrors = (uri: vscode.Uri) =>
    gradlensDiagnostics(uri).filter((d) => codeOf(d) === 'gradlens.shape').length;
  try {
    await checkWorkspaceToEnd();
    ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === changed.toString()),
      'the files are checked from disk, not open',
    );
    await waitFor(
      'the errors on the four new files',
      () =>
        shapeErrors(changed) > 0 &&
        shapeErrors(renamed) > 0 &&
        shapeErrors(inner) > 0 &&
        cellErrors() > 0,
    );

    // changed on disk: checked again, the error goes, the claims that hold stay
    await vscode.workspace.fs.writeFile(changed, encoder.encode(answer));
    await waitFor(
      'follow-changed.md checked again from disk',
      () =>
        shapeErrors(changed) === 0 &&
        api.getFindings(changed).some((f) => f.kind === 'gradient' && f.verdict === 'ok'),
    );

    // renamed in VS Code: the findings move with the file
    const rename = new vscode.WorkspaceEdit();
    rename.renameFile(renamed, moved);
    ok(await vscode.workspace.applyEdit(rename), 'rename applied');
    await waitFor(
      'the findings at the new name only',
      () =>
        gradlensDiagnostics(renamed).length === 0 &&
        api.getFindings(renamed).length === 0 &&
        shapeErrors(moved) > 0,
    );

    // deleted, or its folder deleted: nothing left in Problems
    await vscode.workspace.fs.delete(changed);
    await vscode.workspace.fs.delete(folder, { recursive: true });
    await vscode.workspace.fs.delete(notebookFile);
    await waitFor(
      'no Problems entries for the deleted files',
      () =>
        [changed, inner].every(
          (uri) => gradlensDiagnostics(uri).length === 0 && api.getFindings(uri).length === 0,
        ) && cellErrors() === 0,
    );
    ok(shapeErrors(moved) > 0, 'the other file keeps its findings');

    // Markdown switched off: the findings of Markdown files from disk go
    const config = vscode.workspace.getConfiguration('gradlens');
    await config.update('languages', ['latex'], vscode.ConfigurationTarget.Global);
    try {
      await waitFor(
        'no findings for a Markdown file once markdown is off',
        () => gradlensDiagnostics(moved).length === 0 && api.getFindings(moved).length === 0,
      );
    } finally {
      await config.update('languages', undefined, vscode.ConfigurationTarget.Global);
    }
  } finally {
    for (const uri of [changed, renamed, moved, folder, notebookFile])
      await vscode.workspace.fs.delete(uri, { recursive: true }).then(undefined, () => undefined);
  }
  return 'changed: rechecked; renamed: moved; deleted: gone; markdown off: gone';
});

test('workspace settings beyond their bounds are clamped: checks still arrive, sizes ≤ 32', async () => {
  const config = vscode.workspace.getConfiguration('gradlens');
  const target = vscode.ConfigurationTarget.Workspace;
  await config.update('maxDimSize', 100_000_000, target);
  await config.update('timeBudgetMs', 2 ** 40, target);
  const uri = ANSWER();
  const doc = (await open(uri)).document;
  let original: string | undefined;
  try {
    await waitFor(
      'the workspace values to be in effect',
      () =>
        vscode.workspace.getConfiguration('gradlens').inspect('maxDimSize')?.workspaceValue ===
        100_000_000,
    );
    const flipped = await flipGradientSign(doc);
    original = flipped.original;
    const mismatch = await waitFor(
      'a gradlens.mismatch with the settings clamped',
      () => api.getFindings(uri).find((f) => f.verdict === 'mismatch' && f.evidence),
      60_000,
    );
    const draws = mismatch.evidence?.draws ?? [];
    ok(draws.length === 3, `the default 3 draws: ${draws.length}`);
    const sizes = draws.flatMap((d) =>
      [...d.sizes.matchAll(/=\s*(\d+)/g)].map((m) => Number(m[1])),
    );
    ok(sizes.length > 0 && sizes.every((n) => n <= 32), `sizes ≤ 32: ${sizes.join(', ')}`);
    return `trusted ${vscode.workspace.isTrusted}; ${draws.length} draws, sizes ${sizes.join(', ')}`;
  } finally {
    if (original !== undefined && doc.getText() !== original) {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
      await vscode.workspace.applyEdit(restore);
    }
    for (const name of ['maxDimSize', 'timeBudgetMs']) await config.update(name, undefined, target);
  }
});

// ---------------------------------------------------------------------------------------------

/** Leaves the workbench showing the seed question's error and the Problems panel, for the screenshot. */
async function stageForScreenshot(): Promise<void> {
  try {
    for (const doc of vscode.workspace.textDocuments) if (doc.isDirty) await doc.save();
    await open(QUESTION());
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await open(QUESTION());
  } catch {
    // the screenshot is a courtesy; never fail the run over it
  }
}

/** A test that hangs (a promise that never settles) fails instead of stalling the run. */
const TEST_TIMEOUT_MS = 90_000;

export async function run(): Promise<void> {
  const results: { name: string; ok: boolean; ms: number; detail?: string; error?: string }[] = [];
  const started = Date.now();
  for (const t of tests) {
    const t0 = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`test timed out after ${TEST_TIMEOUT_MS} ms`)),
          TEST_TIMEOUT_MS,
        );
      });
      const detail = await Promise.race([t.fn(), limit]);
      results.push({ name: t.name, ok: true, ms: Date.now() - t0, detail: detail || undefined });
      console.log(`  ok   ${t.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      results.push({ name: t.name, ok: false, ms: Date.now() - t0, error });
      console.log(`  FAIL ${t.name}: ${error}`);
      if (!api) break; // nothing else can run without the extension
    } finally {
      clearTimeout(timer);
    }
  }
  for (const t of tests.slice(results.length))
    results.push({
      name: t.name,
      ok: false,
      ms: 0,
      error: 'not run: the extension did not activate',
    });
  await stageForScreenshot();
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  const report = { passed, failed, ms: Date.now() - started, vscode: vscode.version, results };
  const json = JSON.stringify(report);
  console.log(`GRADLENS_E2E_REPORT ${json}`);
  const file =
    process.env.GRADLENS_E2E_RESULTS || workspaceFile('.gradlens-e2e-results.json').fsPath;
  fs.writeFileSync(file, json);
  // Keep the extension host (and so the diagnostics) alive until the driver has taken its
  // screenshot: it answers by creating <results>.shot; give up after 20 s.
  await waitFor(
    'the driver to take its screenshot',
    () => fs.existsSync(`${file}.shot`),
    20_000,
  ).catch(() => undefined);
  if (failed) throw new Error(`${passed} passed, ${failed} failed`);
}
