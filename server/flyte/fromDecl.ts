// From the declaration model to what the Flyte 2 mirror evaluates: a
// resolved `Value` as an `ArgValue`, a Flyte 2 image declaration as an
// `ImageChain` (uri.ts), and the argument a call binds to a parameter.

import type { FieldArg, Flyte2Decl, FlyteCall, Value } from '../model/decl';
import { imageMethod } from './api';
import type { ImageChain } from './context';
import type { ArgValue } from './value';
import { FLYTE_VERIFIED_VERSION } from './version';

/** A model Value as uri.ts takes it; what the SDK cannot be told statically stays unknown. */
export function toArgValue(v: Value): ArgValue {
  switch (v.kind) {
    case 'str':
      return { kind: 'str', value: v.value };
    case 'num':
      if (v.isFloat) return { kind: 'float', value: v.value };
      return Number.isSafeInteger(v.value) ? { kind: 'int', value: v.value } : { kind: 'unknown', reason: `the number ${v.text} is not an exact integer` };
    case 'bool':
      return { kind: 'bool', value: v.value };
    case 'none':
      return { kind: 'none' };
    case 'path':
      return { kind: 'path', value: v.value };
    case 'list':
      if (v.form === 'set') return { kind: 'unknown', reason: 'a set' };
      return { kind: v.form === 'tuple' ? 'tuple' : 'list', items: v.items.map(toArgValue) };
    case 'dict':
      if (v.open) return { kind: 'unknown', reason: 'the dict has `**` entries that are not statically known' };
      return { kind: 'dict', entries: v.entries.map((e) => [toArgValue(e.key), toArgValue(e.value)] as [ArgValue, ArgValue]) };
    case 'spec':
      return { kind: 'unknown', reason: 'an image used as a value' };
    case 'call':
      if (v.callee === 'flyte.Secret' && !v.opaque) {
        return { kind: 'secret', args: v.args.map(toArgValue), kwargs: v.kwargs.map((k) => [k.name, toArgValue(k.value)] as [string, ArgValue]) };
      }
      return { kind: 'unknown', reason: `a call to ${v.callee}` };
    case 'unknown':
      return { kind: 'unknown', reason: v.reason };
  }
}

/** The chain uri.ts evaluates, or why there is none (an environment, a chain whose start is not known, `*args`). */
export function chainOf(decl: Flyte2Decl): { chain: ImageChain } | { unknown: string } {
  const f = decl.flyte;
  if (f.role !== 'image') return { unknown: 'an environment, not an image' };
  if (!f.complete) return { unknown: f.unknownStart ?? 'the chain does not start at an Image constructor' };
  const opaque = f.calls.find((c) => c.opaque);
  if (opaque) return { unknown: `\`${opaque.method}\` is called with \`*args\` / \`**kwargs\` that are not statically known` };
  return {
    chain: {
      calls: f.calls.map((c) => ({
        method: c.method,
        args: c.args.map(toArgValue),
        kwargs: c.kwargs.map((k) => [k.name, toArgValue(k.value)] as [string, ArgValue]),
      })),
    },
  };
}

/**
 * The argument a call binds to parameter `param`, as Python binds it (the
 * signature of `version`): a keyword argument of that name, or the
 * positional one at its place (a `*packages` parameter: the first of them).
 * Undefined when not passed, or when `*args` hides what binds where.
 */
export function callArg(call: FlyteCall, param: string, version: string = FLYTE_VERIFIED_VERSION): { value: Value; arg?: FieldArg } | undefined {
  const k = call.kwargs.find((a) => a.name === param);
  if (k) return { value: k.value, arg: k };
  if (call.opaque) return undefined;
  const m = imageMethod(call.method, version);
  if (!m) return undefined;
  const positional = m.params.filter((p) => p.kind !== 'keyword');
  const i = positional.findIndex((p) => p.name === param);
  if (i < 0 || i >= call.args.length) return undefined;
  return { value: call.args[i] };
}
