import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { commandRoles, commandSchemas, evolve } from '../../shared/registry.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import { proposalSchemas } from '../../shared/features/proposals/commands.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import type { Proposal, ProposalStatus } from '../../shared/features/proposals/types.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import { memberProposals, publicProposals } from '../../shared/features/proposals/views.ts';
import { apply, command, deepFreeze, must, roomFixture, run } from '../helpers/domain-fixtures.ts';

// The rules of proposals (shared/features/proposals/decide.ts): versions, conflicts, statuses, merges,
// who may do what. Each table row is one command on a known state, with its expected outcome.

// roomFixture: session 1 live, table A = m0 and m2, table B = m1 and m3; m4 and m5 not seated.
const room = () => deepFreeze(roomFixture());
const ids = (conv: Convention) => conv.memberOrder as [string, string, string, string, string, string];
const member = (conv: Convention, memberId: string): Actor => ({ role: 'member', conventionId: conv.id, memberId });
const facilitator = (conv: Convention): Actor => ({ role: 'facilitator', conventionId: conv.id });
const support = (conv: Convention): Actor => ({ role: 'support', conventionId: conv.id });
const lastProposal = (conv: Convention): Proposal => conv.proposals[conv.proposalOrder.at(-1)!]!;

type Who = 'author' | 'tableMate' | 'otherTable' | 'unseated' | 'facilitator' | 'support';
function actorFor(conv: Convention, who: Who): Actor {
  const [m0, m1, m2, , m4] = ids(conv);
  switch (who) {
    case 'author':
      return member(conv, m0);
    case 'tableMate':
      return member(conv, m2);
    case 'otherTable':
      return member(conv, m1);
    case 'unseated':
      return member(conv, m4);
    case 'facilitator':
      return facilitator(conv);
    case 'support':
      return support(conv);
  }
}

/** m0 writes a proposal at table A, submitted or kept as a draft, then optionally moved to a status. */
function withProposal(options: { submit?: boolean; status?: Exclude<ProposalStatus, 'merged' | 'draft'> } = {}): { conv: Convention; p: Proposal } {
  let conv = room();
  conv = must(conv, command('proposal.create', { title: 'Plus de bus le soir', text: 'Le dernier bus part à 20 h.', leverId: conv.levers[2]!.id, submit: options.submit ?? true }), member(conv, ids(conv)[0]));
  if (options.status) conv = must(conv, command('proposal.setStatus', { proposalIds: [lastProposal(conv).id], status: options.status }));
  return { conv: deepFreeze(conv), p: lastProposal(conv) };
}

const code = (error: { code: ErrorCode } | null) => error?.code ?? 'ok';

describe('proposal.create', () => {
  it('a member’s draft belongs to the member and the member’s table, version 1, origin phone', () => {
    const conv = room();
    const [m0] = ids(conv);
    const leverId = conv.levers[2]!.id;
    const { events, state, data, error } = run(conv, command('proposal.create', { title: '  Plus de bus le soir ', text: 'Le dernier bus part à 20 h.', leverId, submit: false }), member(conv, m0));
    expect(error).toBeNull();
    const p = lastProposal(state);
    expect(events).toEqual([{ type: 'ProposalsAdded', proposals: [p] }]);
    expect(data).toEqual({ proposalId: p.id, number: 1 });
    const table = conv.sessions[conv.liveSessionId!]!.tables.find((t) => t.memberIds.includes(m0))!;
    expect(p).toMatchObject({ number: 1, title: 'Plus de bus le soir', status: 'draft', version: 1, authorIds: [m0], tableId: table.id, mergedInto: null, importKey: null });
    expect(p.origins).toEqual([{ channel: 'phone', reference: '', receivedAt: expect.any(Number) }]);
    expect(p.versions).toEqual([{ version: 1, title: p.title, text: p.text, leverId, by: { kind: 'member', memberId: m0 }, at: expect.any(Number) }]);
    expect(p.history).toEqual([{ kind: 'created', by: { kind: 'member', memberId: m0 }, at: p.versions[0]!.at, origin: p.origins[0] }]);
    // A draft is the author's alone.
    expect(publicProposals(state)).toEqual([]);
    expect(memberProposals(state, m0).drafts.map((d) => d.id)).toEqual([p.id]);
    expect(memberProposals(state, ids(conv)[2]).drafts).toEqual([]);
  });

  it.each([
    ['submit: true', { submit: true }, 'ok', 'submitted'],
    ['unknown lever', { leverId: 'nope' }, 'UNKNOWN_LEVER', null],
  ] as const)('%s', (_name, change, expected, status) => {
    const conv = room();
    const args = { title: 'Plus de bus', text: 'Le soir.', leverId: conv.levers[0]!.id, submit: false, ...change };
    const { error, state } = run(conv, command('proposal.create', args), member(conv, ids(conv)[0]));
    expect(code(error)).toBe(expected);
    if (status) expect(lastProposal(state).status).toBe(status);
    else expect(state).toBe(conv);
  });

  it('between sessions, a proposal has no table', () => {
    let conv = roomFixture();
    conv = must(conv, command('session.close', { sessionId: conv.liveSessionId! }));
    conv = must(conv, command('proposal.create', { title: 'Plus de bus', text: 'Le soir.', leverId: conv.levers[0]!.id, submit: true }), member(conv, ids(conv)[0]));
    expect(lastProposal(conv).tableId).toBeNull();
  });

  it('numbers follow the order received', () => {
    let conv = room();
    for (const memberId of ids(conv).slice(0, 3)) conv = must(conv, command('proposal.create', { title: 'Une idée', text: 'x', leverId: conv.levers[0]!.id, submit: true }), member(conv, memberId));
    expect(conv.proposalOrder.map((id) => conv.proposals[id]!.number)).toEqual([1, 2, 3]);
  });
});

