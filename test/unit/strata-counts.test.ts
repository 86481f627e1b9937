import { describe, expect, it } from 'vitest';
import type { SecretBallot } from '../../shared/domain/context.ts';
import { activitiesEnded, ballotOfCounter, closeStrataCounts, countSecretBallot, strataRows, withoutSecretCounts, type TallyRow } from '../../shared/domain/secret-ballots.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { evolve } from '../../shared/registry.ts';
import { resultByStratum } from '../../shared/features/strata/counts.ts';
import { addToStrata, mergeSmallStrata } from '../../shared/features/strata/tally.ts';
import { OTHER_VALUES, VALUE_NOT_GIVEN, type StratumCells } from '../../shared/features/strata/types.ts';
import type { Command } from '../../shared/registry.ts';
import { command, conventionWith, facilitator, must, run } from '../helpers/domain-fixtures.ts';

// Issue 17, item 3: counts per stratum. The k rule per attribute (mergeSmallStrata), a ballot
// counted once in each of its attributes, a secret activity's close writing exactly what memory
// holds (a restart reads the rows back to the same counts), and the one reading of it all
// (resultByStratum), k-safe in every case.

const K = 5;
const row = (n: number, width = 3): number[] => [n, ...new Array<number>(width - 1).fill(0)];
const cellsOf = (attribute: string, sizes: Record<string, number>): StratumCells => ({ [attribute]: Object.fromEntries(Object.entries(sizes).map(([value, n]) => [value, row(n)])) });

describe('mergeSmallStrata: no stratum under k on its own, per attribute', () => {
  const CASES: { name: string; sizes: Record<string, number>; shown: Record<string, number> | null }[] = [
    { name: 'every stratum of k or more is shown', sizes: { a: 5, b: 7 }, shown: { a: 5, b: 7 } },
    { name: 'strata of 4 and 3 (under k) are merged together', sizes: { a: 9, b: 8, c: 4, d: 3 }, shown: { a: 9, b: 8, [OTHER_VALUES]: 7 } },
    { name: 'a lone stratum of k − 1 takes in the smallest shown one', sizes: { a: 9, b: 6, c: 4 }, shown: { a: 9, [OTHER_VALUES]: 10 } },
    { name: 'a stratum of k − 1 beside one of k: both merged, nothing apart', sizes: { a: 5, b: 4 }, shown: { [OTHER_VALUES]: 9 } },
    { name: 'the whole attribute under k: no row at all', sizes: { a: 2, b: 2 }, shown: null },
    { name: 'a single stratum of k − 1: no row at all', sizes: { a: K - 1 }, shown: null },
    { name: 'the members without a value are a stratum like the others', sizes: { [VALUE_NOT_GIVEN]: 6, a: 5 }, shown: { [VALUE_NOT_GIVEN]: 6, a: 5 } },
    { name: 'an empty value under k is merged, never shown', sizes: { [VALUE_NOT_GIVEN]: 1, a: 5, b: 5 }, shown: { b: 5, [OTHER_VALUES]: 6 } },
  ];
  it.each(CASES)('$name', ({ sizes, shown }) => {
    const merged = mergeSmallStrata(cellsOf('age', sizes), K);
    if (shown === null) return expect(merged.cells).toEqual({});
    expect(merged.sizes.age).toEqual(shown);
    expect(Object.fromEntries(Object.entries(merged.cells.age!).map(([value, cells]) => [value, cells[0]]))).toEqual(shown);
    // Every number that can be read is of k or more, and the total is kept.
    for (const n of Object.values(merged.sizes.age!)) expect(n).toBeGreaterThanOrEqual(K);
    expect(Object.values(merged.sizes.age!).reduce((a, b) => a + b, 0)).toBe(Object.values(sizes).reduce((a, b) => a + b, 0));
  });

  it('is idempotent and independent of the order the strata were counted in', () => {
    const once = mergeSmallStrata(cellsOf('age', { d: 3, a: 9, c: 4, b: 8 }), K);
    expect(mergeSmallStrata(once.cells, K)).toEqual(once);
    expect(JSON.stringify(mergeSmallStrata(cellsOf('age', { a: 9, b: 8, c: 4, d: 3 }), K))).toBe(JSON.stringify(once));
  });

  it('merges each attribute on its own', () => {
    const merged = mergeSmallStrata({ ...cellsOf('age', { a: 9, b: 3 }), ...cellsOf('gender', { F: 6, H: 6 }) }, K);
    expect(merged.sizes).toEqual({ age: { [OTHER_VALUES]: 12 }, gender: { F: 6, H: 6 } });
  });

  it('counts a member in several attributes once in each, never crossed', () => {
    const cells = addToStrata(undefined, { age: '18-24', gender: 'F', territory: '' }, 1, 3);
    expect(cells).toEqual({ age: { '18-24': [0, 1, 0] }, gender: { F: [0, 1, 0] }, territory: { '': [0, 1, 0] } });
    // Any text is a value or an attribute, "__proto__" too: it stays data.
    const odd = addToStrata(cells, JSON.parse('{"__proto__":"x"}') as Record<string, string>, 0, 3);
    expect(Object.getOwnPropertyDescriptor(odd, '__proto__')?.value).toEqual({ x: [1, 0, 0] });
    expect(Object.getPrototypeOf(odd)).toBe(Object.prototype);
  });
});

