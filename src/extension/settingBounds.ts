// The range of every numeric gradlens.* setting: the one table the code clamps with, and the
// one package.json's `minimum`/`maximum` must equal (a unit test compares them). VS Code does
// not enforce a manifest's bounds on values read from settings.json, so a workspace could
// otherwise ask for 10⁸-sized matrices or a timer past 2³¹ − 1 ms. No `vscode` import, so the
// table and the clamp are tested in plain Node.

export interface NumericBound {
  min: number;
  max: number;
  integer: boolean;
}

export const NUMERIC_SETTING_BOUNDS = {
  debounceMs: { min: 0, max: 10_000, integer: false },
  draws: { min: 1, max: 20, integer: true },
  tolerance: { min: 0, max: 1, integer: false },
  // The generator takes a 32-bit seed (src/core/numeric/random.ts).
  seed: { min: 0, max: 0xffff_ffff, integer: true },
  // 64 let a shipped example (gaussian-logdet.tex) take 19 s at 3 draws, past the default
  // budget; at 32 the slowest takes 6.5 s even at 20 draws (docs/decisions.md).
  maxDimSize: { min: 3, max: 32, integer: true },
  timeBudgetMs: { min: 100, max: 600_000, integer: true },
} as const satisfies Record<string, NumericBound>;

export type NumericSettingName = keyof typeof NUMERIC_SETTING_BOUNDS;

/**
 * What a raw settings value becomes: `usable` with the value to use (`clamped` when it had to
 * be brought into range or to an integer), or `unusable` (not a number, NaN) so the caller
 * falls back to the default.
 */
export type ClampResult =
  { kind: 'usable'; value: number; clamped: boolean } | { kind: 'unusable' };

export function clampSetting(bound: NumericBound, raw: unknown): ClampResult {
  if (typeof raw !== 'number' || Number.isNaN(raw)) return { kind: 'unusable' };
  // ±Infinity cannot come from JSON, but an API caller can pass it: it is simply out of range.
  const whole = bound.integer && Number.isFinite(raw) ? Math.round(raw) : raw;
  const value = Math.min(bound.max, Math.max(bound.min, whole));
  return { kind: 'usable', value, clamped: value !== raw };
}