describe('proposal.enter (mail, paper, platform)', () => {
  it('is submitted with its origin and authors', () => {
    const conv = room();
    const [m0, m1] = ids(conv);
    const { state, error } = run(conv, command('proposal.enter', { title: 'Des bus la nuit', text: 'Comme à Lyon.', leverId: conv.levers[2]!.id, channel: 'mail', reference: ' C-2022-014 ', authorIds: [m1, m0, m1], receivedAt: '2022-06-14' }));
    expect(error).toBeNull();
    const p = lastProposal(state);
    expect(p).toMatchObject({ status: 'submitted', authorIds: [m1, m0], tableId: null, origins: [{ channel: 'mail', reference: 'C-2022-014', receivedAt: Date.UTC(2022, 5, 14, 12) }] });
    expect(p.versions[0]!.by).toEqual({ kind: 'facilitator' });
  });

  it.each([
    ['unknown lever', { leverId: 'nope' }, 'UNKNOWN_LEVER'],
    ['unknown author', { authorIds: ['ghost'] }, 'NOT_FOUND'],
  ])('%s', (_name, change, expected) => {
    const conv = room();
    const args = { title: 'Des bus la nuit', text: 'x', leverId: conv.levers[2]!.id, channel: 'paper' as const, reference: '', authorIds: [], receivedAt: null, ...change };
    expect(code(run(conv, command('proposal.enter', args)).error)).toBe(expected);
  });
});

