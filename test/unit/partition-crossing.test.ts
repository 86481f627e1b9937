import { describe, expect, it } from 'vitest';
import type { BatchSizes } from '../../shared/domain/batch-crossing.ts';
import type { SecretBallot } from '../../shared/domain/context.ts';
import { splitPartitions, type JointSize, type Partition } from '../../shared/domain/partition-crossing.ts';
import { ballotOfCounter, batchGroupsOf, closeCheckCounts, closeStrataCounts, countSecretBallot, type BatchGroups } from '../../shared/domain/secret-ballots.ts';
import { splitSmallGroups } from '../../shared/domain/small-groups.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { mulberry32 } from '../../shared/math/mulberry32.ts';
import { countAnswers, mergeSmallStrata } from '../../shared/features/strata/tally.ts';
import { determinedAcross } from '../helpers/partition-pins.ts';

// Two partitions of one counter's ballots published side by side (two attributes, a check's
// tables and an attribute) must not let one be subtracted from the other down to fewer than k
// ballots (shared/domain/partition-crossing.ts). Checked by an adversary's reading written apart
// from the rule (test/helpers/partition-pins.ts): every cell the published marginals of any two
// partitions, or one partition and its batches, determine.

const K = 5;

/** The partitions a list of joint cells makes (sizes summed per group), groups in sorted order. */
const partitionsOf = (joint: readonly JointSize[], count: number, batches: readonly BatchSizes[][] = []): Partition[] =>
  Array.from({ length: count }, (_, p) => {
    const sizes = new Map<string, number>();
    for (const cell of joint) if (cell.groups[p] !== undefined) sizes.set(cell.groups[p]!, (sizes.get(cell.groups[p]!) ?? 0) + cell.size);
    return { groups: [...sizes.keys()].sort().map((id) => ({ id, size: sizes.get(id)! })), batches: batches[p] ?? [] };
  });
const under = (partitions: Partition[], splits: ReturnType<typeof splitPartitions>, joint: JointSize[]) => determinedAcross(partitions, splits, joint).filter((pin) => pin.size < K);
const cell = (size: number, ...groups: string[]): JointSize => ({ groups, size });

