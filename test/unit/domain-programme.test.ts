import { describe, expect, it } from 'vitest';
import type { Command } from '../../shared/registry.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { groupOf, groupsOf } from '../../shared/features/core/seating.ts';
import { HOLDING_KINDS, type HoldingKind } from '../../shared/features/core/sessions.ts';
import { command, conventionWith, deepFreeze, must, run } from '../helpers/domain-fixtures.ts';

// Issue 12, item 2: the programme edited from the console. The convention's name, dates and
// place; sessions reordered and removed (never one that holds something); groups of about 20
// beside the tables; members who leave (with a reason) and their replacements; a phone that
// keeps its seat from one session to the next (seat.resume).

const s = (conv: Convention, i: number) => conv.sessionOrder[i]!;
const m = (conv: Convention, i: number) => conv.memberOrder[i]!;
const member = (conv: Convention, i: number): { role: 'member'; conventionId: string; memberId: string } => ({ role: 'member', conventionId: conv.id, memberId: m(conv, i) });

/** A refusal: the code, the details, and nothing changed. */
function refused(conv: Convention, cmd: Command, code: string, actor?: Parameters<typeof run>[2]) {
  const frozen = deepFreeze(conv);
  const result = run(frozen, cmd, actor);
  expect(result.error?.code).toBe(code);
  expect(result.events).toEqual([]);
  expect(result.state).toBe(frozen);
  return result.error!;
}

describe('convention.update', () => {
  it('sets the name, dates and place together', () => {
    const conv = must(conventionWith(), command('convention.update', { name: '  Convention de Grenoble ', startDate: '2026-03-07', endDate: '2026-06-14', place: ' Grenoble, Hôtel de ville ' }));
    expect([conv.name, conv.startDate, conv.endDate, conv.place]).toEqual(['Convention de Grenoble', '2026-03-07', '2026-06-14', 'Grenoble, Hôtel de ville']);
  });

  it('dates may stay unset, and a place may be cleared', () => {
    let conv = must(conventionWith(), command('convention.update', { name: 'C', startDate: '2026-03-07', endDate: '2026-03-08', place: 'Brest' }));
    conv = must(conv, command('convention.update', { name: 'C', startDate: null, endDate: null, place: '' }));
    expect([conv.startDate, conv.endDate, conv.place]).toEqual([null, null, '']);
  });

  it('ending before it starts -> INVALID_DATES', () => {
    refused(conventionWith(), command('convention.update', { name: 'C', startDate: '2026-06-14', endDate: '2026-03-07', place: '' }), 'INVALID_DATES');
  });
});

describe('session.move', () => {
  it.each([
    [2, 0, [2, 0, 1]],
    [0, 2, [1, 2, 0]],
    [0, 99, [1, 2, 0]],
    [1, 0, [1, 0, 2]],
  ])('session %i to index %i', (from, index, order) => {
    const conv = conventionWith({ sessions: 3 });
    const moved = must(conv, command('session.move', { sessionId: s(conv, from), index }));
    expect(moved.sessionOrder).toEqual(order.map((i) => s(conv, i)));
  });

  it('to where it already is: nothing decided', () => {
    const conv = conventionWith({ sessions: 3 });
    expect(run(conv, command('session.move', { sessionId: s(conv, 1), index: 1 })).events).toEqual([]);
  });

  it('unknown session -> NOT_FOUND', () => {
    refused(conventionWith(), command('session.move', { sessionId: 'nope', index: 0 }), 'NOT_FOUND');
  });
});

/** What each kind of holding takes: the commands that record one in session 2 (planned, never opened unless needed). */
const HOLDINGS: Record<HoldingKind, (conv: Convention, sessionId: string) => Convention> = {
  presence: (c, sid) => must(c, command('presence.mark', { sessionId: sid, memberIds: [m(c, 0)], present: true })),
  rankings: (c, sid) => must(c, command('ranking.create', { sessionId: sid, title: 'Classement', tableIds: [], silentRound: false })),
  votes: (c, sid) => must(withProposal(c), command('vote.create', { sessionId: sid, proposalIds: [proposalOf(withProposal(c))], secret: true, thresholdBp: 5000, basis: 'expressed', batch: false })),
  checks: (c, sid) => must(withProposal(c), command('consensus.create', { sessionId: sid, title: 'Consensus', proposalIds: [proposalOf(withProposal(c))], mode: 'plenary', levels: null, allowUnsure: true, live: false })),
  gradings: (c, sid) => must(withProposal(c), command('grading.create', { sessionId: sid, title: 'Hiérarchie', proposalIds: [proposalOf(withProposal(c))] })),
  polls: (c, sid) => must(c, command('poll.create', { sessionId: sid, agendaItemId: null, question: 'Un mot ?', format: { kind: 'words' }, live: false })),
  visions: (c, sid) => must(c, command('vision.create', { sessionId: sid, title: 'Vision 2050', prompt: 'Le territoire en 2050.', tableIds: [] })),
  questionRounds: (c, sid) => must(c, command('question.round.create', { sessionId: sid, title: 'Questions', agendaItemId: null, premoderation: false, allowAnonymous: true })),
  speedMeetings: (c, sid) => must(c, command('speed.create', { sessionId: sid })),
};

