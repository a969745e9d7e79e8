// Rendering: the claim list and a claim's detail (math, shapes, numbers, heatmaps). Pure
// functions of the data they are given; main.ts owns the state and the events.
import type { DiagnosisDetail, Verdict } from '../src/core/report';
import type { NumericStatus, PanelClaim, PanelDerivation } from '../src/protocol/panel';
import { h, type Child } from './dom';
import { formatValue } from './heatmap';
import { renderHeatmaps } from './heatmapView';
import { renderMath } from './math';

export const VERDICT_TEXT: Record<Verdict, { glyph: string; text: string }> = {
  ok: { glyph: '✓', text: 'ok' },
  mismatch: { glyph: '✗', text: 'mismatch' },
  'shape-error': { glyph: '✗', text: 'shape error' },
  'parse-error': { glyph: '!', text: 'parse error' },
  unsupported: { glyph: '?', text: 'unsupported' },
  skipped: { glyph: '–', text: 'not checked' },
};

export function verdictBadge(verdict: Verdict): HTMLElement {
  const { glyph, text } = VERDICT_TEXT[verdict];
  return h(
    'vscode-badge',
    { class: `gl-badge gl-v-${verdict}`, 'data-verdict': verdict },
    h('span', { 'aria-hidden': 'true' }, `${glyph} `),
    text,
  );
}

