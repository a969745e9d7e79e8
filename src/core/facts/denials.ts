// What the prose denies of its symbols ("$A$ is not necessarily symmetric", "$\mathbf x$ can
// have negative entries"), into the fact table as negated properties (see table.ts).
//
// read.ts reads what prose states (as declarations) but not yet what it denies; until it does,
// analyzeRead adds the denials here, once per document read, before any check asks the table.
// The prose view and the prose reading are those read.ts made (both are kept per scan).
import type { SymbolNode } from '../latex/ast';
import { symbolsFromLatex, type ReadDocument } from '../read';
import { proseView } from './proseView';
import { readProseDenials } from './readers/prose';

const done = new WeakSet<object>();

export function addProseDenials(read: ReadDocument): void {
  const env = read.env;
  if (done.has(env)) return;
  done.add(env);
  const view = proseView(read.document.text, read.scan);
  for (const found of readProseDenials(view)) {
    if (found.says.kind !== 'property') continue;
    const quote = view.text.slice(found.start, found.end).replace(/\s+/g, ' ').trim();
    for (const symbol of symbolsOf(found.symbols.text))
      env.facts.add({
        subject: { symbol: symbol.name, display: symbol.display },
        says: found.says,
        source: {
          via: 'prose',
          start: found.start,
          end: found.end,
          line: read.lines.positionAt(found.start).line,
          quote,
        },
      });
  }
}

/** $A$, $A, B$, $A \in \mathbb{R}^{n\times n}$: the symbols the words speak of (as read.ts). */
function symbolsOf(text: string): SymbolNode[] {
  const symbols = symbolsFromLatex(text);
  if (symbols) return symbols;
  const declared = /^(.*?)\\in(?![a-zA-Z])/s.exec(text);
  return (declared && symbolsFromLatex(declared[1])) || [];
}
