// The --output-format set. Adding a format = one file in this folder and one
// entry here.

import type { Formatter } from './types';
import { full } from './full';
import { concise } from './concise';

export const formatters: Formatter[] = [full, concise];

export function formatterByName(name: string): Formatter | undefined {
  return formatters.find((f) => f.name === name);
}

export type { Formatter, Report } from './types';