function oneLine(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** One option of the claim listbox; position is its index in the list. */
export function claimOption(
  claim: PanelClaim,
  position: number,
  selected: boolean,
  idPrefix: string,
): HTMLLIElement {
  const line = claim.range.start.line + 1;
  return h(
    'li',
    {
      id: `${idPrefix}-${position}`,
      role: 'option',
      class: 'gl-claim',
      tabindex: selected ? 0 : -1,
      'aria-selected': String(selected),
      'data-position': position,
      'data-latex': claim.latex,
      'data-verdict': claim.verdict,
    },
    verdictBadge(claim.verdict),
    h('span', { class: 'gl-kind' }, claim.kind),
    h('code', { class: 'gl-preview' }, oneLine(claim.latex) || '(empty)'),
    h('span', { class: 'gl-line gl-muted' }, `line ${line}`),
  );
}

export interface DetailOptions {
  /** Plain-text input (not LaTeX): shown as code, not typeset. */
  plain: boolean;
  /** For plain-text results: where the numeric check is. */
  numeric?: NumericStatus;
  /** Heading level for the claim's title. */
  level: 2 | 3;
  /** The document's macros, for KaTeX. */
  macros?: Record<string, string>;
  /** A gradient claim's derivation: the checked rows, why there are none, or still coming. */
  derivation?: DerivationState;
}

export type DerivationState =
  | { kind: 'pending' }
  | { kind: 'derived'; derivation: PanelDerivation }
  | { kind: 'none'; reason: string };

function section(name: string, title: string, ...children: (Node | null)[]): HTMLElement {
  return h(
    'section',
    { class: 'gl-section', 'data-section': name, 'aria-label': title },
    h('h4', {}, title),
    ...children,
  );
}

function unavailable(name: string, text: string): HTMLElement {
  return h('p', { class: 'gl-muted', 'data-unavailable': name }, text);
}

function table(
  columns: string[],
  rows: { cells: Child[]; data: Record<string, string> }[],
  label: string,
): HTMLElement {
  return h(
    'vscode-table',
    { 'bordered-rows': true, zebra: true, 'aria-label': label, class: 'gl-table' },
    h(
      'vscode-table-header',
      { slot: 'header' },
      ...columns.map((c) => h('vscode-table-header-cell', {}, c)),
    ),
    h(
      'vscode-table-body',
      { slot: 'body' },
      ...rows.map((row) =>
        h('vscode-table-row', row.data, ...row.cells.map((c) => h('vscode-table-cell', {}, c))),
      ),
    ),
  );
}

function factLine(fact: string): HTMLElement {
  return h('div', { class: 'gl-fact', 'data-fact': fact }, fact);
}

function numericReason(claim: PanelClaim, numeric: NumericStatus | undefined): string {
  if (numeric === 'pending' && claim.verdict === 'skipped')
    return 'pending — shapes are checked; the numeric check has not run here yet.';
  if (numeric === 'off') return 'not available — numeric checking is off.';
  switch (claim.verdict) {
    case 'shape-error':
      return 'not available — the shapes differ, so there is nothing to compare numerically.';
    case 'parse-error':
    case 'unsupported':
      return 'not available — this claim could not be checked.';
    default:
      return claim.kind === 'declaration' ||
        claim.kind === 'definition' ||
        claim.kind === 'expression'
        ? 'not available — nothing numeric to check here.'
        : 'not available.';
  }
}

function labels(claim: PanelClaim): { claimed: string; truth: string } {
  if (claim.kind === 'gradient') return { claimed: 'Claimed gradient', truth: 'Autodiff gradient' };
  if (claim.kind === 'equality') return { claimed: 'This side', truth: 'Previous side' };
  if (claim.kind === 'differential') return { claimed: 'Claimed', truth: 'Autodiff' };
  return { claimed: 'Claimed', truth: 'True value' };
}

export interface RenderedDetail {
  element: HTMLElement;
  heatmaps: string[];
}

/** Everything known about one claim; each part that is missing says "not available". */
export function renderDetail(claim: PanelClaim, options: DetailOptions): RenderedDetail {
  const detail = claim.detail;
  const title = h(
    options.level === 2 ? 'h2' : 'h3',
    { class: 'gl-detail-title' },
    verdictBadge(claim.verdict),
    // A plain-text result's line numbers point into a synthetic document: leave them out.
    options.plain ? ` ${claim.kind}` : ` ${claim.kind} · line ${claim.range.start.line + 1}`,
  );

  const math = h('div', { class: 'gl-math' });
  if (options.plain) {
    math.setAttribute('data-latex', claim.latex);
    math.setAttribute('data-rendered', 'false');
    math.append(h('pre', { class: 'gl-source' }, claim.latex));
  } else {
    renderMath(math, claim.latex, options.macros);
  }

  const facts = h('dl', { class: 'gl-facts' });
  const fact = (term: string, value: string | undefined) => {
    if (value) facts.append(h('dt', {}, term), h('dd', {}, value));
  };
  if (claim.shapes?.lhs || claim.shapes?.rhs) {
    const single = !claim.shapes.rhs;
    fact(
      claim.kind === 'gradient' ? 'Expected shape' : single ? 'Shape' : 'Left shape',
      claim.shapes.lhs,
    );
    fact(claim.kind === 'gradient' ? 'Claimed shape' : 'Right shape', claim.shapes.rhs);
  }
  if (claim.wrt) fact('With respect to', claim.wrt);
  if (claim.diagnosis) fact('Diagnosis', diagnosisLabel(claim.diagnosis, claim.diagnosisDetail));
  if (claim.relError !== undefined) fact('Worst relative error', formatValue(claim.relError));

  const symbols = detail?.symbols.length
    ? table(
        ['Symbol or subexpression', 'Shape', 'Facts in force'],
        detail.symbols.map((sym) => ({
          cells: [
            sym.text,
            sym.shape,
            // One line per fact, each citing where the note says it.
            h('div', { class: 'gl-symbol-facts' }, ...(sym.facts ?? []).map(factLine)),
          ],
          data: { 'data-text': sym.text, 'data-shape': sym.shape },
        })),
        'Shapes of symbols and subexpressions',
      )
    : unavailable('symbols', 'Shapes of symbols and subexpressions: not available.');

  const seedKnown = detail !== undefined && Number.isFinite(detail.seed);
  const numbers = detail?.draws.length
    ? h(
        'div',
        { 'data-seed': seedKnown ? String(detail.seed) : undefined },
        h(
          'p',
          { class: 'gl-small' },
          `${detail.draws.length} random draw${detail.draws.length === 1 ? '' : 's'}, seed ${seedKnown ? detail.seed : 'not available'}.`,
        ),
        table(
          ['Draw', 'Sizes', 'Relative error'],
          detail.draws.map((d, i) => ({
            cells: [String(i + 1), d.sizes || 'scalar', formatValue(d.relError)],
            data: { 'data-rel-error': String(d.relError), 'data-sizes': d.sizes },
          })),
          'Relative error per draw',
        ),
      )
    : unavailable('numeric', `Numeric agreement: ${numericReason(claim, options.numeric)}`);

  const pictures = h('div', { class: 'gl-pictures' });
  let heatmaps: string[] = [];
  if (detail?.sample) {
    const names = labels(claim);
    heatmaps = renderHeatmaps(pictures, {
      claimed: detail.sample.claimed,
      truth: detail.sample.truth,
      claimedLabel: names.claimed,
      truthLabel: names.truth,
    });
  } else {
    pictures.append(
      unavailable('heatmaps', 'Heatmaps: not available (no sampled values for this claim).'),
    );
  }

  const element = h(
    'article',
    {
      class: 'gl-detail',
      'data-claim': claim.index,
      'data-verdict': claim.verdict,
      'aria-label': `${VERDICT_TEXT[claim.verdict].text}: ${claim.kind} on line ${claim.range.start.line + 1}`,
    },
    title,
    math,
    h('p', { class: `gl-message gl-sev-${claim.severity}` }, claim.message),
    facts.childElementCount > 0 ? facts : null,
    options.derivation
      ? section('derivation', 'Derivation', renderDerivation(options.derivation, options.macros))
      : null,
    section('shapes', 'Shapes', symbols),
    section('numeric', 'Numeric agreement', numbers),
    section('heatmaps', 'Heatmaps (one draw)', pictures),
  );
  return { element, heatmaps };
}

/**
 * The differential steps as the seed answer writes them, one row per line, each with the
 * verdict GradLens gave it where the command would insert the block.
 */
function renderDerivation(state: DerivationState, macros?: Record<string, string>): HTMLElement {
  if (state.kind === 'pending')
    return h('p', { class: 'gl-muted', 'data-pending': 'derivation' }, 'Deriving…');
  if (state.kind === 'none') return unavailable('derivation', `No derivation: ${state.reason}.`);
  const { derivation } = state;
  const rows = h(
    'ol',
    { class: 'gl-derivation', 'aria-label': `Derivation with respect to ${derivation.wrt}` },
    ...derivation.rows.map((row) => {
      const math = h('div', { class: 'gl-math gl-derivation-math' });
      renderMath(math, row.lhs ? `${row.lhs} = ${row.rhs}` : `= ${row.rhs}`, macros);
      return h(
        'li',
        { class: 'gl-derivation-row', 'data-verdict': row.verdict },
        verdictBadge(row.verdict),
        math,
        row.relError !== undefined && row.relError !== null
          ? h('span', { class: 'gl-small' }, ` relative error ${formatValue(row.relError)}`)
          : null,
      );
    }),
  );
  return h(
    'div',
    {},
    rows,
    derivation.stepsDropped
      ? h('p', { class: 'gl-muted' }, `Steps left out: ${derivation.stepsDropped}.`)
      : null,
  );
}

/** The diagnosis's code with its data (the factor, the term, the symbol): never from the message. */
export function diagnosisLabel(code: string, detail: DiagnosisDetail | undefined): string {
  switch (detail?.kind) {
    case 'factor':
      return `${code}: ${detail.text}`;
    case 'extra-term':
    case 'term-sign':
      return `${code}: ${detail.term}`;
    case 'assumes':
    case 'contradicts':
      return `${code}: ${detail.display}`;
    default:
      return code;
  }
}