describe('splitPartitions: no cell under k pinned by subtracting one partition from another', () => {
  it.each<{ name: string; joint: JointSize[]; before: number[]; splits: { shown: string[]; merged: string[]; hidden: string[] }[] }>([
    {
      // The reviewer's case: « Nord » (8) holds all 6 of QPV « oui »; Nord − oui = Nord's 2 others.
      name: 'Territoire « Nord » holding every QPV « oui »: one of the two attributes goes',
      joint: [cell(6, 'Nord', 'oui'), cell(2, 'Nord', 'non'), cell(7, 'Sud', 'non')],
      before: [2, 2],
      splits: [
        { shown: [], merged: [], hidden: ['Nord', 'Sud'] },
        { shown: ['non', 'oui'], merged: [], hidden: [] },
      ],
    },
    {
      name: 'two independent attributes, every joint cell of k or more: nothing merged',
      joint: [cell(5, 'F', 'jeune'), cell(6, 'F', 'âgé'), cell(7, 'H', 'jeune'), cell(5, 'H', 'âgé')],
      before: [],
      splits: [
        { shown: ['F', 'H'], merged: [], hidden: [] },
        { shown: ['jeune', 'âgé'], merged: [], hidden: [] },
      ],
    },
    {
      name: 'nested, but Nord minus oui is k or more: nothing merged',
      joint: [cell(6, 'Nord', 'oui'), cell(6, 'Nord', 'non'), cell(7, 'Sud', 'non')],
      before: [],
      splits: [
        { shown: ['Nord', 'Sud'], merged: [], hidden: [] },
        { shown: ['non', 'oui'], merged: [], hidden: [] },
      ],
    },
    {
      // Bourg (4) is under k: the bucket takes it and Gare (5). The values apart are on a cycle
      // with the two ages (nothing pinned), the bucket is not: bucket × 35+ = 4 (the bucket's 9
      // minus all 5 of 18-34). The graph must hold the bucket as a column; Port joins it.
      name: 'the merged bucket makes a determined cell the values apart did not: it grows',
      joint: [cell(6, 'Port', '35+'), cell(3, 'Bourg', '35+'), cell(4, 'Gare', '18-34'), cell(6, 'Vignes', '35+'), cell(1, 'Bourg', '18-34'), cell(1, 'Gare', '35+')],
      before: [4, 4],
      splits: [
        { shown: ['Vignes'], merged: ['Bourg', 'Gare', 'Port'], hidden: [] },
        { shown: ['18-34', '35+'], merged: [], hidden: [] },
      ],
    },
  ])('$name', ({ joint, before, splits }) => {
    const partitions = partitionsOf(joint, 2);
    // The per-attribute rule alone leaves these pins (the hole this closes).
    expect(under(partitions, partitions.map((p) => splitSmallGroups(p.groups, K)), joint).map((pin) => pin.size)).toEqual(before);
    const split = splitPartitions(partitions, joint, K);
    expect(split).toEqual(splits);
    expect(under(partitions, split, joint)).toEqual([]);
  });

  it('random rooms: across any two partitions and each one with its batches, every determined cell is 0 or at least k', () => {
    let merged = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const random = mulberry32(seed);
      const count = 2 + Math.floor(random() * 3);
      const widths = Array.from({ length: count }, () => 2 + Math.floor(random() * 4));
      // Ballots, each in one group of every partition (sometimes none: a ballot without that attribute), then in batches of k or more.
      const ballots = Array.from({ length: 10 + Math.floor(random() * 40) }, () => widths.map((w) => (random() < 0.05 ? undefined : `g${Math.floor(random() * w)}`)));
      const joint = new Map<string, JointSize>();
      for (const groups of ballots) {
        const key = JSON.stringify(groups);
        joint.set(key, { groups, size: (joint.get(key)?.size ?? 0) + 1 });
      }
      const batchesOf: BatchSizes[][] = widths.map(() => []);
      if (random() < 0.5) {
        for (let start = 0; start < ballots.length; ) {
          const end = ballots.length - start < 2 * K ? ballots.length : start + K + Math.floor(random() * K);
          for (let p = 0; p < count; p++) {
            const batch: Record<string, number> = {};
            for (const groups of ballots.slice(start, end)) if (groups[p] !== undefined) batch[groups[p]!] = (batch[groups[p]!] ?? 0) + 1;
            batchesOf[p]!.push(batch);
          }
          start = end;
        }
      }
      const cells = [...joint.values()];
      const partitions = partitionsOf(cells, count, batchesOf);
      const splits = splitPartitions(partitions, cells, K);
      expect(under(partitions, splits, cells), `seed ${seed}`).toEqual([]);
      // Each partition still splits its own ballots whole: shown + merged (or hidden) cover every group once.
      splits.forEach((split, p) => expect([...split.shown, ...split.merged, ...split.hidden].sort(), `seed ${seed}`).toEqual(partitions[p]!.groups.filter((g) => g.size > 0).map((g) => g.id).sort()));
      merged += splits.filter((split, p) => split.shown.length < splitSmallGroups(partitions[p]!.groups, K).shown.length).length;
    }
    // The random rooms do exercise the rule (some partitions merged beyond the k rule alone).
    expect(merged).toBeGreaterThan(100);
  });
});

/** A ballot of one member of the check: their table and strata (counts only reach the rule). */
const agreement = (tableId: string, territoire: string, level: number): SecretBallot => ({ kind: 'agreement', checkId: 'c', proposalId: 'p', tableId, level, strata: { territoire } });
const vote = (territoire: string, qpv: string, choice: 'for' | 'against'): SecretBallot => ({ kind: 'vote', voteId: 'v', choice, strata: { territoire, qpv } });

