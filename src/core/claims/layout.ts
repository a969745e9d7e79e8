// The layout a note says it uses for derivatives by vectors: "we use numerator layout", "the
// derivative with respect to a column vector is a row vector" (numerator), "denominator
// layout", "the gradient is a column vector" (denominator). Read once per document.

export type Layout = 'numerator' | 'denominator';

const SAID: [RegExp, Layout][] = [
  [/\bnumerator[- ]layout\b/i, 'numerator'],
  [/\bdenominator[- ]layout\b/i, 'denominator'],
  [/\bJacobian formulation\b/i, 'numerator'],
  [/\bHessian formulation\b/i, 'denominator'],
  [/\bderivatives?\b[^.!?\n]{0,80}\bis (?:a )?row vectors?\b/i, 'numerator'],
  [/\bgradients?\b[^.!?\n]{0,60}\bis (?:a )?row vectors?\b/i, 'numerator'],
];

/** The layout the prose says, the first one said; undefined when it says none. */
export function layoutSaid(prose: string): Layout | undefined {
  let first: { at: number; layout: Layout } | undefined;
  for (const [pattern, layout] of SAID) {
    const m = pattern.exec(prose);
    if (m && (!first || m.index < first.at)) first = { at: m.index, layout };
  }
  return first?.layout;
}
