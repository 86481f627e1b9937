import type { Convention } from '../../domain/types.ts';
import { readingOfAttribute, sessionRefs, strataReading, type StrataReading } from './readings.ts';
import type { StratumRef } from './ref.ts';

// The readings by stratum as the console and the projector see them. Both carry only what
// resultByStratum gives (k-safe, closed results only) beside the room's result they already show.

/**
 * One result of the session and its reading by stratum. `state`: `read` (closed, read by
 * stratum), `at_close` (still open: its counts by stratum appear once it is closed), `none`
 * (closed, but no strata were reported when it opened).
 */
export interface ConsoleStrataResult {
  ref: StratumRef;
  state: 'read' | 'at_close' | 'none';
  reading: StrataReading | null;
}

export function consoleStrata(conv: Convention, sessionId: string): ConsoleStrataResult[] {
  return sessionRefs(conv, sessionId).map(({ ref, closed }) => {
    if (!closed) return { ref, state: 'at_close', reading: null };
    const reading = strataReading(conv, ref);
    return { ref, state: reading ? 'read' : 'none', reading };
  });
}

/** What the projector's stratum panel shows: one attribute of one result (null reading: its empty state). */
export interface ScreenStrata {
  attribute: string;
  reading: StrataReading | null;
}

export function screenStrata(conv: Convention, shown: { ref: StratumRef; attribute: string }): ScreenStrata {
  const reading = strataReading(conv, shown.ref);
  return { attribute: shown.attribute, reading: reading && readingOfAttribute(reading, shown.attribute) };
}