describe('proposal.edit: who may edit, and in which status', () => {
  it.each<[Who, Exclude<ProposalStatus, 'merged'>, string]>([
    ['author', 'submitted', 'ok'],
    ['tableMate', 'submitted', 'ok'],
    ['facilitator', 'submitted', 'ok'],
    ['otherTable', 'submitted', 'NOT_ALLOWED_TO_EDIT'],
    ['unseated', 'submitted', 'NOT_ALLOWED_TO_EDIT'],
    ['support', 'submitted', 'FORBIDDEN'], // not in proposal.edit's roles: the engine refuses it before the rules
    ['author', 'draft', 'ok'],
    ['author', 'under_study', 'ok'],
    ['author', 'ready_for_vote', 'PROPOSAL_CLOSED'],
    ['tableMate', 'adopted', 'PROPOSAL_CLOSED'],
    ['author', 'rejected', 'PROPOSAL_CLOSED'],
    ['author', 'withdrawn', 'PROPOSAL_CLOSED'],
    ['facilitator', 'ready_for_vote', 'ok'],
    ['facilitator', 'withdrawn', 'ok'],
    ['otherTable', 'ready_for_vote', 'NOT_ALLOWED_TO_EDIT'],
  ])('%s on a %s proposal: %s', (who, status, expected) => {
    const { conv, p } = status === 'draft' ? withProposal({ submit: false }) : withProposal({ status: status === 'submitted' ? undefined : status });
    const result = run(conv, command('proposal.edit', { proposalId: p.id, title: 'Des bus jusqu’à minuit', text: p.text, leverId: p.leverId, baseVersion: 1 }), actorFor(conv, who));
    expect(code(result.error)).toBe(expected);
    if (expected === 'ok') {
      const edited = result.state.proposals[p.id]!;
      expect(edited).toMatchObject({ title: 'Des bus jusqu’à minuit', version: 2, status: p.status });
      expect(edited.versions.map((x) => [x.version, x.title])).toEqual([
        [1, 'Plus de bus le soir'],
        [2, 'Des bus jusqu’à minuit'],
      ]);
      expect(edited.history.at(-1)).toEqual({ kind: 'edited', by: edited.versions[1]!.by, at: edited.versions[1]!.at, version: 2 });
    } else {
      expect(result.state).toBe(conv);
      expect(result.decision).toEqual({ ok: false, error: result.error });
    }
  });

  it.each([
    ['unknown proposal', { proposalId: 'nope' }, 'NOT_FOUND'],
    ['unknown lever', { leverId: 'nope' }, 'UNKNOWN_LEVER'],
  ])('%s', (_name, change, expected) => {
    const { conv, p } = withProposal();
    const args = { proposalId: p.id, title: 'Autre titre', text: p.text, leverId: p.leverId, baseVersion: 1, ...change };
    expect(code(run(conv, command('proposal.edit', args), actorFor(conv, 'author')).error)).toBe(expected);
  });

  it('an edit that changes nothing is accepted without a new version', () => {
    const { conv, p } = withProposal();
    const result = run(conv, command('proposal.edit', { proposalId: p.id, title: p.title, text: p.text, leverId: p.leverId, baseVersion: 1 }), actorFor(conv, 'author'));
    expect(result).toMatchObject({ error: null, events: [], data: { version: 1 } });
    expect(result.state).toBe(conv);
  });

  it('moving a proposal to another lever is a new version', () => {
    const { conv, p } = withProposal();
    const state = must(conv, command('proposal.edit', { proposalId: p.id, title: p.title, text: p.text, leverId: conv.levers[4]!.id, baseVersion: 1 }), actorFor(conv, 'tableMate'));
    expect(state.proposals[p.id]).toMatchObject({ leverId: conv.levers[4]!.id, version: 2 });
    expect(state.proposals[p.id]!.versions[0]!.leverId).toBe(p.leverId);
  });
});

describe('proposal.edit: concurrent edits', () => {
  it('the edit on the current version wins; the stale one gets CONFLICT with the current text, and both are in the history', () => {
    const { conv, p } = withProposal();
    const [m0, , m2] = ids(conv);
    // Both phones saw version 1. The author's edit is decided first.
    const first = run(conv, command('proposal.edit', { proposalId: p.id, title: 'Des bus jusqu’à minuit', text: p.text, leverId: p.leverId, baseVersion: 1 }), member(conv, m0));
    expect(first.data).toEqual({ version: 2 });
    const second = run(first.state, command('proposal.edit', { proposalId: p.id, title: 'Des bus toute la nuit', text: 'Même le dimanche.', leverId: p.leverId, baseVersion: 1 }), member(conv, m2));
    expect(second.error).toEqual({
      code: 'CONFLICT',
      message: expect.any(String),
      details: { current: { version: 2, title: 'Des bus jusqu’à minuit', text: p.text, leverId: p.leverId } },
    });
    // Refused, nothing changes in the text; but the attempt is recorded for the history.
    expect(second.state).toBe(first.state);
    const decision = second.decision as { ok: false; record?: DomainEvent[] };
    expect(decision.record).toEqual([{ type: 'ProposalEditRefused', proposalId: p.id, by: { kind: 'member', memberId: m2 }, at: expect.any(Number), baseVersion: 1 }]);
    const recorded = apply(first.state, decision.record!);
    const after = recorded.proposals[p.id]!;
    expect(after).toMatchObject({ title: 'Des bus jusqu’à minuit', version: 2 });
    expect(after.versions).toHaveLength(2);
    expect(after.history.map((h) => h.kind)).toEqual(['created', 'edited', 'edit_refused']);
    expect(after.history[2]).toEqual({ kind: 'edit_refused', by: { kind: 'member', memberId: m2 }, at: expect.any(Number), baseVersion: 1, currentVersion: 2 });
    // The loser edits again on the current version: accepted.
    const retry = run(recorded, command('proposal.edit', { proposalId: p.id, title: 'Des bus toute la nuit', text: 'Même le dimanche.', leverId: p.leverId, baseVersion: 2 }), member(conv, m2));
    expect(retry.data).toEqual({ version: 3 });
  });

  it('a refusal for another reason records nothing', () => {
    const { conv, p } = withProposal();
    const result = run(conv, command('proposal.edit', { proposalId: p.id, title: 'x y z', text: p.text, leverId: p.leverId, baseVersion: 7 }), actorFor(conv, 'otherTable'));
    expect(result.error?.code).toBe('NOT_ALLOWED_TO_EDIT');
    expect(result.decision).toEqual({ ok: false, error: result.error });
  });

  it('an edit based on a future version is a conflict too', () => {
    const { conv, p } = withProposal();
    expect(code(run(conv, command('proposal.edit', { proposalId: p.id, title: 'x y z', text: p.text, leverId: p.leverId, baseVersion: 5 }), actorFor(conv, 'author')).error)).toBe('CONFLICT');
  });
});

