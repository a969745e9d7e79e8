// The GradLens panel: the claims of the active document, the selected claim in detail, and
// a box for plain-text expressions. Talks to the host only through src/protocol/panel.ts.
//
// Life cycle: restore from getState() and draw at once (a panel shown again looks as it did
// before the host has said anything), then post `ready`; the host answers with a fresh
// `show`. Every change is saved with setState, which is also what the serializer receives
// after a window reload.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { Verdict } from '../src/core/report';
import {
  isHostMessage,
  PANEL_PROTOCOL_VERSION,
  sanitizeDetail,
  sanitizeState,
  MAX_EXPRESSION_LENGTH,
  type ExpressionRequest,
  type ExpressionResultMessage,
  type HostMessage,
  type PanelClaim,
  type PanelDocument,
  type PanelSnapshot,
  type PanelState,
  type SnapshotDetail,
  type WebviewMessage,
} from '../src/protocol/panel';
import { clear, h } from './dom';
import { acquirePanelApi } from './vscodeApi';
import { claimOption, renderDetail, VERDICT_TEXT, type DerivationState } from './view';

// ── state ──────────────────────────────────────────────────────────────────────────────

interface Model {
  document: PanelDocument | null;
  claims: PanelClaim[];
  selected: number | undefined;
  expression: ExpressionRequest;
  expressionResult: ExpressionResultMessage | undefined;
  lastRequestId: number;
  /** The request still waiting for its answer, if any. */
  pendingRequestId: number | null;
  /** Derivations of gradient claims by claim index, with the claim's LaTeX they are for. */
  derivations: Map<number, { latex: string; state: DerivationState }>;
}

const api = acquirePanelApi();
const errors: string[] = [];
let ready = false;
let received = 0;

function cleanClaims(claims: PanelClaim[]): PanelClaim[] {
  // Details crossed JSON (NaN became null): read them again, as the guards do everything else.
  return claims.map((claim) => {
    const detail = sanitizeDetail(claim.detail);
    const copy: PanelClaim = { ...claim };
    delete copy.detail;
    return detail ? { ...copy, detail } : copy;
  });
}

function initialModel(state: PanelState | undefined): Model {
  return {
    document: state?.document ?? null,
    claims: cleanClaims(state?.claims ?? []),
    selected: state?.selected,
    expression: state?.expression ?? { expr: '' },
    expressionResult: state?.expressionResult
      ? { ...state.expressionResult, claims: cleanClaims(state.expressionResult.claims) }
      : undefined,
    lastRequestId: state?.lastRequestId ?? state?.expressionResult?.requestId ?? 0,
    pendingRequestId: null,
    derivations: new Map(),
  };
}

const model = initialModel(sanitizeState(api.getState()));

function persist(): void {
  const state: PanelState = {
    version: PANEL_PROTOCOL_VERSION,
    document: model.document,
    claims: model.claims,
    expression: model.expression,
    lastRequestId: model.lastRequestId,
    ...(model.selected !== undefined ? { selected: model.selected } : {}),
    ...(model.expressionResult ? { expressionResult: model.expressionResult } : {}),
  };
  api.setState(state);
}

function post(message: WebviewMessage): void {
  api.postMessage(message);
}

// ── errors: serialized on purpose, so the host's log gets the message and the stack ──────

function reportError(error: unknown): void {
  const message =
    error instanceof Error
      ? error.message
      : typeof error === 'string'
        ? error
        : (JSON.stringify(error) ?? String(error));
  const stack = error instanceof Error ? error.stack : undefined;
  errors.push(message);
  try {
    post({
      type: 'error',
      message: message.slice(0, 10_000),
      ...(stack ? { stack: stack.slice(0, 50_000) } : {}),
    });
  } catch {
    // Nothing else to tell: the channel itself is broken.
  }
}

window.addEventListener('error', (event) => reportError(event.error ?? event.message));
window.addEventListener('unhandledrejection', (event) => reportError(event.reason));
// Anything the CSP blocks is a bug in the page (or in a library it bundles): say so.
document.addEventListener('securitypolicyviolation', (event) =>
  reportError(
    `CSP blocked ${event.effectiveDirective}: ${event.blockedURI || 'inline'}${event.sample ? ` (${event.sample.slice(0, 80)})` : ''}`,
  ),
);