describe('the closes cross attributes and tables with each other', () => {
  it('a secret vote, Nord/QPV: the close writes no attribute pair that pins Nord outside the QPV, and a restart reads it back', () => {
    const ballots = [...Array.from({ length: 6 }, () => vote('Nord', 'oui', 'for')), vote('Nord', 'non', 'against'), vote('Nord', 'non', 'against'), ...Array.from({ length: 7 }, (_, i) => vote('Sud', 'non', i < 4 ? 'for' : 'against'))];
    let state = { votes: { v: { id: 'v', secret: true, status: 'open', tally: { for: 0, against: 0, abstain: 0 } } }, checks: {}, gradings: {} } as unknown as Convention;
    for (const ballot of ballots) state = countSecretBallot(state, ballot);
    // One batch of all (two, Nord's 8 then Sud's 7, would let the batch rule drop qpv already).
    const batches: BatchGroups[] = [batchGroupsOf(ballots).get('vote:v')!];
    const closed = closeStrataCounts(state, 'vote:v', K, (counter) => (counter === 'vote:v' ? batches : []));
    const byStratum = closed.state.votes['v']!.byStratum!;
    expect(Object.keys(byStratum)).toHaveLength(1);
    expect(byStratum).toEqual({ territoire: { Nord: [6, 2, 0], Sud: [4, 3, 0] } });
    let back = state;
    back = { ...back, votes: { v: { ...back.votes['v']!, byStratum: undefined } } } as Convention;
    for (const { counter, cell, count } of closed.rows) back = countSecretBallot(back, ballotOfCounter(counter, cell)!, count);
    expect(back.votes['v']!.byStratum).toEqual(byStratum);
    // Batches without the joint sizes (as before this rule): both attributes written, Nord − oui = [0, 2, 0].
    const blind = batches.map(({ joint: _joint, ...rest }) => rest);
    const leaky = closeStrataCounts(state, 'vote:v', K, (counter) => (counter === 'vote:v' ? blind : [])).state.votes['v']!.byStratum!;
    expect(leaky['territoire']!['Nord']!.map((n, i) => n - leaky['qpv']!['oui']![i]!)).toEqual([0, 2, 0]);
  });

  it('a check: a table nested in a stratum; the tables and the strata closes agree, nothing pinned', () => {
    // t1: 6 of Nord; t2: Nord's 2 others and Sud's 5. Nord (8) − t1 (6) = t2's 2 from Nord.
    const ballots = [...Array.from({ length: 6 }, () => agreement('t1', 'Nord', 0)), agreement('t2', 'Nord', 1), agreement('t2', 'Nord', 1), ...Array.from({ length: 5 }, () => agreement('t2', 'Sud', 0))];
    let state = { checks: { c: { id: 'c', levels: ['oui', 'non'], status: 'open', counts: {} } }, votes: {}, gradings: {} } as unknown as Convention;
    for (const ballot of ballots) state = countSecretBallot(state, ballot);
    const batches: BatchGroups[] = [batchGroupsOf(ballots).get('agree:c:p')!];
    const batchesOf = (counter: string) => (counter === 'agree:c:p' ? batches : []);
    const open = state;
    const tables = closeCheckCounts(open, 'c', K, batchesOf);
    const strata = closeStrataCounts(tables.state, 'check:c', K, batchesOf, open);
    const check = strata.state.checks['c']!;
    // The attribute (first in order) goes; the tables, no longer crossed with it, stay.
    expect(check.counts).toEqual({ p: { t1: [6, 0, 0], t2: [5, 2, 0] } });
    expect(check.byStratum).toBeUndefined();
    // Without the joint sizes both are written: Nord − t1 = [0, 2, 0], t2's two from Nord.
    const blind = batches.map(({ joint: _joint, ...rest }) => rest);
    const leaky = closeStrataCounts(open, 'check:c', K, () => blind, open).state.checks['c']!.byStratum!['p']!;
    expect(leaky['territoire']!['Nord']!.map((n, i) => n - open.checks['c']!.counts['p']!['t1']![i]!)).toEqual([0, 2, 0]);
  });

  it('polls and roll-call votes: countAnswers gives the joint sizes, mergeSmallStrata crosses the attributes', () => {
    const members = Object.fromEntries(
      Array.from({ length: 15 }, (_, i) => [`m${i}`, { attributes: { territoire: i < 8 ? 'Nord' : 'Sud', qpv: i < 6 ? 'oui' : 'non' } }]),
    ) as unknown as Convention['members'];
    const counted = countAnswers({ members }, ['qpv', 'territoire'], Object.keys(members).map((id, i) => [id, [i === 6 || i === 7 ? 1 : 0]] as const), 3);
    const merged = mergeSmallStrata(counted.cells, K, counted.sizes, undefined, counted.joint);
    expect(Object.keys(merged.cells)).toEqual(['territoire']);
    expect(Object.keys(mergeSmallStrata(counted.cells, K, counted.sizes).cells)).toEqual(['qpv', 'territoire']);
  });
});
