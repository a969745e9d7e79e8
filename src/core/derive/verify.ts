// Verified before shown: a derived gradient or a fixed right-hand side is checked exactly as
// the note's own claims are (analyzeDocument: shapes, then autodiff on random draws), in a
// copy of the note where the claim is written out. Nothing here trusts the derivation.
import { analyzeDocument } from '../analyze';
import { LineIndex } from '../document';
import type { ReadDocument } from '../read';
import type { Finding } from '../report';

export interface Verification {
  /** 'ok' when the claim holds; otherwise what the check said. */
  verdict: Finding['verdict'];
  relError?: number;
  message: string;
}

const CLAIM_KINDS = new Set(['gradient', 'equality', 'differential']);

/** The document with `claim` as a display formula of its own after the paragraph of `at`. */
export function withClaimAfter(
  read: ReadDocument,
  at: number,
  claim: string,
): { text: string; start: number; end: number } {
  const text = read.document.text;
  const region = read.scan.regions.find((r) => r.start <= at && at < r.end);
  const from = region ? region.end : Math.min(at, text.length);
  if (read.document.language === 'notebook') {
    // inside the cell's JSON string, right after the formula: escaped as the cell source is
    const lead = sourceText(read, '\n\n$$ ');
    const body = sourceText(read, claim);
    const block = lead + body + sourceText(read, ' $$\n');
    return {
      text: text.slice(0, from) + block + text.slice(from),
      start: from + lead.length,
      end: from + lead.length + body.length,
    };
  }
  const blank = text.indexOf('\n\n', from);
  const insertAt = blank >= 0 ? blank : text.length;
  const latex = read.document.language === 'latex';
  const block = latex ? `\n\n\\[ ${claim} \\]\n` : `\n\n$$ ${claim} $$\n`;
  const start = insertAt + block.indexOf(claim);
  return {
    text: text.slice(0, insertAt) + block + text.slice(insertAt),
    start,
    end: start + claim.length,
  };
}

/** Text as it is written into the document's source: JSON-escaped in a notebook's cell. */
export function sourceText(read: ReadDocument, text: string): string {
  return read.document.language === 'notebook' ? JSON.stringify(text).slice(1, -1) : text;
}

/** The LaTeX at [start, end) of the source: a notebook cell's JSON escapes undone. */
export function latexAt(read: ReadDocument, start: number, end: number): string | undefined {
  const text = read.document.text.slice(start, end);
  if (read.document.language !== 'notebook') return text;
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return undefined;
  }
}

/** Checks the claim written at [start, end) of `text` (a variant of the read's document). */
export function verifyIn(
  read: ReadDocument,
  text: string,
  start: number,
  end: number,
): Verification {
  const document = { ...read.document, uri: `${read.document.uri}#derive`, text };
  const findings = analyzeDocument(document, { macros: undefined }).findings;
  const lines = new LineIndex(text);
  const claim = findings.find((f) => {
    if (!CLAIM_KINDS.has(f.kind)) return false;
    const s = lines.offsetAt(f.range.start);
    const e = lines.offsetAt(f.range.end);
    return s < end && start < e;
  });
  if (!claim) return { verdict: 'parse-error', message: 'the claim was not read back' };
  return { verdict: claim.verdict, relError: claim.relError, message: claim.message };
}

/** Checks `∂(objective)/∂(wrt) = gradient` written after the objective. */
export function verifyGradient(
  read: ReadDocument,
  at: number,
  lhs: string,
  gradient: string,
): Verification {
  const { text, start, end } = withClaimAfter(read, at, `${lhs} = ${gradient}`);
  return verifyIn(read, text, start, end);
}

/**
 * The verdict of each row of a derivation block inserted into the note (block.ts): the
 * claim finding that starts on the row (its differential, equality or gradient step).
 */
export function checkedRows(
  read: ReadDocument,
  insertion: { at: number; text: string; rowStarts: number[]; end: number },
  rows: unknown[],
): Verification[] {
  const original = read.document.text;
  const text = original.slice(0, insertion.at) + insertion.text + original.slice(insertion.at);
  const document = { ...read.document, uri: `${read.document.uri}#derive`, text };
  const findings = analyzeDocument(document, { macros: undefined }).findings;
  const lines = new LineIndex(text);
  const bounds = [...insertion.rowStarts, insertion.end];
  return rows.map((_, i) => {
    const claim = findings.find((f) => {
      if (!CLAIM_KINDS.has(f.kind)) return false;
      const s = lines.offsetAt(f.range.start);
      return bounds[i] <= s && s < bounds[i + 1];
    });
    if (!claim) return { verdict: 'parse-error', message: 'the row was not read back' };
    return { verdict: claim.verdict, relError: claim.relError, message: claim.message };
  });
}
