import { describe, expect, it } from 'vitest';
import type { Convention } from '../../shared/domain/types.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import { replay } from '../../shared/registry.ts';
import { withParticipation } from '../../server/engine/participation-overlay.ts';
import { command, must, roomFixture } from '../helpers/domain-fixtures.ts';

// The participation view gathers the flags of the ballots waiting in boxes in one pass
// (server/engine/participation-overlay.ts). Whatever the mix, it must be the state that
// evolving the same events one by one gives: the view decide() reads and phones see.

function room(): { conv: Convention; checkId: string; otherCheckId: string; gradingId: string; voteId: string; proposals: string[]; members: string[] } {
  let conv = roomFixture();
  const sessionId = conv.sessionOrder[0]!;
  for (const title of ['Vélo', 'Rénovation', 'Cantines']) {
    conv = must(conv, command('proposal.enter', { title, text: `${title}, en détail.`, leverId: conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
  }
  const proposals = conv.proposalOrder;
  const create = (title: string, ids: string[]) => command('consensus.create', { sessionId, title, proposalIds: ids, mode: 'batch', levels: null, allowUnsure: true, live: false });
  conv = must(conv, create('Consensus', proposals));
  const checkId = Object.keys(conv.checks)[0]!;
  conv = must(conv, create('Autre', proposals.slice(0, 1)));
  const otherCheckId = Object.keys(conv.checks).find((id) => id !== checkId)!;
  conv = must(conv, command('grading.create', { sessionId, title: 'Hiérarchie', proposalIds: proposals }));
  const gradingId = Object.keys(conv.gradings)[0]!;
  conv = must(conv, command('vote.create', { sessionId, proposalIds: [proposals[0]!], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false }));
  const voteId = Object.keys(conv.votes)[0]!;
  return { conv, checkId, otherCheckId, gradingId, voteId, proposals, members: conv.memberOrder.slice(0, 4) };
}

const r = room();
const [p1, p2, p3] = r.proposals as [string, string, string];
const [m1, m2, m3] = r.members as [string, string, string];
const answer = (memberId: string, proposalId: string, checkId = r.checkId): DomainEvent => ({ type: 'CheckAnswered', checkId, proposalId, memberId });
const grade = (memberId: string, proposalIds: string[]): DomainEvent => ({ type: 'GradesCast', gradingId: r.gradingId, memberId, proposalIds });
const voted = (memberId: string): DomainEvent => ({ type: 'VoteCast', voteId: r.voteId, memberId, choice: null });

const CASES: { name: string; events: DomainEvent[] }[] = [
  { name: 'nothing waiting', events: [] },
  { name: 'one answer', events: [answer(m1, p1)] },
  { name: 'answers to several proposals by several members', events: [answer(m1, p1), answer(m2, p1), answer(m1, p2), answer(m3, p3)] },
  { name: 'two checks and a vote interleaved', events: [answer(m1, p1), voted(m1), answer(m2, p1, r.otherCheckId), answer(m2, p2), voted(m2)] },
  { name: 'grades overlapping proposals, with answers', events: [grade(m1, [p1, p2]), answer(m1, p3), grade(m2, [p2, p3]), grade(m3, [p1])] },
  { name: 'an answer to a check that does not exist changes nothing', events: [answer(m1, p1, 'no-such-check'), answer(m2, p2)] },
];

describe('withParticipation: the waiting ballots as one pass', () => {
  it.each(CASES)('$name: equals evolving the events one by one', ({ events }) => {
    expect(withParticipation(r.conv, events)).toEqual(replay(events, r.conv));
  });

  it('keeps what the state already held and never changes the state it was given', () => {
    const base = replay([answer(m1, p1), grade(m1, [p1])], r.conv)!;
    const before = structuredClone(base);
    const view = withParticipation(base, [answer(m2, p1), grade(m2, [p1])]);
    expect(Object.keys(view.checks[r.checkId]!.answered[p1]!).sort()).toEqual([m1, m2].sort());
    expect(Object.keys(view.gradings[r.gradingId]!.graded[p1]!).sort()).toEqual([m1, m2].sort());
    expect(base).toEqual(before);
  });
});