describe('proposal.submit and proposal.withdraw', () => {
  it.each<[string, { submit: boolean; status?: Exclude<ProposalStatus, 'merged' | 'draft'> }, Who, string, ProposalStatus | null]>([
    ['the author submits a draft', { submit: false }, 'author', 'ok', 'submitted'],
    ['submitting twice changes nothing', { submit: true }, 'author', 'ok', null],
    ['a withdrawn proposal is not resubmitted', { submit: true, status: 'withdrawn' }, 'author', 'PROPOSAL_CLOSED', null],
    ['a member of another table may not submit it', { submit: false }, 'otherTable', 'NOT_ALLOWED_TO_EDIT', null],
  ])('submit: %s', (_name, setup, who, expected, status) => {
    const { conv, p } = withProposal(setup);
    const result = run(conv, command('proposal.submit', { proposalId: p.id }), actorFor(conv, who));
    expect(code(result.error)).toBe(expected);
    if (status) {
      expect(result.state.proposals[p.id]!.status).toBe(status);
      expect(result.state.proposals[p.id]!.history.at(-1)).toEqual({ kind: 'status', by: { kind: 'member', memberId: ids(conv)[0] }, at: expect.any(Number), from: 'draft', to: 'submitted' });
      expect(publicProposals(result.state).map((x) => x.id)).toEqual([p.id]);
    } else expect(result.events).toEqual([]);
  });

  it.each<[string, Exclude<ProposalStatus, 'merged' | 'draft'> | undefined, Who, string]>([
    ['the author withdraws', undefined, 'author', 'ok'],
    ['the facilitator withdraws', undefined, 'facilitator', 'ok'],
    ['a table-mate who is not an author may not', undefined, 'tableMate', 'NOT_ALLOWED_TO_EDIT'],
    ['a member of another table may not', undefined, 'otherTable', 'NOT_ALLOWED_TO_EDIT'],
    ['withdrawn twice changes nothing', 'withdrawn', 'author', 'ok'],
    ['a proposal ready for the vote stays', 'ready_for_vote', 'author', 'PROPOSAL_CLOSED'],
    ['an adopted proposal stays', 'adopted', 'facilitator', 'PROPOSAL_CLOSED'],
  ])('withdraw: %s', (_name, status, who, expected) => {
    const { conv, p } = withProposal({ status });
    const result = run(conv, command('proposal.withdraw', { proposalId: p.id }), actorFor(conv, who));
    expect(code(result.error)).toBe(expected);
    if (expected === 'ok') expect(result.state.proposals[p.id]!.status).toBe('withdrawn');
  });
});

describe('proposal.setStatus (bulk, from the console)', () => {
  function three() {
    let conv = room();
    for (const [i, memberId] of ids(conv).slice(0, 3).entries()) {
      conv = must(conv, command('proposal.create', { title: `Idée ${i}`, text: 'x', leverId: conv.levers[i === 2 ? 1 : 0]!.id, submit: true }), member(conv, memberId));
    }
    return deepFreeze(conv);
  }

  it('sets every proposal of a lever ready for the vote in one event', () => {
    const conv = three();
    const lever0 = conv.proposalOrder.filter((id) => conv.proposals[id]!.leverId === conv.levers[0]!.id);
    const { events, state, data } = run(conv, command('proposal.setStatus', { proposalIds: lever0, status: 'ready_for_vote' }));
    expect(data).toEqual({ changed: 2 });
    expect(events).toEqual([{ type: 'ProposalStatusSet', proposalIds: lever0, status: 'ready_for_vote', by: { kind: 'facilitator' }, at: expect.any(Number) }]);
    expect(conv.proposalOrder.map((id) => state.proposals[id]!.status)).toEqual(['ready_for_vote', 'ready_for_vote', 'submitted']);
    expect(state.proposals[lever0[0]!]!.history.at(-1)).toMatchObject({ kind: 'status', from: 'submitted', to: 'ready_for_vote' });
  });

  it('skips proposals already in that status, repeated ids, and merged proposals', () => {
    let conv = three();
    const [p1, p2, p3] = conv.proposalOrder as [string, string, string];
    conv = must(conv, command('proposal.merge', { sourceId: p3, targetId: p1 }));
    conv = must(conv, command('proposal.setStatus', { proposalIds: [p2], status: 'under_study' }));
    const { events, data, state } = run(conv, command('proposal.setStatus', { proposalIds: [p1, p2, p2, p3], status: 'under_study' }));
    expect(data).toEqual({ changed: 1 });
    expect((events[0] as { proposalIds: string[] }).proposalIds).toEqual([p1]);
    expect(state.proposals[p3]!.status).toBe('merged');
    expect(run(state, command('proposal.setStatus', { proposalIds: [p1, p2], status: 'under_study' })).data).toEqual({ changed: 0 });
  });

  it('an unknown id refuses the whole command', () => {
    const conv = three();
    const result = run(conv, command('proposal.setStatus', { proposalIds: [conv.proposalOrder[0]!, 'nope'], status: 'adopted' }));
    expect(result.error).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'proposal' } });
    expect(result.state).toBe(conv);
  });

  it('merged is not a status one sets', () => {
    expect(v.safeParse(commandSchemas['proposal.setStatus'], { proposalIds: ['a'], status: 'merged' }).success).toBe(false);
  });
});

