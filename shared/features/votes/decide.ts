import type { Deciders } from '../../domain/feature.ts';
import { appError } from '../../errors.ts';
import { adoptionResult } from '../../math/adoption.ts';
import type { Args } from './commands.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { electorateSize, guestRefusal } from '../../domain/electorate.ts';
import { findSession, isError, own, presentCount } from '../../domain/lookup.ts';
import type { VoteResults, voteRoles, voteSchemas } from './commands.ts';
import type { Convention } from '../../domain/types.ts';
import type { Tally, Vote, VoteResult } from './types.ts';
import { emptyTally } from './evolve.ts';
import { rollCallStrata } from '../strata/answers.ts';
import { memberStrata } from '../strata/member-strata.ts';

// Adoption votes: Pour / Contre / Abstention on a proposal, at a threshold on a basis, with a
// quorum; plenary (one at a time) or batch (a list on one phone screen). A secret vote records
// who voted in the log and what was voted only as a counter: `VoteCast` has no choice and the
// decision hands the choice to the store as a `secretBallot`. Closing locks the result with its
// time and sets the proposal's status; a new vote on the proposal is a new round.

function findVote(conv: Convention, voteId: string): Vote | ReturnType<typeof appError> {
  return own(conv.votes, voteId) ?? appError('NOT_FOUND', 'no such vote', { entity: 'vote' });
}

/** Electronic and paper counts together. */
export function totalTally(vote: Vote): Tally {
  const total = { ...vote.tally };
  for (const paper of vote.paper.filter((p) => !p.removedAt)) {
    total.for += paper.for;
    total.against += paper.against;
    total.abstain += paper.abstain;
  }
  return total;
}

export function createVotes(conv: Convention, args: Args<'vote.create'>, ctx: DecideContext): Decision<{ voteIds: string[]; }> {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const unknown = args.proposalIds.find((id) => !own(conv.proposals, id));
  if (unknown) return refuse(appError('NOT_FOUND', `no proposal ${unknown}`, { entity: 'proposal' }));
  // One pending vote per proposal: a new round is created once the previous one is closed.
  const pending = Object.values(conv.votes).find((v) => v.status !== 'closed' && args.proposalIds.includes(v.proposalId));
  if (pending) return refuse(appError('VOTE_ALREADY_OPEN', 'this proposal already has a vote waiting or open', { proposalId: pending.proposalId }));
  const batchId = args.batch ? ctx.newId() : null;
  const rounds = new Map<string, number>();
  for (const v of Object.values(conv.votes)) rounds.set(v.proposalId, Math.max(rounds.get(v.proposalId) ?? 0, v.round));
  const votes: Omit<Vote, 'frozen'>[] = [...new Set(args.proposalIds)].map((proposalId) => ({
    id: ctx.newId(),
    kind: 'adoption',
    sessionId: session.id,
    proposalId,
    round: (rounds.get(proposalId) ?? 0) + 1,
    batchId,
    secret: args.secret,
    thresholdBp: args.thresholdBp,
    basis: args.basis,
    quorum: session.quorum,
    status: 'ready',
    openedAt: null,
    voters: [],
    tally: emptyTally(),
    ballots: {},
    paper: [],
    result: null,
  }));
  return accept([{ type: 'VotesCreated', votes }, ...showCreated(conv, session.id, session.screenPanel, votes)], { voteIds: votes.map((v) => v.id) });
}

/**
 * Created votes go on the projector with their rules (the first one announced, the 'votes'
 * panel chosen), so the room reads them before the first vote opens (issue 18). Not while a
 * vote of the session is being taken: that vote keeps the projector, and its result after it.
 */
function showCreated(conv: Convention, sessionId: string, panel: string, votes: Omit<Vote, 'frozen'>[]): DomainEvent[] {
  const first = votes[0];
  if (!first || Object.values(conv.votes).some((v) => v.sessionId === sessionId && v.status === 'open')) return [];
  return [
    { type: 'VoteAnnounced', sessionId, voteId: first.id },
    ...(panel === 'votes' ? [] : [{ type: 'ScreenPanelSet', sessionId, panel: 'votes' } as const]),
  ];
}

