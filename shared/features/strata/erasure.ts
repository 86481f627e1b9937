import type { DomainEvent } from '../../domain/events.ts';
import { OTHER_VALUES, type StratumCount } from './types.ts';

// Erasure and the attendance frozen at close (docs/privacy.md, "Erasure"). The frozen counts are
// counts, never a member, and erasure leaves them as they are; but a value only erased members
// ever held ("Hameau-de-Vrzblog", typed for one person) would stay in the log as a stratum's
// name. Its counts are kept, under OTHER_VALUES, so every total stays the same and the value is
// named nowhere. The server's rewrite of the log calls this for every frozen event
// (shared/features/core/erasure.ts, redactEvent).

/** Attribute -> values held, at some point of the log, by erased members and by no one else. */
export type ErasedValues = ReadonlyMap<string, ReadonlySet<string>>;

/** The values of each attribute only the erased members (`erased`: their ids) held, from the log's roster events. */
export function erasedOnlyValues(events: Iterable<DomainEvent>, erased: ReadonlySet<string>): ErasedValues {
  const theirs = new Map<string, Set<string>>();
  const others = new Map<string, Set<string>>();
  const note = (memberId: string, attributes: Readonly<Record<string, string>>) => {
    const into = erased.has(memberId) ? theirs : others;
    for (const [attribute, raw] of Object.entries(attributes)) {
      const value = raw.trim();
      if (value === '') continue;
      let set = into.get(attribute);
      if (!set) into.set(attribute, (set = new Set()));
      set.add(value);
    }
  };
  for (const event of events) {
    if (event.type === 'MembersAdded') for (const m of event.members) note(m.id, m.attributes);
    else if (event.type === 'MemberUpdated') note(event.memberId, event.attributes);
  }
  const only = new Map<string, Set<string>>();
  for (const [attribute, values] of theirs) {
    const kept = [...values].filter((value) => !others.get(attribute)?.has(value));
    if (kept.length > 0) only.set(attribute, new Set(kept));
  }
  return only;
}

/** A frozen attendance with the values in `values` counted under OTHER_VALUES; the same object when none is in it. */
export function redactFrozen(event: Extract<DomainEvent, { type: 'SessionAttendanceFrozen' }>, values: ErasedValues): DomainEvent {
  const counts = event.attendance.counts;
  const touched = Object.keys(counts).filter((attribute) => Object.keys(counts[attribute]!).some((value) => values.get(attribute)?.has(value)));
  if (touched.length === 0) return event;
  const redacted: Record<string, Record<string, StratumCount>> = { ...counts };
  for (const attribute of touched) {
    const byValue: Record<string, StratumCount> = {};
    for (const [value, count] of Object.entries(counts[attribute]!)) {
      const key = values.get(attribute)!.has(value) ? OTHER_VALUES : value;
      const cell = Object.hasOwn(byValue, key) ? byValue[key]! : (byValue[key] = { roster: 0, present: 0 });
      cell.roster += count.roster;
      cell.present += count.present;
    }
    redacted[attribute] = byValue;
  }
  return { ...event, attendance: { ...event.attendance, counts: redacted } };
}
