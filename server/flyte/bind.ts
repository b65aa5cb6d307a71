// Binding a call's arguments to a Python signature the way CPython does
// (Python/ceval.c initialize_locals, 3.10-3.13), with its TypeError messages,
// so that a wrong call to an Image method is reported exactly as importing
// the module would report it.
//
// Order of CPython's checks, kept here: unexpected keyword / multiple values
// (while placing keywords), too many positional arguments, missing
// positional arguments, missing keyword-only arguments.

import type { Param } from './api';
import { PyException, type ArgValue } from './value';

export interface Bound {
  /** Every named parameter given, by name; `*args` under its own name as a tuple. */
  values: Map<string, ArgValue>;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** 'a', "'a' and 'b'", "'a', 'b', and 'c'" as CPython lists missing names. */
function nameList(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length === 1) return q[0];
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

/**
 * Binds `args` and `kwargs` to `params`. `qualname` is how Python names the
 * function in messages (`Image.from_base`), `selfCount` 1 for methods and
 * classmethods (CPython counts `self` / `cls` in "takes N positional
 * arguments"). Throws PyException('TypeError', ...) as Python would.
 */
export function bindCall(qualname: string, params: readonly Param[], args: readonly ArgValue[], kwargs: ReadonlyArray<readonly [string, ArgValue]>, selfCount = 1): Bound {
  const values = new Map<string, ArgValue>();
  const positional = params.filter((p) => p.kind === 'positional');
  const varargs = params.find((p) => p.kind === 'varargs');
  const n = Math.min(args.length, positional.length);
  for (let i = 0; i < n; i++) values.set(positional[i].name, args[i]);
  if (varargs) values.set(varargs.name, { kind: 'tuple', items: args.slice(positional.length) });

  let kwOnlyGiven = 0;
  for (const [name, value] of kwargs) {
    const p = params.find((x) => x.name === name && x.kind !== 'varargs');
    if (!p) throw new PyException('TypeError', `${qualname}() got an unexpected keyword argument '${name}'`);
    if (values.has(name)) throw new PyException('TypeError', `${qualname}() got multiple values for argument '${name}'`);
    values.set(name, value);
    if (p.kind === 'keyword') kwOnlyGiven++;
  }

  if (!varargs && args.length > positional.length) {
    const total = positional.length + selfCount;
    const min = positional.filter((p) => p.required).length + selfCount;
    const takes = min === total ? `takes ${plural(total, 'positional argument')}` : `takes from ${min} to ${total} positional arguments`;
    const given = args.length + selfCount;
    const was = given === 1 && !kwOnlyGiven ? 'was' : 'were';
    const rest = kwOnlyGiven ? ` positional ${given === 1 ? 'argument' : 'arguments'} (and ${plural(kwOnlyGiven, 'keyword-only argument')})` : '';
    throw new PyException('TypeError', `${qualname}() ${takes} but ${given}${rest} ${was} given`);
  }

  const missingPos = positional.filter((p) => p.required && !values.has(p.name)).map((p) => p.name);
  if (missingPos.length) {
    throw new PyException('TypeError', `${qualname}() missing ${missingPos.length} required positional argument${missingPos.length === 1 ? '' : 's'}: ${nameList(missingPos)}`);
  }
  const missingKw = params.filter((p) => p.kind === 'keyword' && p.required && !values.has(p.name)).map((p) => p.name);
  if (missingKw.length) {
    throw new PyException('TypeError', `${qualname}() missing ${missingKw.length} required keyword-only argument${missingKw.length === 1 ? '' : 's'}: ${nameList(missingKw)}`);
  }
  return { values };
}