/** The rules are shown on the projector before the vote opens; once open they are fixed. */
export function configureVote(conv: Convention, args: Args<'vote.configure'>): Decision {
  const vote = findVote(conv, args.voteId);
  if (isError(vote)) return refuse(vote);
  if (vote.status !== 'ready') return refuse(appError('VOTE_ALREADY_OPEN', 'the rules of an open vote are fixed'));
  return accept([{ type: 'VoteSettingsSet', voteId: vote.id, secret: args.secret, thresholdBp: args.thresholdBp, basis: args.basis, quorum: args.quorum }]);
}

export function announceVote(conv: Convention, args: Args<'vote.announce'>): Decision {
  const vote = findVote(conv, args.voteId);
  if (isError(vote)) return refuse(vote);
  if (vote.status !== 'ready') return refuse(appError('VOTE_ALREADY_OPEN', 'only a waiting vote is announced'));
  return accept([
    { type: 'VoteAnnounced', sessionId: vote.sessionId, voteId: vote.id },
    { type: 'ScreenPanelSet', sessionId: vote.sessionId, panel: 'votes' },
  ]);
}

export function openVotes(conv: Convention, args: Args<'vote.open'>, ctx: DecideContext): Decision {
  for (const id of args.voteIds) {
    const vote = findVote(conv, id);
    if (isError(vote)) return refuse(vote);
    if (vote.status === 'closed') return refuse(appError('VOTE_NOT_OPEN', 'a closed vote stays closed: create a new round'));
  }
  const ids = [...new Set(args.voteIds)].filter((id) => conv.votes[id]!.status === 'ready');
  if (ids.length === 0) return accept([]);
  const sessionId = conv.votes[ids[0]!]!.sessionId;
  return accept([
    { type: 'VotesOpened', voteIds: ids, at: ctx.now() },
    { type: 'ScreenPanelSet', sessionId, panel: 'votes' },
  ]);
}

export function castVote(conv: Convention, args: Args<'vote.cast'>, memberId: string): Decision {
  const vote = findVote(conv, args.voteId);
  if (isError(vote)) return refuse(vote);
  if (vote.status !== 'open') return refuse(appError('VOTE_NOT_OPEN', 'this vote is not open'));
  if (!conv.sessions[vote.sessionId]?.present[memberId]) return refuse(appError('NOT_PRESENT', 'only members marked present vote'));
  const guest = guestRefusal(conv, own(conv.sessions, vote.sessionId), memberId);
  if (guest) return refuse(guest);
  if (vote.secret) {
    if (vote.voters.includes(memberId)) return refuse(appError('ALREADY_VOTED', 'a secret vote cannot be changed'));
    // Its strata go with the ballot into memory only (secret-ballots.ts), never beside the member.
    const strata = memberStrata(conv, memberId, vote.strataAttributes ?? []);
    return { ok: true, events: [{ type: 'VoteCast', voteId: vote.id, memberId, choice: null }], secretBallots: [{ kind: 'vote', voteId: vote.id, choice: args.choice, strata }] };
  }
  if (vote.ballots[memberId] === args.choice) return accept([]);
  return accept([{ type: 'VoteCast', voteId: vote.id, memberId, choice: args.choice }]);
}

export function addPaperCount(conv: Convention, args: Args<'vote.paper'>, ctx: DecideContext): Decision {
  const vote = findVote(conv, args.voteId);
  if (isError(vote)) return refuse(vote);
  if (vote.status === 'closed') return refuse(appError('VOTE_NOT_OPEN', 'paper counts are added before closing'));
  const { voteId, ...count } = args;
  if (count.for + count.against + count.abstain === 0) return accept([]);
  return accept([{ type: 'PaperCountAdded', voteId, count, at: ctx.now() }]);
}

