// The heatmaps' colour scale, pure (no DOM), so plain-Node tests can import it.
//
// Diverging and symmetric about zero: negative entries shade towards the theme's blue,
// positive ones towards its red, zero is the editor background. Both sides of a claim are
// drawn on one shared scale, so a sign error shows as the same picture with red and blue
// swapped, and a transpose error as the picture mirrored. The difference is drawn on that
// same scale too: a claim that agrees gives a blank map, not amplified round-off.

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export interface ColorScale {
  negative: Rgb;
  zero: Rgb;
  positive: Rgb;
  /** For NaN entries (and values the host could not serialize). */
  nan: Rgb;
}

/** Used when a theme variable is missing or unreadable; only the endpoints' roles matter. */
export const FALLBACK_SCALE: ColorScale = {
  negative: { r: 55, g: 148, b: 255 },
  zero: { r: 128, g: 128, b: 128 },
  positive: { r: 241, g: 76, b: 76 },
  nan: { r: 204, g: 167, b: 0 },
};

/** Reads #rgb, #rgba, #rrggbb, #rrggbbaa, rgb(…) and rgba(…); alpha is ignored. */
export function parseColor(text: string): Rgb | undefined {
  const s = text.trim().toLowerCase();
  let m = /^#([0-9a-f]{3,4})$/.exec(s);
  if (m) {
    const [r, g, b] = [...m[1]].map((c) => parseInt(c + c, 16));
    return { r, g, b };
  }
  m = /^#([0-9a-f]{6})(?:[0-9a-f]{2})?$/.exec(s);
  if (m) {
    const n = parseInt(m[1], 16);
    return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*(?:[,/]\s*[\d.]+%?\s*)?\)$/.exec(s);
  if (m) {
    const [r, g, b] = [m[1], m[2], m[3]].map((v) =>
      Math.max(0, Math.min(255, Math.round(Number(v)))),
    );
    if ([r, g, b].some((v) => Number.isNaN(v))) return undefined;
    return { r, g, b };
  }
  return undefined;
}

/** Builds a scale from theme colour strings; each one missing or unreadable falls back. */
export function scaleFromTheme(colors: {
  negative?: string;
  zero?: string;
  positive?: string;
  nan?: string;
}): ColorScale {
  const pick = (text: string | undefined, fallback: Rgb) =>
    (text ? parseColor(text) : undefined) ?? fallback;
  return {
    negative: pick(colors.negative, FALLBACK_SCALE.negative),
    zero: pick(colors.zero, FALLBACK_SCALE.zero),
    positive: pick(colors.positive, FALLBACK_SCALE.positive),
    nan: pick(colors.nan, FALLBACK_SCALE.nan),
  };
}

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const u = Math.max(0, Math.min(1, t));
  return {
    r: Math.round(a.r + (b.r - a.r) * u),
    g: Math.round(a.g + (b.g - a.g) * u),
    b: Math.round(a.b + (b.b - a.b) * u),
  };
}

export function toCss(c: Rgb): string {
  const hex = (v: number) => v.toString(16).padStart(2, '0');
  return `#${hex(c.r)}${hex(c.g)}${hex(c.b)}`;
}

/** The scale's half-width: the largest finite |entry| over all matrices; 0 when there is none. */
export function symmetricLimit(matrices: readonly (readonly (readonly number[])[])[]): number {
  let limit = 0;
  for (const m of matrices)
    for (const row of m)
      for (const v of row) if (Number.isFinite(v) && Math.abs(v) > limit) limit = Math.abs(v);
  return limit;
}

/**
 * Where `value` sits on the scale, in [-1, 1]: NaN for NaN. With a zero limit (an all-zero
 * matrix, or nothing finite) every finite value maps to 0; ±Infinity saturates.
 */
export function position(value: number, limit: number): number {
  if (Number.isNaN(value)) return NaN;
  if (value === Infinity) return 1;
  if (value === -Infinity) return -1;
  if (!(limit > 0) || !Number.isFinite(limit)) return 0;
  return Math.max(-1, Math.min(1, value / limit));
}

export function colorAt(t: number, scale: ColorScale): Rgb {
  if (Number.isNaN(t)) return scale.nan;
  return t < 0 ? mix(scale.zero, scale.negative, -t) : mix(scale.zero, scale.positive, t);
}

export function colorFor(value: number, limit: number, scale: ColorScale): string {
  return toCss(colorAt(position(value, limit), scale));
}

/** claimed − truth, entry by entry; undefined when the shapes differ. */
export function difference(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
): number[][] | undefined {
  if (a.length !== b.length || a.length === 0) return undefined;
  const out: number[][] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i].length !== b[i].length) return undefined;
    out.push(a[i].map((v, j) => v - b[i][j]));
  }
  return out;
}

/** Evenly spaced stops from −1 to 1 for the legend's gradient. */
export function legendStops(scale: ColorScale, count = 9): { offset: number; color: string }[] {
  const n = Math.max(2, count);
  return Array.from({ length: n }, (_, i) => {
    const t = -1 + (2 * i) / (n - 1);
    return { offset: i / (n - 1), color: toCss(colorAt(t, scale)) };
  });
}

/** Short text for a number in a legend or tooltip: 3 significant digits, exponent when needed. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a >= 1e4 || a < 1e-3 ? v.toExponential(2) : v.toPrecision(3);
  return text.replace('-', '−');
}
