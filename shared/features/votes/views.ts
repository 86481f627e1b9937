import { liveSession, presentCount } from '../../domain/lookup.ts';
import type { Convention } from '../../domain/types.ts';
import type { Session } from '../core/types.ts';
import type { Tally, Vote, VoteBasis, VoteChoice, VoteResult } from './types.ts';
import { totalTally } from './decide.ts';
import { voteRecord } from './record.ts';

// Adoption votes as each screen sees them. Phones and the projector see the rules before a vote
// opens, participation while it is open, and the result once it is closed; counts while open only
// reach the console. A member sees whether they voted, and their choice only in a public vote.

export interface VoteSummary {
  id: string;
  proposalId: string;
  number: number;
  title: string;
  text: string;
  round: number;
  batchId: string | null;
  secret: boolean;
  thresholdBp: number;
  basis: VoteBasis;
  quorum: number;
  status: Vote['status'];
  voted: number;
  result: VoteResult | null;
}

export interface ScreenVotes {
  /** Votes of the live session that are open, or closed in the last batch shown. */
  current: VoteSummary[];
  present: number;
  /** Paper or keypad counts, shown apart from the phones' ballots. */
  paper: Record<string, Tally>;
}

export interface ConsoleVote extends VoteSummary {
  /** Live electronic counts (facilitator only). */
  tally: Tally;
  paper: Vote['paper'];
}

function summary(conv: Convention, vote: Vote): VoteSummary {
  // As voted on, once closed (record.ts).
  const p = voteRecord(conv, vote).proposal;
  return {
    id: vote.id,
    proposalId: vote.proposalId,
    number: p?.number ?? 0,
    title: p?.title ?? '?',
    text: p?.text ?? '',
    round: vote.round,
    batchId: vote.batchId,
    secret: vote.secret,
    thresholdBp: vote.thresholdBp,
    basis: vote.basis,
    quorum: vote.quorum,
    status: vote.status,
    voted: vote.voters.length,
    result: vote.result,
  };
}

function sessionVotes(conv: Convention, sessionId: string): Vote[] {
  return Object.values(conv.votes).filter((v) => v.sessionId === sessionId);
}

/** What phones see: the live session's votes that are ready, open, or closed (results). */
export function publicVotes(conv: Convention): VoteSummary[] {
  const session = liveSession(conv);
  return session ? sessionVotes(conv, session.id).map((v) => summary(conv, v)) : [];
}

export function memberVotes(conv: Convention, memberId: string): { voted: string[]; choices: Record<string, VoteChoice> } {
  const session = liveSession(conv);
  const voted: string[] = [];
  const choices: Record<string, VoteChoice> = {};
  for (const vote of session ? sessionVotes(conv, session.id) : []) {
    if (!vote.voters.includes(memberId)) continue;
    voted.push(vote.id);
    const choice = vote.secret ? undefined : vote.ballots[memberId];
    if (choice) choices[vote.id] = choice;
  }
  return { voted, choices };
}

/**
 * The votes the projector's 'votes' panel shows: the open ones; with none open, the announced
 * vote's rules (threshold, basis, quorum, secrecy) before it opens; else the last closed batch
 * with its results. Whether the panel is on the projector is decided in shared/views/projector-panel.ts.
 */
export function screenVoteSelection(conv: Convention, session: Session): Vote[] {
  const votes = sessionVotes(conv, session.id);
  const open = votes.filter((v) => v.status === 'open');
  if (open.length > 0) return open;
  const announced = session.announcedVoteId ? conv.votes[session.announcedVoteId] : undefined;
  if (announced?.status === 'ready' && announced.sessionId === session.id) return [announced];
  const closed = votes.filter((v) => v.result).sort((a, b) => b.result!.closedAt - a.result!.closedAt);
  const last = closed[0];
  return last ? closed.filter((v) => v.result!.closedAt === last.result!.closedAt) : [];
}

/** The projector's votes block: what the 'votes' panel shows (null when it has nothing to show). */
export function screenVotes(conv: Convention): ScreenVotes | null {
  const session = liveSession(conv);
  if (!session) return null;
  const current = screenVoteSelection(conv, session);
  if (current.length === 0) return null;
  const present = presentCount(conv, session.id);
  const paper: Record<string, Tally> = {};
  for (const v of current) {
    if (v.paper.every((p) => p.removedAt)) continue;
    const sum = totalTally({ ...v, tally: { for: 0, against: 0, abstain: 0 } });
    paper[v.id] = sum;
  }
  return { current: current.map((v) => summary(conv, v)), present, paper };
}

export function consoleVotes(conv: Convention, sessionId: string): ConsoleVote[] {
  return sessionVotes(conv, sessionId).map((v) => ({ ...summary(conv, v), tally: v.tally, paper: v.paper }));
}