// A room of 24 members: ageBracket in strata of 9, 8, 4 and 3; gender F/H (13/10) and one without.
const AGES = ['18-34', '35-49', '50-64', '65+'] as const;
const AGE_SIZES = [9, 8, 4, 3];
const members = AGE_SIZES.flatMap((n, a) => Array.from({ length: n }, (_, i) => ({ ageBracket: AGES[a]!, gender: (a * 10 + i) === 0 ? '' : (a + i) % 2 === 0 ? 'F' : 'H' })));

function roomWithStrata(): { conv: Convention; sessionId: string; proposalId: string; ids: string[] } {
  let conv = conventionWith({ members: members.map((attributes, i) => ({ name: `Membre ${i + 1}`, attributes })), sessions: 1 });
  const sessionId = conv.sessionOrder[0]!;
  conv = must(conv, command('session.open', { sessionId }));
  conv = must(conv, command('presence.mark', { sessionId, memberIds: conv.memberOrder, present: true }));
  conv = must(conv, command('proposal.enter', { title: 'Vélo', text: 'Des pistes.', leverId: conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
  // The strata commands are the strata feature's (strata.choose): the state they leave is set here.
  conv = { ...conv, strata: { reported: ['ageBracket', 'gender'], custom: [], targets: {} } };
  return { conv, sessionId, proposalId: conv.proposalOrder[0]!, ids: conv.memberOrder };
}

/** What the engine does with ballot mixing: ballots counted in memory, the close's rows written before its events evolve. */
function engineLike(conv: Convention, cmd: Command, memberId?: string): { state: Convention; ballots: SecretBallot[]; rows: TallyRow[] } {
  const actor = memberId ? { role: 'member' as const, conventionId: conv.id, memberId } : facilitator(conv);
  const result = run(conv, cmd, actor);
  if (result.error) throw new Error(`${cmd.name} refused: ${result.error.code}`);
  if (!result.decision.ok) throw new Error('refused');
  const ballots = result.decision.secretBallots ?? [];
  let state = conv;
  const rows: TallyRow[] = [];
  for (const activity of result.events.flatMap(activitiesEnded)) {
    const closed = closeStrataCounts(state, activity, K);
    state = closed.state;
    rows.push(...closed.rows);
  }
  for (const event of result.events) state = evolve(state, event)!;
  for (const ballot of ballots) state = countSecretBallot(state, ballot);
  return { state, ballots, rows };
}

/** A restart: the state without secret counts (a snapshot), then every stored counter row counted back. */
function restarted(conv: Convention, stored: TallyRow[]): Convention {
  let state = withoutSecretCounts(conv);
  for (const { counter, cell, count } of stored) {
    const ballot = ballotOfCounter(counter, cell);
    if (ballot) state = countSecretBallot(state, ballot, count);
  }
  return state;
}

const roomRows = (ballots: SecretBallot[]): TallyRow[] => ballots.map((b) => ({ counter: `vote:${(b as { voteId: string }).voteId}`, cell: (b as { choice: string }).choice, count: 1 }));

describe('a secret vote counted per stratum', () => {
  const CHOICES = ['for', 'against', 'abstain'] as const;
  const CHOICE = (i: number) => CHOICES[i % 5 === 0 ? 1 : i % 7 === 0 ? 2 : 0]!;
  /** What the scripted members cast, per stratum of one attribute, counted here from the script. */
  const cast = (attribute: 'ageBracket' | 'gender', from = 0) => {
    const out: Record<string, number[]> = {};
    members.forEach((m, i) => {
      if (i < from) return;
      (out[m[attribute]] ??= [0, 0, 0])[CHOICES.indexOf(CHOICE(i))]! += 1;
    });
    return out;
  };

  function voted(options: { restartAfter?: number } = {}) {
    const r = roomWithStrata();
    let conv = must(r.conv, command('vote.create', { sessionId: r.sessionId, proposalIds: [r.proposalId], secret: true, thresholdBp: 5000, basis: 'expressed', batch: false }));
    const voteId = Object.keys(conv.votes)[0]!;
    conv = must(conv, command('vote.open', { voteIds: [voteId] }));
    let stored: TallyRow[] = [];
    r.ids.forEach((memberId, i) => {
      if (options.restartAfter === i) conv = restarted(conv, stored);
      const cast = engineLike(conv, command('vote.cast', { voteId, choice: CHOICE(i) }), memberId);
      conv = cast.state;
      stored = [...stored, ...roomRows(cast.ballots)];
    });
    const beforeClose = conv;
    const closed = engineLike(conv, command('vote.close', { voteIds: [voteId] }));
    stored = [...stored, ...closed.rows];
    return { ...r, voteId, beforeClose, conv: closed.state, rows: closed.rows, stored };
  }

  it('is counted in memory while open, never read while open', () => {
    const { beforeClose, voteId } = voted();
    expect(beforeClose.votes[voteId]!.strataAttributes).toEqual(['ageBracket', 'gender']);
    expect(resultByStratum(beforeClose, { kind: 'vote', id: voteId })).toBeNull();
    // What the scripted members cast, per age bracket, before any merge.
    expect(beforeClose.votes[voteId]!.byStratum).toEqual({ ageBracket: cast('ageBracket'), gender: cast('gender') });
  });

  it('at close: strata under k merged, the rows written are what memory holds, and a restart reads them back', () => {
    const { conv, voteId, rows, stored } = voted();
    const result = resultByStratum(conv, { kind: 'vote', id: voteId })!;
    expect(result).toMatchObject({ attributes: ['ageBracket', 'gender'], total: 24, attributed: 24, final: true });
    // 50-64 (4 members) and 65+ (3) are under k: merged, the two others shown as cast.
    const age = cast('ageBracket');
    expect(result.cells.ageBracket).toEqual({ '18-34': age['18-34'], '35-49': age['35-49'], [OTHER_VALUES]: age['50-64']!.map((n, i) => n + age['65+']![i]!) });
    expect(result.sizes.ageBracket).toEqual({ '18-34': 9, '35-49': 8, [OTHER_VALUES]: 7 });
    // The one member without a gender is merged with the smaller gender.
    const gender = cast('gender');
    const [small, large] = ['F', 'H'].sort((a, b) => gender[a]!.reduce((x, y) => x + y) - gender[b]!.reduce((x, y) => x + y));
    expect(result.cells.gender).toEqual({ [large!]: gender[large!], [OTHER_VALUES]: gender[small!]!.map((n, i) => n + gender[VALUE_NOT_GIVEN]![i]!) });
    for (const sizes of Object.values(result.sizes)) for (const n of Object.values(sizes)) expect(n).toBeGreaterThanOrEqual(K);
    // Nothing per stratum was written before the close; its rows are the merged counts.
    expect(stored.filter((r) => r.counter.startsWith('strata:'))).toEqual(rows);
    expect(rows.every((r) => r.count > 0)).toBe(true);
    const back = restarted(conv, stored);
    expect(back.votes[voteId]!.byStratum).toEqual(conv.votes[voteId]!.byStratum);
    expect(back.votes[voteId]!.tally).toEqual(conv.votes[voteId]!.tally);
    expect(resultByStratum(back, { kind: 'vote', id: voteId })).toEqual(result);
  });

  it('a restart in the middle: the ballots released before it are in the total, not in the strata', () => {
    const { conv, voteId, stored } = voted({ restartAfter: 10 });
    const result = resultByStratum(conv, { kind: 'vote', id: voteId })!;
    expect(result.total).toBe(24);
    expect(result.attributed).toBe(14);
    expect(resultByStratum(restarted(conv, stored), { kind: 'vote', id: voteId })).toEqual(result);
  });

  it('no snapshot holds a count per stratum', () => {
    const { beforeClose, conv, voteId } = voted();
    expect(withoutSecretCounts(beforeClose).votes[voteId]!.byStratum).toBeUndefined();
    expect(withoutSecretCounts(conv).votes[voteId]!.byStratum).toBeUndefined();
  });

  it('the leaky configuration writes one row per attribute and ballot', () => {
    const ballot: SecretBallot = { kind: 'vote', voteId: 'v1', choice: 'against', strata: { ageBracket: 'a:b', gender: '' } };
    const rows = strataRows(ballot);
    expect(rows).toHaveLength(2);
    // A value holding ':' reads back whole.
    expect(rows.map((r) => ballotOfCounter(r.counter, r.cell))).toEqual([
      { kind: 'vote', voteId: 'v1', choice: 'against', strata: { ageBracket: 'a:b' }, strataOnly: true },
      { kind: 'vote', voteId: 'v1', choice: 'against', strata: { gender: '' }, strataOnly: true },
    ]);
  });
});

const member = (conv: Convention, memberId: string) => ({ role: 'member' as const, conventionId: conv.id, memberId });

describe('roll-call votes and polls: counted from their answers, frozen at close', () => {
  it('a roll-call vote is live while open and keeps its close\'s counts whatever is edited afterwards', () => {
    const r = roomWithStrata();
    let conv = must(r.conv, command('vote.create', { sessionId: r.sessionId, proposalIds: [r.proposalId], secret: false, thresholdBp: 5000, basis: 'expressed', batch: false }));
    const voteId = Object.keys(conv.votes)[0]!;
    conv = must(conv, command('vote.open', { voteIds: [voteId] }));
    // The 17 members of 18-34 and 35-49 vote for, the 7 others against.
    r.ids.forEach((memberId, i) => (conv = must(conv, command('vote.cast', { voteId, choice: i < 17 ? 'for' : 'against' }), member(conv, memberId))));
    const live = resultByStratum(conv, { kind: 'vote', id: voteId })!;
    expect(live).toMatchObject({ total: 24, attributed: 24, final: false });
    expect(live.cells.ageBracket).toEqual({ '18-34': [9, 0, 0], '35-49': [8, 0, 0], [OTHER_VALUES]: [0, 7, 0] });
    const closed = run(conv, command('vote.close', { voteIds: [voteId] }));
    // The close's event carries the merged counts (replay and an erasure's rewrite read them there).
    expect(closed.events[0]).toMatchObject({ type: 'VotesClosed', byStratum: { [voteId]: live.cells } });
    conv = closed.state;
    const final = resultByStratum(conv, { kind: 'vote', id: voteId })!;
    expect(final).toEqual({ ...live, final: true });
    // Every member of 18-34 said afterwards to be 65+: the closed result does not move.
    for (const memberId of r.ids.slice(0, 9)) conv = must(conv, command('member.update', { memberId, name: conv.members[memberId]!.name, attributes: { ageBracket: '65+', gender: 'F' } }));
    expect(resultByStratum(conv, { kind: 'vote', id: voteId })).toEqual(final);
  });

  it.each([
    { kind: 'single' as const, answer: (i: number) => ({ kind: 'choices' as const, optionIds: [i < 9 ? 'o1' : 'o2'] }), width: 2 },
    { kind: 'multiple' as const, answer: (i: number) => ({ kind: 'choices' as const, optionIds: i < 9 ? ['o1', 'o2'] : ['o2'] }), width: 2 },
    { kind: 'scale' as const, answer: (i: number) => ({ kind: 'scale' as const, value: i < 9 ? 1 : 5 }), width: 5 },
  ])('a $kind poll: live while open, frozen at close, live again when reopened', ({ kind, answer, width }) => {
    const r = roomWithStrata();
    const format = kind === 'scale' ? { kind, min: 1, max: 5, minLabel: 'Non', maxLabel: 'Oui' } : kind === 'multiple' ? { kind, options: ['Bus', 'Vélo'], maxChoices: null } : { kind, options: ['Bus', 'Vélo'] };
    let conv = must(r.conv, command('poll.create', { sessionId: r.sessionId, agendaItemId: null, question: 'Comment venez-vous ?', format, live: false }));
    const pollId = Object.keys(conv.polls)[0]!;
    expect(resultByStratum(conv, { kind: 'poll', id: pollId })).toBeNull();
    conv = must(conv, command('poll.launch', { sessionId: r.sessionId, pollId }));
    r.ids.forEach((memberId, i) => (conv = must(conv, command('poll.answer', { pollId, answer: answer(i) }), member(conv, memberId))));
    const live = resultByStratum(conv, { kind: 'poll', id: pollId })!;
    expect(live).toMatchObject({ total: 24, attributed: 24, final: false });
    // 18-34 (the first nine) answered one way, everyone else the other; sizes count members, not cells.
    const first = new Array<number>(width).fill(0);
    const others = new Array<number>(width).fill(0);
    for (const c of kind === 'scale' ? [0] : kind === 'multiple' ? [0, 1] : [0]) first[c] = 9;
    for (const c of kind === 'scale' ? [4] : [1]) others[c] = 8;
    expect(live.cells.ageBracket!['18-34']).toEqual(first);
    expect(live.cells.ageBracket!['35-49']).toEqual(others);
    expect(live.sizes.ageBracket).toEqual({ '18-34': 9, '35-49': 8, [OTHER_VALUES]: 7 });
    conv = must(conv, command('poll.close', { pollId }));
    expect(resultByStratum(conv, { kind: 'poll', id: pollId })).toEqual({ ...live, final: true });
    for (const memberId of r.ids.slice(0, 9)) conv = must(conv, command('member.update', { memberId, name: conv.members[memberId]!.name, attributes: { ageBracket: '65+' } }));
    expect(resultByStratum(conv, { kind: 'poll', id: pollId })).toEqual({ ...live, final: true });
    // Opened again, it is counted live again, with the strata the roster gives now (9 + 3 are 65+).
    conv = must(conv, command('poll.reopen', { pollId }));
    expect(resultByStratum(conv, { kind: 'poll', id: pollId })!.sizes.ageBracket).toEqual({ '65+': 12, [OTHER_VALUES]: 12 });
  });

  it('a word poll and an activity opened before any attribute was reported have no result per stratum', () => {
    const r = roomWithStrata();
    let conv = must(r.conv, command('poll.create', { sessionId: r.sessionId, agendaItemId: null, question: 'Un mot ?', format: { kind: 'words' }, live: false }));
    const pollId = Object.keys(conv.polls)[0]!;
    conv = must(conv, command('poll.launch', { sessionId: r.sessionId, pollId }));
    expect(resultByStratum(conv, { kind: 'poll', id: pollId })).toBeNull();
    conv = must({ ...conv, strata: { reported: [], custom: [], targets: {} } }, command('vote.create', { sessionId: r.sessionId, proposalIds: [r.proposalId], secret: false, thresholdBp: 5000, basis: 'expressed', batch: false }));
    const voteId = Object.keys(conv.votes)[0]!;
    conv = must(conv, command('vote.open', { voteIds: [voteId] }));
    expect(conv.votes[voteId]!.strataAttributes).toBeUndefined();
    conv = must(conv, command('vote.cast', { voteId, choice: 'for' }), member(conv, r.ids[0]!));
    expect(resultByStratum(conv, { kind: 'vote', id: voteId })).toBeNull();
  });
});