describe('proposal.merge', () => {
  function two() {
    let conv = room();
    const [m0, m1] = ids(conv);
    conv = must(conv, command('proposal.create', { title: 'Plus de bus le soir', text: 'Le dernier part à 20 h.', leverId: conv.levers[2]!.id, submit: true }), member(conv, m0));
    conv = must(conv, command('proposal.enter', { title: 'Des bus le soir', text: 'Le dernier part trop tôt.', leverId: conv.levers[2]!.id, channel: 'mail', reference: 'C-7', authorIds: [m1], receivedAt: '2022-06-14' }));
    return deepFreeze(conv);
  }

  it('the target keeps both origins and every author; the source is merged into it', () => {
    const conv = two();
    const [target, source] = conv.proposalOrder as [string, string];
    const { events, state, error } = run(conv, command('proposal.merge', { sourceId: source, targetId: target }));
    expect(error).toBeNull();
    expect(events).toEqual([{ type: 'ProposalsMerged', sourceId: source, targetId: target, at: expect.any(Number) }]);
    const t = state.proposals[target]!;
    const s = state.proposals[source]!;
    expect(t.origins.map((o) => [o.channel, o.reference])).toEqual([
      ['phone', ''],
      ['mail', 'C-7'],
    ]);
    expect(t.authorIds).toEqual([ids(conv)[0], ids(conv)[1]]);
    expect(t.mergedFrom).toEqual([source]);
    expect(t).toMatchObject({ status: 'submitted', title: 'Plus de bus le soir', version: 1 });
    expect(t.history.at(-1)).toEqual({ kind: 'absorbed', at: expect.any(Number), sourceId: source, addedAuthorIds: [ids(conv)[1]], addedOrigins: [s.origins[0]] });
    expect(s).toMatchObject({ status: 'merged', mergedInto: target, title: 'Des bus le soir' });
    expect(s.history.slice(-2)).toEqual([
      { kind: 'status', by: { kind: 'facilitator' }, at: expect.any(Number), from: 'submitted', to: 'merged' },
      { kind: 'merged_into', at: expect.any(Number), targetId: target },
    ]);
    // The source's author may now edit the target (an author of it).
    const edit = run(state, command('proposal.edit', { proposalId: target, title: 'Des bus le soir, enfin', text: t.text, leverId: t.leverId, baseVersion: 1 }), member(conv, ids(conv)[1]));
    expect(edit.error).toBeNull();
  });

  it.each<[string, (conv: Convention, target: string, source: string) => [Convention, string, string], ErrorCode]>([
    ['into itself', (c, t) => [c, t, t], 'INVALID_MERGE'],
    ['a merged source', (c, t, s) => [must(c, command('proposal.merge', { sourceId: s, targetId: t })), s, t], 'INVALID_MERGE'],
    ['into a merged target', (c, t, s) => [must(c, command('proposal.merge', { sourceId: t, targetId: s })), s, t], 'INVALID_MERGE'],
    ['into a withdrawn target', (c, t, s) => [must(c, command('proposal.withdraw', { proposalId: t })), s, t], 'INVALID_MERGE'],
    ['an unknown source', (c, t) => [c, 'nope', t], 'NOT_FOUND'],
    ['into an unknown target', (c, _t, s) => [c, s, 'nope'], 'NOT_FOUND'],
  ])('refuses a merge %s', (_name, setup, expected) => {
    const conv = two();
    const [target, source] = conv.proposalOrder as [string, string];
    const [state, sourceId, targetId] = setup(conv, target, source);
    const result = run(state, command('proposal.merge', { sourceId, targetId }));
    expect(code(result.error)).toBe(expected);
    expect(result.state).toBe(state);
  });
});

