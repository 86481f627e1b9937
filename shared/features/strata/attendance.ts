import type { DomainEvent } from '../../domain/events.ts';
import type { Convention } from '../../domain/types.ts';
import type { Member, Session } from '../core/types.ts';
import { declaredAttributes } from '../core/sensitive-data.ts';
import { memberStrata, reportedAttributes } from './member-strata.ts';
import type { FrozenAttendance, StratumCount } from './types.ts';

// A session's attendance per stratum: who of the roster is present, counted by the value of each
// attribute. Live while the session is open; frozen into an event when it closes
// (shared/features/core/sessions.ts puts freezeAttendance among a session's closing events), so
// a closed session's counts never move again, whatever the roster becomes (members leaving,
// edited, erased). Guests were not drawn: they have no stratum and are counted apart.

/** A member on the roster, as strata count it: drawn (not a guest), active, not erased. */
export const onRoster = (m: Member): boolean => m.origin === 'roster' && m.active && m.erased === undefined;

/**
 * The attributes a session's attendance is counted by: every reported one, then every other
 * declared one some member holds a value of (so that the attendance of a session closed before
 * an attribute was chosen can still be read by it).
 */
export function countedAttributes(conv: Pick<Convention, 'strata' | 'members'>): string[] {
  const held = new Set(Object.values(conv.members).flatMap((m) => Object.keys(m.attributes)));
  const reported = reportedAttributes(conv);
  return [...reported, ...declaredAttributes(conv).filter((a) => !reported.includes(a) && held.has(a))];
}

/** The session's attendance per stratum now, by `attributes`. */
export function countAttendance(conv: Pick<Convention, 'members' | 'memberOrder'>, session: Pick<Session, 'present'>, attributes: readonly string[], at: number): FrozenAttendance {
  const counts: Record<string, Record<string, StratumCount>> = Object.fromEntries(attributes.map((a) => [a, {}]));
  let rosterTotal = 0;
  let presentTotal = 0;
  let guestsPresent = 0;
  for (const id of conv.memberOrder) {
    const member = conv.members[id];
    if (!member) continue;
    const present = session.present[id] === true;
    if (member.origin === 'guest') {
      if (present) guestsPresent += 1;
      continue;
    }
    const counted = onRoster(member);
    // A drawn member present but no longer on the roster (left or erased since) still came.
    if (!counted && !present) continue;
    if (counted) rosterTotal += 1;
    if (present) presentTotal += 1;
    const strata = memberStrata(conv, id, attributes);
    for (const attribute of attributes) {
      const byValue = counts[attribute]!;
      const value = strata[attribute]!;
      const cell = Object.hasOwn(byValue, value) ? byValue[value]! : (byValue[value] = { roster: 0, present: 0 });
      if (counted) cell.roster += 1;
      if (present) cell.present += 1;
    }
  }
  return { at, rosterTotal, presentTotal, guestsPresent, counts };
}

/**
 * The event that freezes a session's attendance as it closes: counts only, never who. A session
 * closed without ever being live had no room: nothing to freeze.
 */
export function freezeAttendance(conv: Convention, sessionId: string, at: number): DomainEvent[] {
  const session = Object.hasOwn(conv.sessions, sessionId) ? conv.sessions[sessionId] : undefined;
  if (session?.status !== 'live') return [];
  return [{ type: 'SessionAttendanceFrozen', sessionId, attendance: countAttendance(conv, session, countedAttributes(conv), at) }];
}
