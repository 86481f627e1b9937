import { describe, expect, it } from 'vitest';
import { compareLogs } from '../../server/backup/compare.ts';
import { chainLinks } from '../../server/backup/fingerprint.ts';
import type { ConventionLog } from '../../server/store/event-store.ts';

// Where a backup stands against the log in place, from the two hash chains alone: the rule a
// restore follows (newer replaces, older is refused, diverged needs force). Logs of numbered
// events stand in for real ones: only their order and content matter to the chain.

const log = (...labels: string[]): ConventionLog['events'] => labels.map((label, i) => ({ type: 'AgendaItemAdded', at: 1000 + i, data: { type: 'AgendaItemAdded', label } as never }));
const upTo = (n: number, ...after: string[]) => log(...Array.from({ length: n }, (_, i) => `e${i}`), ...after);

describe('compareLogs', () => {
  it.each([
    ['identical', upTo(5), upTo(5), { standing: 'identical', common: 5 }],
    ['newer: the copy extends the log in place', upTo(5), upTo(9), { standing: 'newer', common: 5 }],
    ['older: the copy is the beginning of the log in place', upTo(9), upTo(5), { standing: 'older', common: 5 }],
    ['diverged after 5 events, same length', upTo(5, 'here'), upTo(5, 'there'), { standing: 'diverged', common: 5 }],
    ['diverged after 3 events, the copy longer', upTo(3, 'a', 'b'), upTo(3, 'x', 'y', 'z', 'w'), { standing: 'diverged', common: 3 }],
    ['diverged at the first event', log('a'), log('b', 'c'), { standing: 'diverged', common: 0 }],
    ['diverged at the last event of the shorter', upTo(7, 'here'), upTo(7, 'there', 'more'), { standing: 'diverged', common: 7 }],
  ] as const)('%s', (_name, place, copy, expected) => {
    const result = compareLogs(chainLinks(place), chainLinks(copy));
    expect(result).toMatchObject({ ...expected, placeEvents: place.length, copyEvents: copy.length });
  });

  it('a convention absent here: the copy creates it', () => {
    expect(compareLogs(null, chainLinks(upTo(4)))).toEqual({ standing: 'absent', placeEvents: 0, copyEvents: 4, common: 0 });
  });

  it('the same events at another time are another log', () => {
    const moved = upTo(3).map((event, i) => (i === 1 ? { ...event, at: event.at + 1 } : event));
    expect(compareLogs(chainLinks(upTo(3)), chainLinks(moved))).toMatchObject({ standing: 'diverged', common: 1 });
  });

  it('finds the fork anywhere in a long log', () => {
    for (const fork of [0, 1, 499, 500, 998]) {
      const place = upTo(fork, ...Array.from({ length: 999 - fork }, (_, i) => `p${i}`));
      const copy = upTo(fork, ...Array.from({ length: 1200 - fork }, (_, i) => `c${i}`));
      expect(compareLogs(chainLinks(place), chainLinks(copy))).toMatchObject({ standing: 'diverged', common: fork });
    }
  });
});
