// LaTeX → KaTeX, rendered into DOM nodes (katex.render) rather than as an HTML string: KaTeX
// sizes its boxes with inline styles, which the CSP blocks in markup but allows through the
// CSSOM that katex.render uses. What KaTeX cannot read is shown as source, never thrown.
import katex from 'katex';
import { h } from './dom';

/** A claim's source may be one line of an align: give KaTeX an environment for & and \\. */
export function prepareLatex(latex: string): string {
  const body = latex.trim();
  const hasAlignment = /(^|[^\\])&/.test(body) || /\\\\/.test(body);
  if (!hasAlignment || /\\begin\{/.test(body)) return body;
  return `\\begin{aligned}${body}\\end{aligned}`;
}

/**
 * Renders `latex` (display mode); returns whether KaTeX produced math. On a parse error the
 * source is shown as code instead: KaTeX's own error span (throwOnError: false) colours itself
 * with a style attribute, which the CSP blocks, so errors are caught and shown here.
 */
export function renderMath(
  target: HTMLElement,
  latex: string,
  macros: Record<string, string> = {},
): boolean {
  target.setAttribute('data-latex', latex);
  let rendered = true;
  try {
    katex.render(prepareLatex(latex), target, {
      displayMode: true,
      throwOnError: true,
      output: 'htmlAndMathml',
      // No \href, \url, \includegraphics, \htmlClass…: the source is the user's file.
      trust: false,
      strict: 'ignore',
      maxSize: 50,
      maxExpand: 1000,
      // The note's own \newcommand and \def; a copy, since KaTeX writes \gdef into it.
      macros: { ...macros },
    });
  } catch (error) {
    rendered = false;
    const reason = error instanceof Error ? error.message : String(error);
    target.replaceChildren(
      h('pre', { class: 'gl-source', title: reason }, latex),
      h(
        'p',
        { class: 'gl-muted gl-small' },
        `KaTeX could not typeset this (${reason.replace(/^KaTeX parse error: /, '')}); shown as source.`,
      ),
    );
  }
  target.setAttribute('data-rendered', String(rendered));
  return rendered;
}
