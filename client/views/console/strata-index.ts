import type { ConsoleView } from '../../../shared/views/console-view.ts';
import type { ConsoleStrataResult } from '../../../shared/features/strata/reading-views.ts';
import { refKey } from '../../../shared/features/strata/ref.ts';

// Every result's reading by stratum, found by its ref: one index per console view (a check of
// 300 proposals has 300 "Par strate" blocks; each looks its own up instead of scanning the list).

const indexes = new WeakMap<ConsoleView['sessions'], Map<string, ConsoleStrataResult>>();

export function strataIndex(view: ConsoleView): Map<string, ConsoleStrataResult> {
  let index = indexes.get(view.sessions);
  if (!index) {
    index = new Map(view.sessions.flatMap((s) => s.byStratum.map((entry) => [refKey(entry.ref), entry] as const)));
    indexes.set(view.sessions, index);
  }
  return index;
}
