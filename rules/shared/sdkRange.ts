// A rule's `appliesTo` entry read from server/flytekit/versions.ts, where
// each flytekit release's behaviour is written once: the first release whose
// row has the behaviour the rule predicts (rows are oldest first, one per
// change), and the row's source.

import type { SdkRange } from '../../server/engine/types';
import { BEHAVIOURS, type Behaviour } from '../../server/flytekit/versions';

/** `since` the first release with the behaviour; the note names it and where it was read. */
export function flytekitSince(what: string, has: (b: Behaviour) => boolean): SdkRange {
  const row = BEHAVIOURS.find(has);
  if (!row) throw new Error(`no flytekit release read has ${what}`);
  return { sdk: 'flytekit', since: row.since, note: `${what} since ${row.since} (${row.source})` };
}

/** Applies to every release; the note says from which release flytekit itself reports the problem. */
export function flytekitNote(what: string, has: (b: Behaviour) => boolean, before: string): SdkRange {
  const { since, note } = flytekitSince(what, has);
  return { sdk: 'flytekit', note: `${note}; ${before.replace('{since}', since!)}` };
}
