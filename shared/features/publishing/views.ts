import type { Convention } from '../../domain/types.ts';
import type { ConsensusMarker } from '../../math/consensus.ts';
import { checkRecord, gradingRecord } from '../deliberation/record.ts';
import { gradingRanking, readings } from '../deliberation/views.ts';
import type { DissentLevel } from '../../math/dissent.ts';
import { pollResults, type PollResults } from '../polls/views.ts';
import type { PollFormat } from '../polls/types.ts';
import type { ProposalStatus } from '../proposals/types.ts';
import { rankingRecord } from '../ranking/results.ts';
import { voteRecord } from '../votes/record.ts';
import type { Tally, VoteBasis } from '../votes/types.ts';
import { followUpRows, type FollowUpRow } from '../followup/views.ts';
import { isPublished, isShown } from './publishable.ts';
import type { PublishKind } from './types.ts';

// What the public page and the static export show: only published items that are still
// publishable (publishable.ts), and of each only what the room was shown as a whole. A result
// about proposals shows only the published ones among them (a vote on an unpublished proposal
// shows nothing): a proposal's title and figures appear only once the proposal itself is
// published, as in the open data (server/open-data/, which reads the same rule). Never a member's
// name, seat code or attribute, never a count per table (so no subgroup under k can appear),
// never who authored a proposal. Pure: the server renders it (server/public-results/).

export interface PublicVote {
  id: string;
  /** The proposal as voted on (frozen at close); null if it was gone. */
  proposal: { id: string; number: number; title: string } | null;
  round: number;
  secret: boolean;
  /** Electronic and paper ballots together. */
  tally: Tally;
  /** Each choice's share of the ballots cast, in percent with one decimal. */
  split: Tally;
  thresholdBp: number;
  basis: VoteBasis;
  /** Share of `for` over the basis, 0..1. */
  share: number;
  quorumMet: boolean;
  present: number;
  adopted: boolean;
  closedAt: number;
}

export interface PublicReading {
  proposal: { id: string; number: number; title: string } | null;
  /** Answers per level, full agreement first (the whole room's: never a table's). */
  counts: number[];
  unsure: number;
  marker: ConsensusMarker;
  /** Shares of the answers on the gradient, 0..1. */
  agree: number;
  disagree: number;
}

export interface PublicCheck {
  id: string;
  title: string;
  levels: string[];
  readings: PublicReading[];
}

export interface PublicGradeEntry {
  proposal: { id: string; number: number; title: string } | null;
  /** 1 = best; tied proposals share a rank. */
  rank: number;
  /** The majority grade; null when nobody graded it. */
  median: string | null;
  total: number;
  /** Grades received per grade, best first (the merit profile). */
  profile: number[];
}

export interface PublicGrading {
  id: string;
  title: string;
  grades: string[];
  entries: PublicGradeEntry[];
}

export interface PublicRanking {
  id: string;
  title: string;
  session: string | null;
  tableCount: number;
  /** Levers by place (Schulze; tied levers share a place), with their Borda score and the dissent between tables. */
  levers: { title: string; place: number; borda: number; dissent: DissentLevel | null }[];
}

export interface PublicPoll {
  id: string;
  question: string;
  format: PollFormat['kind'];
  respondents: number;
  results: PollResults;
}

export interface PublicProposal {
  id: string;
  number: number;
  title: string;
  text: string;
  lever: string | null;
  status: ProposalStatus;
  /** Its results among the published ones. */
  votes: PublicVote[];
  readings: (PublicReading & { check: string; levels: string[] })[];
  grades: (PublicGradeEntry & { grading: string; grades: string[] })[];
}

export interface PublicResults {
  convention: { name: string; startDate: string | null; endDate: string | null; place: string };
  proposals: PublicProposal[];
  votes: PublicVote[];
  checks: PublicCheck[];
  gradings: PublicGrading[];
  rankings: PublicRanking[];
  polls: PublicPoll[];
  /** What became of the adopted proposals (publicFollowUp): the page's progress table, the same rows as follow-up.csv. */
  followUp: FollowUpRow[];
}

const oneDecimal = (n: number, total: number) => (total === 0 ? 0 : Math.round((n / total) * 1000) / 10);

function shown<T extends { id: string }>(conv: Convention, kind: PublishKind, items: Record<string, T>): T[] {
  return Object.values(items).filter((item) => isShown(conv, { kind, id: item.id }));
}

const proposalShown = (conv: Convention, id: string) => isShown(conv, { kind: 'proposal', id });

