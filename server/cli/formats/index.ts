// The --output-format set. Adding a format = one file in this folder and one
// entry here.

import type { Formatter } from './types';
import { full } from './full';
import { concise } from './concise';
import { json } from './json';
import { sarif } from './sarif';
import { github } from './github';
import { junit } from './junit';
import { gitlab } from './gitlab';
import { rdjson } from './rdjson';

export const formatters: Formatter[] = [full, concise, json, sarif, github, junit, gitlab, rdjson];

export function formatterByName(name: string): Formatter | undefined {
  return formatters.find((f) => f.name === name);
}

export type { Formatter, Report } from './types';
