import { describe, expect, it } from 'vitest';
import { BallotBoxes, releasable, shuffled } from '../../server/engine/ballot-box.ts';
import { seededContext } from '../../shared/domain/context.ts';

// The ballot box's release rule (server/engine/ballot-box.ts): every write of a counter moves it
// by at least k ballots, or by all the ballots it ever had (an electorate under k, at the close).

interface Entry {
  conventionId: string;
  counters: string[];
  n: number;
}

/** Arrivals one by one, the rule tried after each, then the close: the sizes of the batches written. */
function run(arrivals: string[][], k: number): { batches: number[]; atClose: number; written: Map<string, number>[] } {
  const boxes = new BallotBoxes<Entry>();
  const batches: number[] = [];
  const written: Map<string, number>[] = [];
  const note = (entries: Entry[]) => {
    const perCounter = new Map<string, number>();
    for (const e of entries) for (const c of e.counters) perCounter.set(c, (perCounter.get(c) ?? 0) + 1);
    written.push(perCounter);
  };
  arrivals.forEach((counters, n) => {
    boxes.add('vote:v', { conventionId: 'c', counters, n });
    const out = boxes.takeReleasable('vote:v', k);
    if (out.length > 0) {
      batches.push(out.length);
      note(out);
    }
  });
  const rest = boxes.takeAll('vote:v');
  if (rest.length > 0) note(rest);
  return { batches, atClose: rest.length, written };
}

const vote = (n: number) => Array.from({ length: n }, () => ['vote:v']);

describe('the ballot box release rule', () => {
  it.each([
    // arrivals, k, batches written while open, what the close writes
    { arrivals: 1, k: 5, batches: [], atClose: 1 },
    { arrivals: 3, k: 5, batches: [], atClose: 3 },
    { arrivals: 9, k: 5, batches: [], atClose: 9 },
    { arrivals: 10, k: 5, batches: [5], atClose: 5 },
    { arrivals: 14, k: 5, batches: [5], atClose: 9 },
    { arrivals: 15, k: 5, batches: [5, 5], atClose: 5 },
    { arrivals: 100, k: 5, batches: new Array<number>(19).fill(5), atClose: 5 },
    { arrivals: 7, k: 3, batches: [3], atClose: 4 },
    { arrivals: 4, k: 1, batches: [1, 1, 1], atClose: 1 },
    { arrivals: 40, k: 20, batches: [20], atClose: 20 },
  ])('$arrivals ballots of one vote with k = $k: batches $batches, then $atClose at the close', ({ arrivals, k, batches, atClose }) => {
    const result = run(vote(arrivals), k);
    expect(result.batches).toEqual(batches);
    expect(result.atClose).toBe(atClose);
    // Every ballot written exactly once.
    expect(result.batches.reduce((a, b) => a + b, 0) + result.atClose).toBe(arrivals);
  });

  it('releases the oldest first, and keeps k', () => {
    const entries = vote(12).map((counters) => ({ counters }));
    expect(releasable(entries, 5)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(releasable(entries.slice(0, 9), 5)).toEqual([]);
  });

  it('holds back a counter that would move by fewer than k, whatever the other counters allow', () => {
    // A grading: ten members graded proposals A and B together, then ten graded A alone. A holds
    // 20 ballots, B 10: B offers its oldest 5 and A its oldest 15, so the first five entries go.
    const both = Array.from({ length: 10 }, () => ({ counters: ['grade:g:A', 'grade:g:B'] }));
    const onlyA = Array.from({ length: 10 }, () => ({ counters: ['grade:g:A'] }));
    expect(releasable([...both, ...onlyA], 5)).toEqual([0, 1, 2, 3, 4, 10, 11, 12, 13, 14]);
    // B has only 4 waiting: no entry holding B may go; A (14 waiting) lets its oldest 9 go, of
    // which 5 hold A alone: those leave, and A keeps 9.
    const fewB = [...Array.from({ length: 4 }, () => ({ counters: ['grade:g:A', 'grade:g:B'] })), ...onlyA];
    expect(releasable(fewB, 5)).toEqual([4, 5, 6, 7, 8]);
    // With only 3 of them, A would move by 3: nothing goes.
    expect(releasable(fewB.slice(0, 11), 5)).toEqual([]);
  });

  it('never writes a counter by fewer than k ballots, except all it ever had, over random gradings and checks', () => {
    const { random } = seededContext(14);
    for (let trial = 0; trial < 300; trial++) {
      const k = 1 + Math.floor(random() * 6);
      const proposals = ['A', 'B', 'C', 'D'].slice(0, 1 + Math.floor(random() * 4));
      const arrivals = Array.from({ length: Math.floor(random() * 60) }, () => {
        const picked = proposals.filter(() => random() < 0.6);
        return (picked.length > 0 ? picked : [proposals[0]!]).map((p) => `grade:g:${p}`);
      });
      const total = new Map<string, number>();
      for (const counters of arrivals) for (const c of counters) total.set(c, (total.get(c) ?? 0) + 1);
      const { written } = run(arrivals, k);
      const sum = new Map<string, number>();
      for (const batch of written) {
        for (const [counter, n] of batch) {
          sum.set(counter, (sum.get(counter) ?? 0) + n);
          // Under k only when it is the counter's whole electorate.
          if (n < k) expect(n, `trial ${trial}: ${counter} moved by ${n} with k = ${k}`).toBe(total.get(counter));
        }
      }
      // Each ballot written once.
      expect(sum).toEqual(total);
    }
  });

  it('shuffles with every order possible and nothing lost', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const out = shuffled([1, 2, 3]);
      expect([...out].sort()).toEqual([1, 2, 3]);
      seen.add(out.join(''));
    }
    expect(seen.size).toBe(6);
  });
});