function publicVotes(conv: Convention): PublicVote[] {
  return shown(conv, 'vote', conv.votes)
    .filter((v) => v.result && proposalShown(conv, v.proposalId))
    .sort((a, b) => a.result!.closedAt - b.result!.closedAt)
    .map((v) => {
      const result = v.result!;
      const proposal = voteRecord(conv, v).proposal;
      const cast = result.tally.for + result.tally.against + result.tally.abstain;
      return {
        id: v.id,
        proposal: proposal ? { id: v.proposalId, number: proposal.number, title: proposal.title } : null,
        round: v.round,
        secret: v.secret,
        tally: result.tally,
        split: { for: oneDecimal(result.tally.for, cast), against: oneDecimal(result.tally.against, cast), abstain: oneDecimal(result.tally.abstain, cast) },
        thresholdBp: v.thresholdBp,
        basis: v.basis,
        share: result.share,
        quorumMet: result.quorumMet,
        present: result.present,
        adopted: result.adopted,
        closedAt: result.closedAt,
      };
    });
}

function publicChecks(conv: Convention): PublicCheck[] {
  return shown(conv, 'check', conv.checks).flatMap((check) => {
    const record = checkRecord(conv, check);
    // The room's distribution and marker only: the readings' tables stay on the console.
    const shownReadings = readings(conv, check)
      .filter((r) => proposalShown(conv, r.proposalId))
      .map((r) => {
        const ref = record.proposals.find((p) => p.id === r.proposalId);
        return { proposal: ref ? { id: ref.id, number: ref.number, title: ref.title } : null, counts: r.counts, unsure: r.unsure, marker: r.result.marker, agree: r.result.agree, disagree: r.result.disagree };
      });
    return shownReadings.length > 0 ? [{ id: check.id, title: check.title, levels: check.levels, readings: shownReadings }] : [];
  });
}

function publicGradings(conv: Convention): PublicGrading[] {
  return shown(conv, 'grading', conv.gradings).flatMap((grading) => {
    const record = gradingRecord(conv, grading);
    // Ranks as counted among all the graded proposals: a gap says an unpublished one stood there.
    const entries = gradingRanking(conv, grading)
      .ranking.filter((e) => proposalShown(conv, e.candidate))
      .map((e) => {
        const ref = record.proposals.find((p) => p.id === e.candidate);
        return { proposal: ref ? { id: ref.id, number: ref.number, title: ref.title } : null, rank: e.rank, median: e.median, total: e.total, profile: e.profile };
      });
    return entries.length > 0 ? [{ id: grading.id, title: grading.title, grades: grading.grades, entries }] : [];
  });
}

function publicRankings(conv: Convention): PublicRanking[] {
  return shown(conv, 'ranking', conv.activities).map((activity) => {
    const record = rankingRecord(conv, activity);
    const titles = new Map(record.levers.map((l) => [l.id, l.title]));
    const aggregate = record.aggregate;
    const levers = (aggregate?.schulzeGroups ?? []).flatMap((group, index, groups) => {
      const place = groups.slice(0, index).reduce((n, g) => n + g.length, 1);
      return group.map((leverId) => ({ title: titles.get(leverId) ?? '?', place, borda: aggregate!.borda[leverId] ?? 0, dissent: aggregate!.levers.find((l) => l.leverId === leverId)?.dissent ?? null }));
    });
    return { id: activity.id, title: activity.title, session: record.session, tableCount: aggregate?.tableCount ?? 0, levers };
  });
}

function publicPolls(conv: Convention): PublicPoll[] {
  return shown(conv, 'poll', conv.polls)
    .sort((a, b) => conv.sessionOrder.indexOf(a.sessionId) - conv.sessionOrder.indexOf(b.sessionId) || a.number - b.number)
    .map((poll) => ({ id: poll.id, question: poll.question, format: poll.format.kind, respondents: Object.keys(poll.answers).length, results: pollResults(poll) }));
}

/** Whether an item goes into a public output: the public ones pass "is it shown", the facilitator's downloads everything. */
export type IncludeItem = (kind: PublishKind, id: string) => boolean;

/**
 * The follow-up rows a public output holds, one rule for the page, resultats.json, the static
 * export and the open data's follow-up files: a row shows when its proposal is published. Its
 * article on the page already says the proposal was adopted (its status), so the row tells
 * nothing more about the vote, whose split stays unpublished until the vote itself is.
 */
export function publicFollowUp(conv: Convention, include: IncludeItem = (kind, id) => isShown(conv, { kind, id })): FollowUpRow[] {
  return followUpRows(conv).filter((row) => include('proposal', row.proposalId));
}

