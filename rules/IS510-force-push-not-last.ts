// The fix moves the call with the whitespace that precedes it, so a call on
// its own line moves with its line break and multi-line chains keep their
// layout.

import type { OfflineRule } from '../server/engine/types';
import { flytekitSince } from './shared/sdkRange';

export const rule: OfflineRule = {
  code: 'IS510',
  name: 'force-push-not-last',
  severity: 'warning',
  summary: '`.force_push()` followed by a `with_*` call (the flag is lost)',
  docs: {
    whatItDoes: 'Reports `.force_push()` followed by a `with_*` call in the same chain. force_push() returns a copy flagged to be rebuilt, but every `with_*` builder returns `dataclasses.replace(...)`, whose `__post_init__` resets the flag.',
    why: '`force_push()` marks a copy of the spec to be rebuilt and pushed even when the image already exists. Each `with_*` call builds a new ImageSpec through `dataclasses.replace`, which runs `__post_init__` again and resets the flag, so a `force_push()` earlier in the chain has no effect. Call it last.',
    example: 'image = ImageSpec(name="etl").force_push().with_packages(["pandas"])',
    fixed: 'image = ImageSpec(name="etl").with_packages(["pandas"]).force_push()',
  },
  fixSafety: { kind: 'safe', note: 'Moving the call to the end of the chain is what it was meant to do.' },
  appliesTo: [flytekitSince('`force_push()`', (b) => b.methods.includes('force_push'))],
  check(decl, ctx) {
    const chain = decl.chain;
    let lastWith = -1;
    chain.forEach((c, i) => {
      if (c.method.startsWith('with_')) lastWith = i;
    });
    if (lastWith < 0) return [];
    // A force_push() after the last with_* call keeps the flag: nothing is lost.
    if (chain.slice(lastWith + 1).some((c) => c.method === 'force_push')) return [];
    let fp = -1;
    for (let i = lastWith - 1; i >= 0; i--) {
      if (chain[i].method === 'force_push') {
        fp = i;
        break;
      }
    }
    if (fp < 0) return [];
    const call = chain[fp];
    const later = chain.slice(fp + 1).filter((c) => c.method.startsWith('with_'));
    const names = [...new Set(later.map((c) => `\`.${c.method}(...)\``))].join(', ');
    // Move from the end of whatever precedes the call (the constructor or the
    // previous chained call), so a call on its own line moves with its line break.
    const prevEnd = fp === 0 ? decl.range.end : chain[fp - 1].range.end;
    const idx = ctx.lines;
    const between = idx.slice({ start: prevEnd, end: call.range.start });
    const from = /^\s*$/.test(between) ? prevEnd : call.range.start;
    const moved = idx.slice({ start: from, end: call.range.end });
    const end = chain[chain.length - 1].range.end;
    return [
      {
        range: call.range,
        message: `\`.force_push()\` has no effect here: ${names} after it ${later.length > 1 ? 'return new ImageSpecs' : 'returns a new ImageSpec'} without the flag, so an existing image is not rebuilt. Call \`.force_push()\` last`,
        fixes: [
          {
            title: 'Move `.force_push()` to the end of the chain',
            edits: [
              { range: { start: from, end: call.range.end }, newText: '' },
              { range: { start: end, end }, newText: moved },
            ],
            preferred: true,
            safe: true,
          },
        ],
      },
    ];
  },
};