describe('proposal.unmerge', () => {
  /** P1 by m0 (phone), P2 by m1 (mail C-7), P3 by m0 and m1 (paper F-3), P2 under study. */
  function three() {
    let conv = room();
    const [m0, m1] = ids(conv);
    const leverId = conv.levers[2]!.id;
    conv = must(conv, command('proposal.create', { title: 'Plus de bus le soir', text: 'Le dernier part à 20 h.', leverId, submit: true }), member(conv, m0));
    conv = must(conv, command('proposal.enter', { title: 'Des bus le soir', text: 'Le dernier part trop tôt.', leverId, channel: 'mail', reference: 'C-7', authorIds: [m1], receivedAt: '2022-06-14' }));
    conv = must(conv, command('proposal.enter', { title: 'Bus tardifs', text: 'Jusqu’à minuit.', leverId, channel: 'paper', reference: 'F-3', authorIds: [m0, m1], receivedAt: '2022-06-15' }));
    const [p1, p2, p3] = conv.proposalOrder as [string, string, string];
    conv = must(conv, command('proposal.setStatus', { proposalIds: [p2], status: 'under_study' }));
    return { conv: deepFreeze(conv), p1, p2, p3 };
  }
  const merge = (conv: Convention, sourceId: string, targetId: string) => must(conv, command('proposal.merge', { sourceId, targetId }));
  /** What people see of a proposal: everything but its history, which only grows. */
  const seen = ({ history: _history, ...rest }: Proposal) => rest;

  it('gives back exactly what the merge took: the source’s status, the target’s origins and authors', () => {
    const { conv, p1, p2 } = three();
    const merged = merge(conv, p2, p1);
    const { events, state, error } = run(merged, command('proposal.unmerge', { sourceId: p2, targetId: p1 }));
    expect(error).toBeNull();
    expect(events).toEqual([{ type: 'ProposalsUnmerged', sourceId: p2, targetId: p1, at: expect.any(Number) }]);
    expect(seen(state.proposals[p1]!)).toEqual(seen(conv.proposals[p1]!));
    expect(seen(state.proposals[p2]!)).toEqual(seen(conv.proposals[p2]!));
    expect(state.proposals[p2]!.status).toBe('under_study');
    expect(state.proposals[p1]!.history.at(-1)).toEqual({ kind: 'released', at: expect.any(Number), sourceId: p2 });
    expect(state.proposals[p2]!.history.slice(-2)).toEqual([
      { kind: 'status', by: { kind: 'facilitator' }, at: expect.any(Number), from: 'merged', to: 'under_study' },
      { kind: 'unmerged_from', at: expect.any(Number), targetId: p1 },
    ]);
    // The member who only wrote P2 is no longer an author of P1: their edit of P1 is refused again.
    const edit = run(state, command('proposal.edit', { proposalId: p1, title: 'Autre', text: 'Autre texte.', leverId: conv.levers[2]!.id, baseVersion: 1 }), member(conv, ids(conv)[1]));
    expect(code(edit.error)).toBe('NOT_ALLOWED_TO_EDIT');
    // And it can be merged again, then undone again.
    const again = merge(state, p2, p1);
    expect(seen(must(again, command('proposal.unmerge', { sourceId: p2, targetId: p1 })).proposals[p1]!)).toEqual(seen(conv.proposals[p1]!));
  });

  it('undoing one of two merges keeps the other’s origins, and an author the other one brought too', () => {
    const { conv, p1, p2, p3 } = three();
    const both = merge(merge(conv, p2, p1), p3, p1);
    const state = must(both, command('proposal.unmerge', { sourceId: p2, targetId: p1 }));
    const t = state.proposals[p1]!;
    expect(t.origins.map((o) => o.reference)).toEqual(['', 'F-3']);
    // m1 is an author of P3 too, still merged in: m1 stays an author of P1.
    expect(t.authorIds).toEqual([ids(conv)[0], ids(conv)[1]]);
    expect(t.mergedFrom).toEqual([p3]);
    expect(state.proposals[p3]).toMatchObject({ status: 'merged', mergedInto: p1 });
    // Undoing the other too leaves P1 as it was before both.
    expect(seen(must(state, command('proposal.unmerge', { sourceId: p3, targetId: p1 })).proposals[p1]!)).toEqual(seen(conv.proposals[p1]!));
  });

  it.each<[string, (c: Convention, p: { p1: string; p2: string; p3: string }) => [Convention, string, string], ErrorCode]>([
    ['of a proposal never merged', (c, { p1, p2 }) => [c, p2, p1], 'NOT_MERGED'],
    ['from the wrong target', (c, { p1, p2, p3 }) => [merge(c, p2, p1), p2, p3], 'NOT_MERGED'],
    ['already undone', (c, { p1, p2 }) => [must(merge(c, p2, p1), command('proposal.unmerge', { sourceId: p2, targetId: p1 })), p2, p1], 'NOT_MERGED'],
    ['whose target was merged in turn', (c, { p1, p2, p3 }) => [merge(merge(c, p2, p1), p1, p3), p2, p1], 'WRONG_PHASE'],
    ['of an unknown source', (c, { p1 }) => [c, 'nope', p1], 'NOT_FOUND'],
    ['from an unknown target', (c, { p2 }) => [c, p2, 'nope'], 'NOT_FOUND'],
  ])('refuses an undo %s, and changes nothing', (_name, setup, expected) => {
    const { conv, ...p } = three();
    const [state, sourceId, targetId] = setup(conv, p);
    const result = run(state, command('proposal.unmerge', { sourceId, targetId }));
    expect(code(result.error)).toBe(expected);
    expect(result.state).toBe(state);
  });

  it('is the facilitator’s alone', () => {
    expect(commandRoles['proposal.unmerge']).toEqual(['facilitator']);
  });
});