const proposals = new WeakMap<Convention, Convention>();
function withProposal(conv: Convention): Convention {
  let next = proposals.get(conv);
  if (!next) {
    next = must(conv, command('proposal.enter', { title: 'Action 1', text: 'Action 1, en détail.', leverId: conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    proposals.set(conv, next);
  }
  return next;
}
const proposalOf = (conv: Convention) => conv.proposalOrder[0]!;

describe('session.remove', () => {
  it('a planned session holding nothing (agenda, tables and groups are its plan) is removed, and only it', () => {
    let conv = conventionWith({ sessions: 3 });
    const sid = s(conv, 1);
    conv = must(conv, command('agenda.add', { sessionId: sid, title: 'Accueil', kind: 'talk', durationMin: 15 }));
    conv = must(conv, command('tables.create', { sessionId: sid, count: 3 }));
    conv = must(conv, command('groups.create', { sessionId: sid, count: 2 }));
    const removed = must(conv, command('session.remove', { sessionId: sid }));
    expect(removed.sessionOrder).toEqual([s(conv, 0), s(conv, 2)]);
    expect(removed.sessions[sid]).toBeUndefined();
    expect(removed.sessions[s(conv, 0)]).toBe(conv.sessions[s(conv, 0)]);
  });

  it('a closed session that holds nothing may go too', () => {
    let conv = conventionWith({ sessions: 2 });
    conv = must(conv, command('session.open', { sessionId: s(conv, 1) }));
    conv = must(conv, command('session.close', { sessionId: s(conv, 1) }));
    expect(must(conv, command('session.remove', { sessionId: s(conv, 1) })).sessionOrder).toEqual([s(conv, 0)]);
  });

  it('the table covers every kind of holding', () => {
    expect(Object.keys(HOLDINGS).sort()).toEqual([...HOLDING_KINDS].sort());
  });

  it.each([...HOLDING_KINDS])('a session holding %s -> SESSION_HAS_RESULTS naming it', (kind) => {
    const base = conventionWith({ sessions: 2 });
    const sid = s(base, 1);
    const conv = HOLDINGS[kind](base, sid);
    const error = refused(conv, command('session.remove', { sessionId: sid }), 'SESSION_HAS_RESULTS');
    expect(error.details).toEqual({ title: 'Week-end 2', holds: { [kind]: 1 } });
    // The other session, which holds nothing, can still go.
    expect(run(conv, command('session.remove', { sessionId: s(base, 0) })).error).toBeNull();
  });

  it('counts each kind it holds', () => {
    let conv = conventionWith({ sessions: 1 });
    const sid = s(conv, 0);
    conv = HOLDINGS.polls(HOLDINGS.polls(conv, sid), sid);
    conv = HOLDINGS.presence(conv, sid);
    expect(refused(conv, command('session.remove', { sessionId: sid }), 'SESSION_HAS_RESULTS').details).toEqual({ title: 'Week-end 1', holds: { polls: 2, presence: 1 } });
  });

  it('the live session -> SESSION_IS_LIVE, even empty', () => {
    let conv = conventionWith({ sessions: 2 });
    conv = must(conv, command('session.open', { sessionId: s(conv, 1) }));
    refused(conv, command('session.remove', { sessionId: s(conv, 1) }), 'SESSION_IS_LIVE');
  });

  it('unknown session -> NOT_FOUND', () => {
    refused(conventionWith(), command('session.remove', { sessionId: 'nope' }), 'NOT_FOUND');
  });
});

describe('groups, beside the tables', () => {
  function room(): Convention {
    let conv = conventionWith({ sessions: 1 });
    conv = must(conv, command('presence.mark', { sessionId: s(conv, 0), memberIds: conv.memberOrder.slice(0, 5), present: true }));
    return conv;
  }

  it('create N empty groups named Groupe 1..N, leaving the tables alone', () => {
    let conv = must(room(), command('tables.create', { sessionId: s(room(), 0), count: 2 }));
    const tables = conv.sessions[s(conv, 0)]!.tables;
    conv = must(conv, command('groups.create', { sessionId: s(conv, 0), count: 3 }));
    const session = conv.sessions[s(conv, 0)]!;
    expect(groupsOf(session).map((g) => [g.name, g.memberIds])).toEqual([['Groupe 1', []], ['Groupe 2', []], ['Groupe 3', []]]);
    expect(session.tables).toBe(tables);
  });

  it('deal the present active members at random, sizes differing by one at most, balanced on an attribute', () => {
    let conv = room();
    conv = must(conv, command('groups.create', { sessionId: s(conv, 0), count: 2 }));
    conv = must(conv, command('groups.assignRandom', { sessionId: s(conv, 0), balanceOn: 'gender' }));
    const groups = groupsOf(conv.sessions[s(conv, 0)]!);
    expect(groups.flatMap((g) => g.memberIds).sort()).toEqual(conv.memberOrder.slice(0, 5).sort());
    expect(groups.map((g) => g.memberIds.length).sort()).toEqual([2, 3]);
    // Three women and two men among the five present: each group has at least one of each.
    for (const g of groups) expect(new Set(g.memberIds.map((id) => conv.members[id]!.attributes.gender)).size).toBe(2);
    expect(conv.sessions[s(conv, 0)]!.tables).toEqual([]);
  });

  it('seat one member, move them, take them out; rename', () => {
    let conv = must(room(), command('groups.create', { sessionId: s(room(), 0), count: 2 }));
    const [g1, g2] = groupsOf(conv.sessions[s(conv, 0)]!).map((g) => g.id) as [string, string];
    conv = must(conv, command('groups.seat', { sessionId: s(conv, 0), memberId: m(conv, 0), groupId: g1 }));
    expect(groupOf(conv.sessions[s(conv, 0)]!, m(conv, 0))?.id).toBe(g1);
    conv = must(conv, command('groups.seat', { sessionId: s(conv, 0), memberId: m(conv, 0), groupId: g2 }));
    expect(groupsOf(conv.sessions[s(conv, 0)]!).map((g) => g.memberIds)).toEqual([[], [m(conv, 0)]]);
    conv = must(conv, command('groups.seat', { sessionId: s(conv, 0), memberId: m(conv, 0), groupId: null }));
    expect(groupOf(conv.sessions[s(conv, 0)]!, m(conv, 0))).toBeNull();
    conv = must(conv, command('groups.rename', { sessionId: s(conv, 0), groupId: g2, name: 'Les Chênes' }));
    expect(groupsOf(conv.sessions[s(conv, 0)]!)[1]!.name).toBe('Les Chênes');
  });

  it.each([
    ['deal without groups', 'NO_GROUPS', (c: Convention) => command('groups.assignRandom', { sessionId: s(c, 0), balanceOn: null })],
    ['seat in an unknown group', 'NOT_FOUND', (c: Convention) => command('groups.seat', { sessionId: s(c, 0), memberId: m(c, 0), groupId: 'nope' })],
    ['seat an unknown member', 'NOT_FOUND', (c: Convention) => command('groups.seat', { sessionId: s(c, 0), memberId: 'nope', groupId: null })],
    ['rename an unknown group', 'NOT_FOUND', (c: Convention) => command('groups.rename', { sessionId: s(c, 0), groupId: 'nope', name: 'x' })],
    ['create in an unknown session', 'NOT_FOUND', () => command('groups.create', { sessionId: 'nope', count: 2 })],
  ])('%s -> %s', (_name, code, build) => {
    const conv = room();
    refused(conv, build(conv), code);
  });

  it('deal with nobody present -> NO_PRESENT_MEMBERS', () => {
    let conv = conventionWith({ sessions: 1 });
    conv = must(conv, command('groups.create', { sessionId: s(conv, 0), count: 2 }));
    refused(conv, command('groups.assignRandom', { sessionId: s(conv, 0), balanceOn: null }), 'NO_PRESENT_MEMBERS');
  });
});

describe('members who leave, and their replacements', () => {
  it('deactivation keeps the reason and the phone token it signed out; reactivation forgets both', () => {
    let conv = conventionWith({ sessions: 1 });
    conv = must(conv, command('seat.claim', { sessionCode: conv.sessions[s(conv, 0)]!.code, seatCode: conv.members[m(conv, 0)]!.seatCode }), { role: 'visitor', conventionId: conv.id, tokenHash: 'hash-0' });
    conv = must(conv, command('member.setActive', { memberId: m(conv, 0), active: false, reason: ' Déménagement ' }));
    expect(conv.members[m(conv, 0)]).toMatchObject({ active: false, tokenHash: null, left: { reason: 'Déménagement', tokenHash: 'hash-0' } });
    // A new reason only: the token signed out is still known.
    conv = must(conv, command('member.setActive', { memberId: m(conv, 0), active: false, reason: 'Raisons de santé' }));
    expect(conv.members[m(conv, 0)]!.left).toEqual({ reason: 'Raisons de santé', tokenHash: 'hash-0' });
    expect(run(conv, command('member.setActive', { memberId: m(conv, 0), active: false, reason: 'Raisons de santé' })).events).toEqual([]);
    conv = must(conv, command('member.setActive', { memberId: m(conv, 0), active: true }));
    expect(conv.members[m(conv, 0)]!.active).toBe(true);
    expect('left' in conv.members[m(conv, 0)]!).toBe(false);
  });

  it('a replacement links to the member who left and gets a seat code of their own', () => {
    let conv = must(conventionWith(), command('member.setActive', { memberId: m(conventionWith(), 1), active: false, reason: '' }));
    const result = run(conv, command('member.add', { name: 'Inès Moreau', replaces: m(conv, 1) }));
    expect(result.error).toBeNull();
    conv = result.state;
    const added = conv.members[conv.memberOrder.at(-1)!]!;
    expect(added).toMatchObject({ name: 'Inès Moreau', replaces: m(conv, 1), active: true });
    expect(result.data).toEqual({ memberId: added.id, seatCode: added.seatCode });
    expect(added.seatCode).not.toBe(conv.members[m(conv, 1)]!.seatCode);
  });

  it.each([
    ['a member still active', 'MEMBER_STILL_ACTIVE', (c: Convention) => m(c, 2)],
    ['a member already replaced', 'MEMBER_ALREADY_REPLACED', (c: Convention) => m(c, 1)],
    ['an unknown member', 'NOT_FOUND', () => 'nope'],
  ])('replacing %s -> %s', (_name, code, target) => {
    let conv = must(conventionWith(), command('member.setActive', { memberId: m(conventionWith(), 1), active: false, reason: 'Départ' }));
    conv = must(conv, command('member.add', { name: 'Inès Moreau', replaces: m(conv, 1) }));
    refused(conv, command('member.add', { name: 'Autre', replaces: target(conv) }), code);
  });
});

describe('seat.resume: one seat for the whole convention', () => {
  function twoSessions(): Convention {
    let conv = conventionWith({ sessions: 2 });
    conv = must(conv, command('session.open', { sessionId: s(conv, 0) }));
    conv = must(conv, command('seat.claim', { sessionCode: conv.sessions[s(conv, 0)]!.code, seatCode: conv.members[m(conv, 0)]!.seatCode }), { role: 'visitor', conventionId: conv.id, tokenHash: 'hash-0' });
    conv = must(conv, command('session.close', { sessionId: s(conv, 0) }));
    return must(conv, command('session.open', { sessionId: s(conv, 1) }));
  }

  it('opening the live session’s code marks the member present there, with the same token', () => {
    const conv = twoSessions();
    const result = run(conv, command('seat.resume', { sessionCode: conv.sessions[s(conv, 1)]!.code.toLowerCase() }), member(conv, 0));
    expect(result.error).toBeNull();
    expect(result.data).toEqual({ memberId: m(conv, 0), sessionId: s(conv, 1), sessionCode: conv.sessions[s(conv, 1)]!.code });
    expect(result.state.sessions[s(conv, 1)]!.present[m(conv, 0)]).toBe(true);
    expect(result.state.members[m(conv, 0)]!.tokenHash).toBe('hash-0');
    // Once present, opening it again decides nothing.
    expect(run(result.state, command('seat.resume', { sessionCode: conv.sessions[s(conv, 1)]!.code }), member(conv, 0)).events).toEqual([]);
  });

  it('a session that is not live: found, nobody marked present', () => {
    const conv = twoSessions();
    const result = run(conv, command('seat.resume', { sessionCode: conv.sessions[s(conv, 0)]!.code }), member(conv, 0));
    expect(result.data).toEqual({ memberId: m(conv, 0), sessionId: s(conv, 0), sessionCode: conv.sessions[s(conv, 0)]!.code });
    expect(result.events).toEqual([]);
  });

  it('without a code (the home page): the live session, marked present; none live -> SESSION_NOT_LIVE', () => {
    const conv = twoSessions();
    const result = run(conv, command('seat.resume', { sessionCode: null }), member(conv, 0));
    expect(result.data).toEqual({ memberId: m(conv, 0), sessionId: s(conv, 1), sessionCode: conv.sessions[s(conv, 1)]!.code });
    expect(result.state.sessions[s(conv, 1)]!.present[m(conv, 0)]).toBe(true);
    const closed = must(conv, command('session.close', { sessionId: s(conv, 1) }));
    refused(closed, command('seat.resume', { sessionCode: null }), 'SESSION_NOT_LIVE', member(conv, 0));
  });

  it('an unknown code -> SESSION_CODE_UNKNOWN; the facilitator may not -> FORBIDDEN', () => {
    const conv = twoSessions();
    refused(conv, command('seat.resume', { sessionCode: 'ZZZZZZ' }), 'SESSION_CODE_UNKNOWN', member(conv, 0));
    refused(conv, command('seat.resume', { sessionCode: conv.sessions[s(conv, 1)]!.code }), 'FORBIDDEN');
  });
});