// ── layout (built once) ─────────────────────────────────────────────────────────────────

const root =
  document.getElementById('gradlens-root') ??
  document.body.appendChild(h('main', { id: 'gradlens-root' }));
clear(root);
root.setAttribute('aria-busy', 'false');

const title = h('h1', { id: 'gl-title' });
const summary = h('p', { id: 'gl-summary', class: 'gl-muted', 'aria-live': 'polite' });
const list = h('ul', { id: 'gl-claims', role: 'listbox', 'aria-label': 'Claims' });
const listEmpty = h('p', { id: 'gl-claims-empty', class: 'gl-muted' });
const detail = h('div', { id: 'gl-detail', role: 'region', 'aria-label': 'Selected claim' });

const field = (id: string, name: keyof ExpressionRequest, label: string, placeholder: string) => {
  const input = h('vscode-textfield', {
    id,
    name,
    placeholder,
    label,
    maxlength: MAX_EXPRESSION_LENGTH,
    class: 'gl-input',
  });
  input.value = model.expression[name] ?? '';
  input.addEventListener('input', () => {
    model.expression = { ...model.expression, [name]: input.value };
    persist();
  });
  return {
    input,
    row: h('div', { class: 'gl-field' }, h('vscode-label', { for: id }, label), input),
  };
};
const exprField = field('gl-expr', 'expr', 'Expression', "sum(A .* log(A ./ (B' * X * C)))");
const wrtField = field('gl-wrt', 'wrt', 'With respect to', 'X');
const claimField = field(
  'gl-claim',
  'claim',
  'Claimed gradient (optional)',
  "-B * (A ./ (B' * X * C)) * C'",
);
const shapesField = field('gl-shapes', 'shapes', 'Shapes (optional)', 'X k×l, A m×n');
const form = h(
  'form',
  { id: 'gl-expr-form', novalidate: true, 'aria-label': 'Check a plain-text expression' },
  exprField.row,
  wrtField.row,
  claimField.row,
  shapesField.row,
  h(
    'div',
    { class: 'gl-actions' },
    h('vscode-button', { type: 'submit', id: 'gl-expr-check' }, 'Check'),
  ),
);
const exprStatus = h('p', { id: 'gl-expr-status', class: 'gl-muted', 'aria-live': 'polite' });
const exprResult = h('div', { id: 'gl-expr-result' });

root.append(
  h('header', { class: 'gl-header' }, title, summary),
  h(
    'vscode-collapsible',
    { heading: 'Claims', open: true, id: 'gl-claims-section' },
    h('div', { class: 'gl-pane' }, list, listEmpty),
  ),
  h(
    'vscode-collapsible',
    { heading: 'Selected claim', open: true, id: 'gl-detail-section' },
    h('div', { class: 'gl-pane' }, detail),
  ),
  h(
    'vscode-collapsible',
    { heading: 'Check an expression', open: true, id: 'gl-expr-section' },
    h('div', { class: 'gl-pane' }, form, exprStatus, exprResult),
  ),
);

// ── rendering ───────────────────────────────────────────────────────────────────────────

let detailHeatmaps: string[] = [];

