// Heatmaps as SVG: one rect per entry, coloured on a shared diverging scale whose endpoints
// are the theme's chart colours, with a <title> per cell (hover) and a text summary per map
// (screen readers). The scale arithmetic lives in heatmap.ts.
import { h, s, themeVar } from './dom';
import {
  colorFor,
  difference,
  formatValue,
  legendStops,
  scaleFromTheme,
  symmetricLimit,
  type ColorScale,
} from './heatmap';

export interface HeatmapInput {
  claimed: number[][];
  truth: number[][];
  claimedLabel: string;
  truthLabel: string;
}

let gradientCounter = 0;

/** The scale from the current theme: blue below zero, the editor background at zero, red above. */
export function currentScale(): ColorScale {
  return scaleFromTheme({
    negative: themeVar('--vscode-charts-blue'),
    zero: themeVar('--vscode-editor-background'),
    positive: themeVar('--vscode-charts-red'),
    nan: themeVar('--vscode-charts-yellow'),
  });
}

function cellSize(rows: number, cols: number): number {
  return Math.max(3, Math.min(32, Math.floor(192 / Math.max(rows, cols))));
}

function summary(m: number[][]): string {
  let min = Infinity;
  let max = -Infinity;
  let nan = 0;
  for (const row of m)
    for (const v of row) {
      if (Number.isNaN(v)) nan++;
      else {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
  const range =
    min <= max ? `from ${formatValue(min)} to ${formatValue(max)}` : 'no finite entries';
  return `${m.length}×${m[0]?.length ?? 0}, ${range}${nan ? `, ${nan} NaN` : ''}`;
}

function matrixSvg(m: number[][], limit: number, scale: ColorScale, label: string): SVGSVGElement {
  const rows = m.length;
  const cols = m[0]?.length ?? 0;
  const size = cellSize(rows, cols);
  const svg = s('svg', {
    width: cols * size + 2,
    height: rows * size + 2,
    viewBox: `-1 -1 ${cols * size + 2} ${rows * size + 2}`,
    role: 'img',
    'aria-label': `${label}: ${summary(m)}`,
    class: 'gl-heatmap-svg',
  });
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = m[i][j];
      svg.appendChild(
        s(
          'rect',
          {
            x: j * size,
            y: i * size,
            width: size,
            height: size,
            fill: colorFor(v, limit, scale),
            class: Number.isNaN(v) ? 'gl-cell gl-cell-nan' : 'gl-cell',
          },
          s('title', {}, `(${i + 1}, ${j + 1}) = ${formatValue(v)}`),
        ),
      );
    }
  }
  svg.appendChild(
    s('rect', {
      x: 0,
      y: 0,
      width: cols * size,
      height: rows * size,
      class: 'gl-heatmap-frame',
      fill: 'none',
    }),
  );
  return svg;
}

function legend(limit: number, scale: ColorScale, hasNaN: boolean): HTMLElement {
  const id = `gl-legend-gradient-${++gradientCounter}`;
  const width = 168;
  const svg = s(
    'svg',
    {
      width,
      height: 12,
      viewBox: `0 0 ${width} 12`,
      'aria-hidden': 'true',
      class: 'gl-legend-bar',
    },
    s(
      'defs',
      {},
      s(
        'linearGradient',
        { id, x1: 0, x2: 1, y1: 0, y2: 0 },
        ...legendStops(scale).map((stop) =>
          s('stop', { offset: stop.offset, 'stop-color': stop.color }),
        ),
      ),
    ),
    s('rect', { x: 0, y: 0, width, height: 12, fill: `url(#${id})`, class: 'gl-heatmap-frame' }),
  );
  const text =
    limit > 0
      ? `Colour scale from ${formatValue(-limit)} (blue) through 0 to ${formatValue(limit)} (red)`
      : 'All entries are zero';
  return h(
    'div',
    { class: 'gl-legend', role: 'note', 'aria-label': text },
    h('span', { class: 'gl-legend-label' }, formatValue(-limit)),
    svg,
    h('span', { class: 'gl-legend-label' }, formatValue(limit)),
    hasNaN
      ? h(
          'span',
          { class: 'gl-legend-nan' },
          s(
            'svg',
            { width: 10, height: 10, 'aria-hidden': 'true' },
            s('rect', { width: 10, height: 10, fill: colorFor(NaN, 1, scale) }),
          ),
          ' NaN',
        )
      : null,
  );
}

/**
 * Three maps on one scale (claimed, truth, claimed − truth) and a legend. Returns the names
 * of the maps drawn, for the test hook.
 */
export function renderHeatmaps(container: HTMLElement, input: HeatmapInput): string[] {
  const scale = currentScale();
  const diff = difference(input.claimed, input.truth);
  const matrices = diff ? [input.claimed, input.truth, diff] : [input.claimed, input.truth];
  const limit = symmetricLimit(matrices);
  const hasNaN = matrices.some((m) => m.some((row) => row.some((v) => Number.isNaN(v))));
  const drawn: string[] = [];
  const figure = (name: string, label: string, m: number[][] | undefined, note?: string) => {
    const body = m
      ? matrixSvg(m, limit, scale, label)
      : h(
          'p',
          { class: 'gl-muted', 'data-unavailable': `heatmap-${name}` },
          note ?? 'not available',
        );
    if (m) drawn.push(name);
    return h(
      'figure',
      { class: 'gl-heatmap', 'data-heatmap': m ? name : undefined },
      body,
      h(
        'figcaption',
        {},
        label,
        m ? h('span', { class: 'gl-muted' }, ` ${m.length}×${m[0].length}`) : null,
      ),
    );
  };
  const diffLimit = diff ? symmetricLimit([diff]) : 0;
  container.append(
    h(
      'div',
      { class: 'gl-heatmaps' },
      figure('claimed', input.claimedLabel, input.claimed),
      figure('truth', input.truthLabel, input.truth),
      figure(
        'difference',
        'Difference (claimed − true)',
        diff,
        'not available: the two sides have different shapes',
      ),
    ),
    legend(limit, scale, hasNaN),
  );
  if (diff) {
    container.append(
      h(
        'p',
        { class: 'gl-muted gl-small' },
        `Largest |difference|: ${formatValue(diffLimit)}. One shared scale: a sign error swaps red and blue, a transpose mirrors the picture, agreement leaves the difference blank.`,
      ),
    );
  }
  return drawn;
}