describe('proposal.annotate', () => {
  const reading = (ecological: number, comment = 'Effet réel sur les trajets du soir.') => ({
    ecological: { score: ecological, comment },
    financial: { score: 2, comment: 'Environ 400 k€ par an.' },
    economic: { score: 1, comment: '' },
    competence: { value: 'competente' as const, note: 'Autorité organisatrice des mobilités.' },
  });

  it('sets the reading; a new one keeps the earlier in the annotation history', () => {
    const { conv, p } = withProposal();
    const first = run(conv, command('proposal.annotate', { proposalId: p.id, ...reading(2) }), support(conv));
    expect(first.error).toBeNull();
    expect(first.state.proposals[p.id]!.annotation).toEqual({ ...reading(2), at: expect.any(Number) });
    const second = must(first.state, command('proposal.annotate', { proposalId: p.id, ...reading(3, 'Revu avec le SMMAG.') }), support(conv));
    const annotated = second.proposals[p.id]!;
    expect(annotated.annotation).toMatchObject({ ecological: { score: 3, comment: 'Revu avec le SMMAG.' } });
    expect(annotated.annotationHistory).toEqual([first.state.proposals[p.id]!.annotation]);
    expect(annotated.history.filter((h) => h.kind === 'annotated')).toHaveLength(2);
    expect(annotated.version).toBe(1); // an annotation is not a version of the text
    expect(publicProposals(second)[0]!.annotation).toEqual(annotated.annotation);
  });

  it('a draft cannot be annotated (it is private)', () => {
    const { conv, p } = withProposal({ submit: false });
    expect(code(run(conv, command('proposal.annotate', { proposalId: p.id, ...reading(1) }), support(conv)).error)).toBe('NOT_FOUND');
  });

  it.each([
    ['ecological 0 to 4', { ecological: { score: 5, comment: '' } }],
    ['ecological is an integer', { ecological: { score: 1.5, comment: '' } }],
    ['financial 0 to 4', { financial: { score: -1, comment: '' } }],
    ['economic -2 to +2', { economic: { score: 3, comment: '' } }],
    ['economic -2 to +2 (below)', { economic: { score: -3, comment: '' } }],
    ['competence values', { competence: { value: 'maybe', note: '' } }],
    ['comments of 1,000 characters at most', { ecological: { score: 1, comment: 'x'.repeat(1001) } }],
  ])('the scales are enforced by the payload schema: %s', (_name, change) => {
    const payload = { proposalId: 'p1', ...reading(2), ...change };
    expect(v.safeParse(commandSchemas['proposal.annotate'], payload).success).toBe(false);
    expect(v.safeParse(commandSchemas['proposal.annotate'], { proposalId: 'p1', ...reading(2) }).success).toBe(true);
    expect(v.safeParse(commandSchemas['proposal.annotate'], { proposalId: 'p1', ...reading(2), economic: { score: -2, comment: '' } }).success).toBe(true);
  });
});

