// Where a module uses a name: every identifier spelling it, except the
// targets of assignments to it (`NAME = ...`, `NAME: str = ...`). Attribute
// and keyword names that happen to match count too: callers use this to be
// careful (a fix to a constant other code uses), so more is the safe side.

import type { SyntaxNode, Tree } from 'tree-sitter';
import type { Range } from '../model/position';
import { documentText, parsePython, skeletonBlanks } from './pyParser';
import { blankedMentions } from './skeleton';
import { nodeRange } from './values';

export function nameReferences(tree: Tree, name: string, source?: string): Range[] {
  // A skeleton tree (skeleton.ts) lacks the blanked bodies: when the name is
  // written in one, the uses are counted in the full text's tree.
  const blanked = skeletonBlanks(tree);
  if (blanked && source !== undefined && blankedMentions(source, blanked, new Set([name]))) return nameReferences(parsePython(source), name);
  const text = documentText(tree);
  const out: Range[] = [];
  if (!text.includes(name)) return out;
  for (const n of tree.rootNode.descendantsOfType('identifier') as SyntaxNode[]) {
    if (n.endIndex - n.startIndex !== name.length || text.slice(n.startIndex, n.endIndex) !== name) continue;
    const p = n.parent;
    if (p && (p.type === 'assignment' || p.type === 'augmented_assignment') && p.childForFieldName('left')?.id === n.id) continue;
    out.push(nodeRange(n));
  }
  return out;
}