/** Everything published, ready to render; empty lists when nothing is. */
export function publicResults(conv: Convention): PublicResults {
  const votes = publicVotes(conv);
  const checks = publicChecks(conv);
  const gradings = publicGradings(conv);
  const levers = new Map(conv.levers.map((l) => [l.id, l.title]));
  const proposals = conv.proposalOrder
    .filter((id) => isShown(conv, { kind: 'proposal', id }))
    .map((id) => conv.proposals[id]!)
    .map((p) => ({
      id: p.id,
      number: p.number,
      title: p.title,
      text: p.text,
      lever: levers.get(p.leverId) ?? null,
      status: p.status,
      votes: votes.filter((v) => v.proposal?.id === p.id),
      readings: checks.flatMap((c) => c.readings.filter((r) => r.proposal?.id === p.id).map((r) => ({ ...r, check: c.title, levels: c.levels }))),
      grades: gradings.flatMap((g) => g.entries.filter((e) => e.proposal?.id === p.id).map((e) => ({ ...e, grading: g.title, grades: g.grades }))),
    }));
  return {
    convention: { name: conv.name, startDate: conv.startDate ?? null, endDate: conv.endDate ?? null, place: conv.place ?? '' },
    proposals,
    votes,
    checks,
    gradings,
    rankings: publicRankings(conv),
    polls: publicPolls(conv),
    followUp: publicFollowUp(conv),
  };
}

/** Whether anything at all is shown (an empty page says so). */
export function nothingPublished(results: PublicResults): boolean {
  return results.proposals.length + results.votes.length + results.checks.length + results.gradings.length + results.rankings.length + results.polls.length === 0;
}

// ---------------------------------------------------------------------------------------------
// The console's side: what can be published, and what is.

/** One item of the console's publication list. */
export interface PublishableItem {
  kind: PublishKind;
  id: string;
  /** The activity's session; null for a proposal. */
  sessionId: string | null;
  /** The activity's title, a poll's question, a proposal's title (a vote: its proposal's, as voted on). */
  title: string;
  /** The proposal's number (proposals and votes), a poll's number in its session; null otherwise. */
  number: number | null;
  /** A vote's round; null otherwise. */
  round: number | null;
  /** A proposal's status; null for activities. */
  status: ProposalStatus | null;
  /** Closed (or a standing proposal): may be published now. */
  publishable: boolean;
  published: boolean;
  /** A vote's, a check's or a grading's proposals that are not published: the public page leaves them out of it. */
  unpublishedProposals: number;
}

export interface ConsolePublication {
  /** The public page's address (`<public URL>/r/<code>`); null until the first publication. */
  url: string | null;
  /** Activities that were opened and proposals that stand, plus anything published. */
  items: PublishableItem[];
}

export function consolePublication(conv: Convention, publicUrl: string): ConsolePublication {
  const published = (kind: PublishKind, id: string) => isPublished(conv, { kind, id });
  const items: PublishableItem[] = [];
  const add = (kind: PublishKind, id: string, sessionId: string | null, title: string, opened: boolean, closed: boolean, extra: Partial<PublishableItem> = {}) => {
    if (!opened && !published(kind, id)) return;
    items.push({ kind, id, sessionId, title, number: null, round: null, status: null, publishable: closed, published: published(kind, id), unpublishedProposals: 0, ...extra });
  };
  const hidden = (proposalIds: readonly string[]) => ({ unpublishedProposals: proposalIds.filter((pid) => !published('proposal', pid)).length });
  for (const sessionId of conv.sessionOrder) {
    // The session's attendance (counts only): publishable once the session is closed.
    const session = conv.sessions[sessionId];
    if (session) add('session', sessionId, sessionId, session.title, session.status !== 'planned', session.status === 'closed');
    for (const a of Object.values(conv.activities)) if (a.sessionId === sessionId) add('ranking', a.id, sessionId, a.title, a.phase !== 'draft', a.phase === 'closed');
    for (const p of Object.values(conv.polls)) if (p.sessionId === sessionId) add('poll', p.id, sessionId, p.question, p.status !== 'draft', p.status === 'closed', { number: p.number });
    for (const c of Object.values(conv.checks)) if (c.sessionId === sessionId) add('check', c.id, sessionId, c.title, c.status !== 'ready', c.status === 'closed', hidden(c.proposalIds));
    for (const g of Object.values(conv.gradings)) if (g.sessionId === sessionId) add('grading', g.id, sessionId, g.title, g.status !== 'ready', g.status === 'closed', hidden(g.proposalIds));
    for (const v of Object.values(conv.votes)) {
      if (v.sessionId !== sessionId) continue;
      const proposal = voteRecord(conv, v).proposal;
      add('vote', v.id, sessionId, proposal?.title ?? '', v.status !== 'ready', v.status === 'closed', { number: proposal?.number ?? null, round: v.round, ...hidden([v.proposalId]) });
    }
  }
  for (const id of conv.proposalOrder) {
    const p = conv.proposals[id]!;
    if (p.status === 'draft') continue;
    const standing = p.status !== 'withdrawn' && p.status !== 'merged';
    add('proposal', p.id, null, p.title, standing, standing, { number: p.number, status: p.status });
  }
  return { url: conv.publication ? `${publicUrl}/r/${conv.publication.code}` : null, items };
}