describe('payload validation and roles', () => {
  const valid = { title: 'Plus de bus', text: 'Le soir.', leverId: 'lever1', submit: true };
  it.each([
    ['empty title', { title: '' }],
    ['blank title', { title: '    ' }],
    ['title under 3 characters', { title: 'Bu' }],
    ['title over 200 characters', { title: 't'.repeat(201) }],
    ['empty text', { text: ' ' }],
    ['text over 5,000 characters', { text: 'x'.repeat(5001) }],
    ['no lever', { leverId: '' }],
    ['an extra field', { status: 'adopted' }],
  ])('proposal.create refuses %s', (_name, change) => {
    expect(v.safeParse(commandSchemas['proposal.create'], { ...valid, ...change }).success).toBe(false);
  });

  it('accepts the limits', () => {
    expect(v.safeParse(commandSchemas['proposal.create'], { ...valid, title: 't'.repeat(200), text: 'x'.repeat(5000) }).success).toBe(true);
    expect(v.safeParse(commandSchemas['proposal.edit'], { proposalId: 'p', title: 'abc', text: 'x', leverId: 'l', baseVersion: 0 }).success).toBe(false);
  });

  it.each([
    ['proposal.create', ['member']],
    ['proposal.enter', ['facilitator']],
    ['proposal.edit', ['member', 'facilitator']],
    ['proposal.submit', ['member']],
    ['proposal.withdraw', ['member', 'facilitator']],
    ['proposal.setStatus', ['facilitator']],
    ['proposal.merge', ['facilitator']],
    ['proposal.annotate', ['support']],
  ] as const)('%s may be sent by %j only', (name, roles) => {
    expect(Object.keys(proposalSchemas)).toContain(name);
    expect([...commandRoles[name]].sort()).toEqual([...roles].sort());
  });

  it('the domain refuses a proposal.create not sent by a member', () => {
    const conv = room();
    const result = run(conv, command('proposal.create', { ...valid, leverId: conv.levers[0]!.id }), facilitator(conv));
    expect(code(result.error)).toBe('FORBIDDEN');
  });
});

describe('replay', () => {
  it('evolve rebuilds the same proposals from the events, without touching the input', () => {
    let conv = room();
    const [m0, m1, m2] = ids(conv);
    const log: DomainEvent[] = [];
    const step = (cmd: ReturnType<typeof command>, actor: Actor = facilitator(conv)) => {
      const result = run(conv, cmd, actor);
      if (result.error) {
        const record = (result.decision as { record?: DomainEvent[] }).record ?? [];
        log.push(...record);
        conv = apply(conv, record);
      } else {
        log.push(...result.events);
        conv = result.state;
      }
      conv = deepFreeze(conv);
    };
    const start = deepFreeze(conv);
    const leverId = conv.levers[2]!.id;
    step(command('proposal.create', { title: 'Plus de bus', text: 'Le soir.', leverId, submit: false }), member(conv, m0));
    const p = lastProposal(conv).id;
    step(command('proposal.submit', { proposalId: p }), member(conv, m0));
    step(command('proposal.edit', { proposalId: p, title: 'Plus de bus le soir', text: 'Le soir.', leverId, baseVersion: 1 }), member(conv, m2));
    step(command('proposal.edit', { proposalId: p, title: 'Bus de nuit', text: 'Le soir.', leverId, baseVersion: 1 }), member(conv, m0));
    step(command('proposal.enter', { title: 'Des bus la nuit', text: 'Comme à Lyon.', leverId, channel: 'paper', reference: 'F-1', authorIds: [m1], receivedAt: null }));
    step(command('proposal.merge', { sourceId: lastProposal(conv).id, targetId: p }));
    step(command('proposal.annotate', { proposalId: p, ecological: { score: 2, comment: '' }, financial: { score: 1, comment: '' }, economic: { score: 0, comment: '' }, competence: { value: 'partagee', note: '' } }), support(conv));
    step(command('proposal.setStatus', { proposalIds: [p], status: 'ready_for_vote' }));
    const replayed = log.reduce<Convention>((s, e) => evolve(s, e), start);
    expect(replayed.proposals).toEqual(conv.proposals);
    expect(replayed.proposalOrder).toEqual(conv.proposalOrder);
    expect(conv.proposals[p]!.history.map((h) => h.kind)).toEqual(['created', 'status', 'edited', 'edit_refused', 'absorbed', 'annotated', 'status']);
  });
});