function renderHeader(): void {
  const name = model.document?.name;
  title.textContent = name ? `GradLens — ${name}` : 'GradLens';
  if (!model.document) {
    summary.textContent = 'Open a Markdown, LaTeX or notebook file to see its claims.';
    return;
  }
  const counts = new Map<Verdict, number>();
  for (const c of model.claims) counts.set(c.verdict, (counts.get(c.verdict) ?? 0) + 1);
  const parts = [...counts.entries()].map(([v, n]) => `${n} ${VERDICT_TEXT[v].text}`);
  summary.textContent = `${model.claims.length} finding${model.claims.length === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
  list.setAttribute('aria-label', `Claims in ${name}`);
}

function renderList(): void {
  const hadFocus = list.contains(document.activeElement);
  clear(list);
  const tabbable = model.selected ?? 0;
  model.claims.forEach((claim, i) =>
    list.append(claimOption(claim, i, i === model.selected, 'gl-claim')),
  );
  // With nothing selected, the first option is still reachable with Tab.
  const first = list.children[tabbable] as HTMLElement | undefined;
  if (first) first.tabIndex = 0;
  list.hidden = model.claims.length === 0;
  listEmpty.hidden = model.claims.length > 0;
  listEmpty.textContent = model.document ? 'No claims in this document.' : 'No document yet.';
  if (hadFocus) first?.focus();
}

function renderSelected(): void {
  clear(detail);
  detailHeatmaps = [];
  const claim = model.selected !== undefined ? model.claims[model.selected] : undefined;
  if (!claim) {
    detail.append(
      h(
        'p',
        { class: 'gl-muted' },
        model.claims.length
          ? 'Move the cursor onto a claim, or pick one above.'
          : 'Nothing selected.',
      ),
    );
    return;
  }
  const rendered = renderDetail(claim, {
    plain: false,
    level: 2,
    macros: model.document?.macros,
    derivation: derivationOf(claim),
  });
  detailHeatmaps = rendered.heatmaps;
  detail.append(rendered.element);
}

/** A gradient claim's derivation as far as it has come; none for other claims. */
function derivationOf(claim: PanelClaim): DerivationState | undefined {
  if (claim.kind !== 'gradient') return undefined;
  const known = model.derivations.get(claim.index);
  return known && known.latex === claim.latex ? known.state : { kind: 'pending' };
}

let expressionHeatmaps: string[][] = [];

function renderExpression(): void {
  clear(exprResult);
  expressionHeatmaps = [];
  const pending = model.pendingRequestId !== null;
  const result = model.expressionResult;
  form.setAttribute('aria-busy', String(pending));
  if (pending) exprStatus.textContent = 'Checking…';
  else if (!result)
    exprStatus.textContent =
      'Type an expression the way matrixcalculus.org takes it, and the variable.';
  else if (result.error) exprStatus.textContent = '';
  else
    exprStatus.textContent =
      result.numeric === 'pending'
        ? 'Shapes checked; the numeric check is pending.'
        : result.numeric === 'off'
          ? 'Shapes checked; numeric checking is off.'
          : 'Checked.';
  if (!result) return;
  if (result.error)
    exprResult.append(
      h('p', { class: 'gl-error', role: 'alert' }, `The check failed: ${result.error}`),
    );
  for (const claim of result.claims) {
    const rendered = renderDetail(claim, { plain: true, numeric: result.numeric, level: 3 });
    expressionHeatmaps.push(rendered.heatmaps);
    exprResult.append(rendered.element);
  }
  if (!result.error && result.claims.length === 0)
    exprResult.append(h('p', { class: 'gl-muted' }, 'No findings.'));
}

function renderAll(): void {
  renderHeader();
  renderList();
  renderSelected();
  renderExpression();
}

// ── selection and reveal ────────────────────────────────────────────────────────────────

function optionAt(position: number): HTMLElement | undefined {
  return (list.children[position] as HTMLElement | undefined) ?? undefined;
}

/** Brings an option into the list's view without scrolling the page (the user may be reading below). */
function scrollWithinList(item: HTMLElement): void {
  const top = item.offsetTop; // the list is position: relative (panel.css), so this is within it
  if (top < list.scrollTop) list.scrollTop = top;
  else if (top + item.offsetHeight > list.scrollTop + list.clientHeight)
    list.scrollTop = top + item.offsetHeight - list.clientHeight;
}

function select(position: number, how: { focus: boolean; notify: boolean }): void {
  if (position < 0 || position >= model.claims.length) return;
  const changed = model.selected !== position;
  const focusInList = list.contains(document.activeElement);
  model.selected = position;
  for (const [i, child] of [...list.children].entries()) {
    const item = child as HTMLElement;
    item.setAttribute('aria-selected', String(i === position));
    item.tabIndex = i === position ? 0 : -1;
  }
  const item = optionAt(position);
  if (how.focus || focusInList) item?.focus();
  if (item) scrollWithinList(item);
  if (changed) {
    renderSelected();
    persist();
  }
  if (how.notify && model.document)
    post({ type: 'select', document: model.document.uri, index: model.claims[position].index });
}

function reveal(position: number): void {
  const claim = model.claims[position];
  if (!claim || !model.document) return;
  post({ type: 'reveal', document: model.document.uri, index: claim.index });
}

list.addEventListener('keydown', (event) => {
  const n = model.claims.length;
  if (n === 0) return;
  const current = model.selected ?? -1;
  let next: number | undefined;
  switch (event.key) {
    case 'ArrowDown':
      next = Math.min(n - 1, current + 1);
      break;
    case 'ArrowUp':
      next = current < 0 ? 0 : Math.max(0, current - 1);
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = n - 1;
      break;
    case 'PageDown':
      next = Math.min(n - 1, current + 10);
      break;
    case 'PageUp':
      next = Math.max(0, current - 10);
      break;
    case 'Enter':
    case ' ':
      event.preventDefault();
      if (current < 0) select(0, { focus: true, notify: true });
      reveal(model.selected ?? 0);
      return;
    default:
      return;
  }
  event.preventDefault();
  select(next, { focus: true, notify: true });
});

list.addEventListener('click', (event) => {
  const option = (event.target as Element | null)?.closest('[role="option"]');
  if (!option) return;
  const position = Number(option.getAttribute('data-position'));
  if (!Number.isInteger(position)) return;
  select(position, { focus: true, notify: true });
  reveal(position);
});

// ── the expression box ──────────────────────────────────────────────────────────────────

function submitExpression(): void {
  const text = (v: string) => v.trim() || undefined;
  const expr = exprField.input.value.trim();
  if (!expr) {
    exprField.input.invalid = true;
    exprStatus.textContent = 'Type an expression first.';
    exprField.input.focus();
    return;
  }
  exprField.input.invalid = false;
  const request: ExpressionRequest = {
    expr,
    wrt: text(wrtField.input.value),
    claim: text(claimField.input.value),
    shapes: text(shapesField.input.value),
  };
  model.expression = request;
  model.lastRequestId += 1;
  model.pendingRequestId = model.lastRequestId;
  persist();
  renderExpression();
  post({ type: 'checkExpression', requestId: model.lastRequestId, ...request });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  submitExpression();
});

// ── messages from the host ──────────────────────────────────────────────────────────────

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'show': {
      const sameDocument = message.document?.uri === model.document?.uri;
      if (!sameDocument) model.derivations.clear();
      model.document = message.document;
      model.claims = cleanClaims(message.claims);
      const keep =
        sameDocument && model.selected !== undefined && model.selected < model.claims.length
          ? model.selected
          : undefined;
      model.selected =
        message.selected !== undefined && message.selected < model.claims.length
          ? message.selected
          : keep;
      renderHeader();
      renderList();
      renderSelected();
      persist();
      return;
    }
    case 'select': {
      const position = model.claims.findIndex((c) => c.index === message.index);
      if (position >= 0) select(position, { focus: false, notify: false });
      return;
    }
    case 'derivation': {
      if (message.document !== model.document?.uri) return;
      const state: DerivationState = message.derivation
        ? { kind: 'derived', derivation: message.derivation }
        : { kind: 'none', reason: message.reason ?? 'not available' };
      model.derivations.set(message.index, { latex: message.latex, state });
      if (model.claims[model.selected ?? -1]?.index === message.index) renderSelected();
      return;
    }
    case 'expressionResult': {
      // Only the answer to the latest request counts; an older one arriving late is dropped.
      if (message.requestId !== model.lastRequestId) return;
      model.pendingRequestId = null;
      model.expressionResult = { ...message, claims: cleanClaims(message.claims) };
      renderExpression();
      persist();
      return;
    }
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data;
  if (!isHostMessage(data)) {
    // VS Code itself posts nothing here; anything malformed is a bug worth a log line.
    reportError(`malformed message from the host: ${JSON.stringify(data)?.slice(0, 200)}`);
    return;
  }
  received++;
  try {
    handle(data);
  } catch (error) {
    reportError(error);
  }
});

// ── theme changes: the heatmaps' colours come from theme variables ──────────────────────

let themeFrame = 0;
const onThemeChange = () => {
  cancelAnimationFrame(themeFrame);
  themeFrame = requestAnimationFrame(() => {
    renderSelected();
    renderExpression();
  });
};
new MutationObserver(onThemeChange).observe(document.documentElement, {
  attributes: true,
  attributeFilter: ['style', 'class'],
});
new MutationObserver(onThemeChange).observe(document.body, {
  attributes: true,
  attributeFilter: ['class', 'data-vscode-theme-id'],
});

// ── test hook: what the panel shows, read back from the DOM ─────────────────────────────

function detailSnapshot(article: Element | null, heatmaps: string[]): SnapshotDetail | null {
  if (!article) return null;
  const math = article.querySelector('.gl-math');
  const seedText = article.querySelector('[data-seed]')?.getAttribute('data-seed');
  return {
    latex: math?.getAttribute('data-latex') ?? '',
    rendered: math?.getAttribute('data-rendered') === 'true',
    message: article.querySelector('.gl-message')?.textContent ?? '',
    symbols: [...article.querySelectorAll('[data-section="shapes"] vscode-table-row')].map(
      (row) =>
        [
          row.getAttribute('data-text') ?? '',
          row.getAttribute('data-shape') ?? '',
          [...row.querySelectorAll('[data-fact]')].map((f) => f.getAttribute('data-fact') ?? ''),
        ] as [string, string, string[]],
    ),
    draws: [...article.querySelectorAll('[data-section="numeric"] vscode-table-row')].map(
      (row) => ({
        relError: Number(row.getAttribute('data-rel-error')),
        sizes: row.getAttribute('data-sizes') ?? '',
      }),
    ),
    seed: seedText ? Number(seedText) : null,
    heatmaps: [...heatmaps],
    unavailable: [...article.querySelectorAll('[data-unavailable]')].map(
      (e) => e.getAttribute('data-unavailable') ?? '',
    ),
    derivation: derivationSnapshot(article.querySelector('[data-section="derivation"]')),
  };
}

function derivationSnapshot(section: Element | null): SnapshotDetail['derivation'] {
  if (!section) return null;
  return {
    rows: [...section.querySelectorAll('.gl-derivation-row')].map((row) => [
      row.querySelector('.gl-math')?.getAttribute('data-latex') ?? '',
      row.getAttribute('data-verdict') as Verdict,
    ]),
    reason: section.querySelector('[data-unavailable]')?.textContent ?? null,
    pending: section.querySelector('[data-pending]') !== null,
  };
}

function snapshot(): PanelSnapshot {
  const options = [...list.querySelectorAll('[role="option"]')];
  const selectedIndex = options.findIndex((o) => o.getAttribute('aria-selected') === 'true');
  const result = model.expressionResult;
  return {
    ready,
    received,
    document: model.document?.uri ?? null,
    claims: options.map((o) => o.getAttribute('data-latex') ?? ''),
    verdicts: options.map((o) => o.getAttribute('data-verdict') as Verdict),
    selected: selectedIndex >= 0 ? selectedIndex : null,
    detail: detailSnapshot(detail.querySelector('.gl-detail'), detailHeatmaps),
    expression: {
      requestId: result?.requestId ?? null,
      pending: model.pendingRequestId !== null,
      numeric: result?.numeric ?? null,
      claims: [...exprResult.querySelectorAll('.gl-detail .gl-math')].map(
        (m) => m.getAttribute('data-latex') ?? '',
      ),
      verdicts: [...exprResult.querySelectorAll('.gl-detail')].map(
        (d) => d.getAttribute('data-verdict') as Verdict,
      ),
      error: result?.error ?? null,
    },
    errors: [...errors],
  };
}

declare global {
  interface Window {
    __gradlensPanel?: {
      snapshot(): PanelSnapshot;
      /** Details of each expression result, in order (heatmaps drawn per result). */
      expressionDetails(): (SnapshotDetail | null)[];
      /** What was posted, when running outside VS Code (empty inside it). */
      sent(): WebviewMessage[];
    };
  }
}

window.__gradlensPanel = {
  snapshot,
  expressionDetails: () =>
    [...exprResult.querySelectorAll('.gl-detail')].map((d, i) =>
      detailSnapshot(d, expressionHeatmaps[i] ?? []),
    ),
  sent: () => [...api.sent],
};

// ── start ───────────────────────────────────────────────────────────────────────────────

try {
  renderAll();
} catch (error) {
  reportError(error);
}
post({ type: 'ready', protocol: PANEL_PROTOCOL_VERSION });
ready = true;