export function removePaperCount(conv: Convention, args: Args<'vote.paperRemove'>, ctx: DecideContext): Decision {
  const vote = findVote(conv, args.voteId);
  if (isError(vote)) return refuse(vote);
  if (vote.status === 'closed') return refuse(appError('VOTE_NOT_OPEN', 'a closed result is locked'));
  const entry = vote.paper[args.index];
  if (!entry) return refuse(appError('NOT_FOUND', 'no such paper count', { entity: 'paperCount' }));
  if (entry.removedAt) return accept([]);
  return accept([{ type: 'PaperCountRemoved', voteId: vote.id, index: args.index, at: ctx.now() }]);
}

export function discardVotes(conv: Convention, args: Args<'vote.discard'>): Decision {
  for (const id of args.voteIds) {
    const vote = findVote(conv, id);
    if (isError(vote)) return refuse(vote);
    if (vote.status !== 'ready') return refuse(appError('VOTE_ALREADY_OPEN', 'only a vote not yet opened can be taken back'));
  }
  return accept([{ type: 'VotesDiscarded', voteIds: [...new Set(args.voteIds)] }]);
}

export function voteResult(conv: Convention, vote: Vote, closedAt: number): VoteResult {
  const tally = totalTally(vote);
  const present = presentCount(conv, vote.sessionId);
  const members = electorateSize(conv, own(conv.sessions, vote.sessionId));
  const result = adoptionResult({ tally, threshold: vote.thresholdBp / 10_000, basis: vote.basis, present, members, quorum: vote.quorum });
  return { tally, present, members, quorumMet: result.quorumMet, share: result.share, adopted: result.adopted, closedAt };
}

/** Closing locks each result with its time, and marks each proposal adopted or rejected. */
export function closeVotes(conv: Convention, args: Args<'vote.close'>, ctx: DecideContext): Decision<{ results: { [k: string]: VoteResult; }; }> {
  for (const id of args.voteIds) {
    const vote = findVote(conv, id);
    if (isError(vote)) return refuse(vote);
  }
  const open = [...new Set(args.voteIds)].map((id) => conv.votes[id]!).filter((v) => v.status === 'open');
  if (open.length === 0) return accept([]);
  const at = ctx.now();
  const results = Object.fromEntries(open.map((v) => [v.id, voteResult(conv, v, at)]));
  const byStratum = Object.fromEntries(open.flatMap((v) => { const counted = rollCallStrata(conv, v); return counted ? [[v.id, counted.cells]] : []; }));
  const events: DomainEvent[] = [{ type: 'VotesClosed', results, ...(Object.keys(byStratum).length > 0 ? { byStratum } : {}) }, { type: 'ScreenPanelSet', sessionId: open[0]!.sessionId, panel: 'votes' }];
  for (const adopted of [true, false]) {
    const proposalIds = open.filter((v) => results[v.id]!.adopted === adopted && results[v.id]!.quorumMet).map((v) => v.proposalId);
    if (proposalIds.length > 0) events.push({ type: 'ProposalStatusSet', proposalIds, status: adopted ? 'adopted' : 'rejected', by: { kind: 'facilitator' }, at });
  }
  return accept(events, { results });
}

export const voteDeciders: Deciders<typeof voteSchemas, typeof voteRoles, VoteResults> = {
  'vote.create': (c, a, e) => createVotes(c, a, e.ctx),
  'vote.configure': (c, a) => configureVote(c, a),
  'vote.announce': (c, a) => announceVote(c, a),
  'vote.open': (c, a, e) => openVotes(c, a, e.ctx),
  'vote.cast': (c, a, e) => castVote(c, a, e.actor.memberId),
  'vote.paper': (c, a, e) => addPaperCount(c, a, e.ctx),
  'vote.paperRemove': (c, a, e) => removePaperCount(c, a, e.ctx),
  'vote.discard': (c, a) => discardVotes(c, a),
  'vote.close': (c, a, e) => closeVotes(c, a, e.ctx),
};
