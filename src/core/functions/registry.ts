// Every function GradLens knows, by name, and the lookups its readers use. A new function is
// one file in this folder and one line here; FunctionName follows from the keys.
import type { FunctionDefinition } from './define';
import { abs } from './abs';
import { bars } from './bars';
import { cos } from './cos';
import { det } from './det';
import { diag } from './diag';
import { exp } from './exp';
import { max, min } from './extremum';
import { log } from './log';
import { relu } from './relu';
import { sigmoid } from './sigmoid';
import { sin } from './sin';
import { softmax } from './softmax';
import { sqrt } from './sqrt';
import { sum } from './sum';
import { tanh } from './tanh';
import { tr } from './tr';
import { vec } from './vec';

const FUNCTIONS = {
  log,
  exp,
  sqrt,
  sigmoid,
  tanh,
  sin,
  cos,
  abs,
  bars,
  tr,
  det,
  diag,
  vec,
  softmax,
  relu,
  max,
  min,
  sum,
};

export type FunctionName = keyof typeof FUNCTIONS;

export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** The entries in registry order. */
export const ALL_FUNCTIONS: readonly FunctionDefinition[] = Object.values(FUNCTIONS);

export function functionNamed(name: FunctionName): FunctionDefinition {
  return FUNCTIONS[name];
}

function bySpelling(part: 'commands' | 'words' | 'plain'): ReadonlyMap<string, FunctionDefinition> {
  const map = new Map<string, FunctionDefinition>();
  for (const f of ALL_FUNCTIONS) for (const spelling of f[part]) map.set(spelling, f);
  return map;
}

/** \log, \softmax → the function. */
export const FUNCTION_COMMANDS = bySpelling('commands');
/** log, tr, softmax as words (no backslash, \operatorname{…}, \text{…}, {\rm …}) → the function. */
export const FUNCTION_WORDS = bySpelling('words');
/** Plain-text (mathjs) names → the function. */
export const PLAIN_FUNCTIONS = bySpelling('plain');

export const isEntrywise = (name: FunctionName): boolean => FUNCTIONS[name].entrywise === true;
