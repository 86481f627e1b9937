import type { Convention } from '../../domain/types.ts';
import { smallGroupMin } from '../../domain/small-groups.ts';
import { checkRecord, gradingRecord } from '../deliberation/record.ts';
import { pollResults } from '../polls/views.ts';
import { voteRecord } from '../votes/record.ts';
import { resultByStratum, type StratumRef as CountedRef } from './counts.ts';
import { readByStratum, verdictOf, voteVerdict, type AttributeReading, type HoldsReading, type StratumRule, type Verdict } from './holds.ts';
import { refKey, type StratumRef } from './ref.ts';

// One closed result read by stratum, with what its screens need to say it (the decision's
// title, its grades or options, the room's own counts): the console's "Par strate", the
// projector's stratum panel, the dossier and the exports read it from here. Every count per
// stratum comes from resultByStratum (k-safe); the room's counts are those its result already
// shows.

export interface StrataReading {
  ref: StratumRef;
  /** The check's or grading's title, the poll's question; '' for a vote (its proposal names it). */
  title: string;
  /** The proposal voted on, checked or graded, as it was at the close; null for a poll (or a proposal gone). */
  proposal: { number: number; title: string } | null;
  rule: StratumRule;
  /** What the rule's indices name: a check's levels, a grading's grades (best first), a poll's options or a scale's end labels; empty for a vote. */
  labels: string[];
  /** `ballots`: a poll's respondents (a multiple-choice poll's cells count choices). */
  room: { cells: number[]; ballots: number; verdict: Verdict };
  attributes: AttributeReading[];
  notHolding: HoldsReading['notHolding'];
  judged: number;
  /** Ballots in the room's result, and those of them linked to a stratum (a paper ballot has none). */
  total: number;
  attributed: number;
}

const sum = (cells: readonly number[]) => cells.reduce((a, b) => a + b, 0);

/** The ref the console and screen.showStrata name is the one the counts are read by, both ways. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const REF_SHAPES_AGREE: Same<StratumRef, CountedRef> = true;

interface Subject {
  title: string;
  proposal: StrataReading['proposal'];
  rule: StratumRule;
  labels: string[];
  cells: number[];
  /** The room's verdict when its result says it another way than its cells (a vote: quorum, paper ballots). */
  verdict?: Verdict;
}

/** The closed decision `ref` names, as its result shows it; null when there is none or it is not closed. */
function subjectOf(conv: Convention, ref: StratumRef): Subject | null {
  switch (ref.kind) {
    case 'vote': {
      const vote = Object.hasOwn(conv.votes, ref.id) ? conv.votes[ref.id]! : null;
      if (!vote || vote.status !== 'closed' || !vote.result) return null;
      const { tally } = vote.result;
      const proposal = voteRecord(conv, vote).proposal;
      return {
        title: '',
        proposal: proposal && { number: proposal.number, title: proposal.title },
        rule: { kind: 'vote', thresholdBp: vote.thresholdBp, basis: vote.basis },
        labels: [],
        cells: [tally.for, tally.against, tally.abstain],
        verdict: voteVerdict(vote.result),
      };
    }
    case 'check': {
      const check = Object.hasOwn(conv.checks, ref.id) ? conv.checks[ref.id]! : null;
      if (!check || check.status !== 'closed' || !check.proposalIds.includes(ref.proposalId)) return null;
      const width = check.levels.length + 1;
      const cells = new Array<number>(width).fill(0);
      for (const byTable of Object.values(check.counts[ref.proposalId] ?? {})) byTable.forEach((n, i) => i < width && (cells[i] = cells[i]! + n));
      const p = checkRecord(conv, check).proposals.find((r) => r.id === ref.proposalId);
      return { title: check.title, proposal: p ? { number: p.number, title: p.title } : null, rule: { kind: 'check', levels: check.levels.length, thresholds: check.thresholds }, labels: check.levels, cells };
    }
    case 'grading': {
      const grading = Object.hasOwn(conv.gradings, ref.id) ? conv.gradings[ref.id]! : null;
      if (!grading || grading.status !== 'closed' || !grading.proposalIds.includes(ref.proposalId)) return null;
      const p = gradingRecord(conv, grading).proposals.find((r) => r.id === ref.proposalId);
      const cells = grading.profiles[ref.proposalId] ?? grading.grades.map(() => 0);
      return { title: grading.title, proposal: p ? { number: p.number, title: p.title } : null, rule: { kind: 'grading', grades: grading.grades.length }, labels: grading.grades, cells: [...cells] };
    }
    case 'poll': {
      const poll = Object.hasOwn(conv.polls, ref.id) ? conv.polls[ref.id]! : null;
      if (!poll || poll.status !== 'closed') return null;
      const results = pollResults(poll);
      const format = poll.format;
      if (format.kind === 'scale' && results.kind === 'scale') {
        return { title: poll.question, proposal: null, rule: { kind: 'scale', min: format.min, max: format.max }, labels: [format.minLabel, format.maxLabel], cells: results.distribution.map((d) => d.count) };
      }
      if ((format.kind === 'single' || format.kind === 'multiple') && results.kind === 'choices') {
        return { title: poll.question, proposal: null, rule: { kind: 'choices', options: format.options.length, multiple: format.kind === 'multiple' }, labels: format.options.map((o) => o.label), cells: results.options.map((o) => o.count) };
      }
      // A free-text poll's word cloud has no result to read by stratum.
      return null;
    }
  }
}

/** The vote, check, grading or poll a ref names, as an object of the state (its identity keys the cache). */
function decisionOf(conv: Convention, ref: StratumRef): { status: string } | undefined {
  const items: Record<string, { status: string }> = ref.kind === 'vote' ? conv.votes : ref.kind === 'check' ? conv.checks : ref.kind === 'grading' ? conv.gradings : conv.polls;
  return Object.hasOwn(items, ref.id) ? items[ref.id] : undefined;
}

/**
 * Readings of closed decisions, by the decision's object: a closed vote, check, grading or poll
 * is never changed in place (evolve returns new objects), and its reading depends only on it and
 * on k, so the console's and the projector's views, rebuilt on every ballot of a later vote,
 * do not read 290 closed proposals again each time (79 ms a view for a check of 290 proposals
 * read by three attributes, docs/performance.md).
 */
const closedCache = new WeakMap<object, Map<string, StrataReading | null>>();

/** `ref` read by stratum; null while it is not closed, for a free-text poll, or when no strata were reported for it. */
export function strataReading(conv: Convention, ref: StratumRef): StrataReading | null {
  const decision = decisionOf(conv, ref);
  if (!decision || decision.status !== 'closed') return null;
  const key = `${refKey(ref)}|${smallGroupMin(conv)}`;
  let cached = closedCache.get(decision);
  if (!cached) closedCache.set(decision, (cached = new Map()));
  if (!cached.has(key)) cached.set(key, readClosed(conv, ref));
  return cached.get(key)!;
}

function readClosed(conv: Convention, ref: StratumRef): StrataReading | null {
  const subject = subjectOf(conv, ref);
  if (!subject) return null;
  const counts = resultByStratum(conv, ref);
  if (!counts) return null;
  const room = subject.verdict ?? verdictOf(subject.rule, subject.cells);
  const read = readByStratum(subject.rule, room, counts.cells, counts.attributes, counts.sizes);
  // A vote's room counts paper ballots too, which have no stratum: its total is the room's.
  const total = ref.kind === 'vote' ? sum(subject.cells) : counts.total;
  return {
    ref,
    title: subject.title,
    proposal: subject.proposal,
    rule: subject.rule,
    labels: subject.labels,
    room: { cells: subject.cells, ballots: ref.kind === 'poll' ? counts.total : sum(subject.cells), verdict: room },
    attributes: read.attributes,
    notHolding: read.notHolding,
    judged: read.judged,
    total,
    attributed: counts.attributed,
  };
}

/** Only `attribute`'s rows and marker: what the projector shows, one attribute at a time. */
export function readingOfAttribute(reading: StrataReading, attribute: string): StrataReading {
  const attributes = reading.attributes.filter((a) => a.attribute === attribute);
  return {
    ...reading,
    attributes,
    notHolding: reading.notHolding.filter((n) => n.attribute === attribute),
    judged: attributes.reduce((n, a) => n + a.rows.filter((r) => r.holds !== null).length, 0),
  };
}

/**
 * The results of a session that can be read by stratum, in the console's order (votes, then
 * consensus checks and gradings proposal by proposal, then polls): every one opened, closed or
 * not, so the console can say why one has no reading yet.
 */
export function sessionRefs(conv: Convention, sessionId: string): { ref: StratumRef; closed: boolean; secret: boolean }[] {
  const of = <T extends { sessionId: string }>(items: Record<string, T>) => Object.values(items).filter((i) => i.sessionId === sessionId);
  return [
    ...of(conv.votes)
      .filter((v) => v.status !== 'ready')
      .map((v) => ({ ref: { kind: 'vote' as const, id: v.id }, closed: v.status === 'closed', secret: v.secret })),
    ...of(conv.checks)
      .filter((c) => c.status !== 'ready')
      .flatMap((c) => c.proposalIds.map((proposalId) => ({ ref: { kind: 'check' as const, id: c.id, proposalId }, closed: c.status === 'closed', secret: true }))),
    ...of(conv.gradings)
      .filter((g) => g.status !== 'ready')
      .flatMap((g) => g.proposalIds.map((proposalId) => ({ ref: { kind: 'grading' as const, id: g.id, proposalId }, closed: g.status === 'closed', secret: true }))),
    ...of(conv.polls)
      .filter((p) => p.status !== 'draft' && p.format.kind !== 'words')
      .sort((a, b) => a.number - b.number)
      .map((p) => ({ ref: { kind: 'poll' as const, id: p.id }, closed: p.status === 'closed', secret: false })),
  ];
}

/** Every closed result of the convention read by stratum, session by session in the programme's order (those without strata left out): the dossier's and the exports' list. */
export function closedReadings(conv: Convention): { sessionId: string; reading: StrataReading }[] {
  return conv.sessionOrder.flatMap((sessionId) =>
    sessionRefs(conv, sessionId).flatMap(({ ref, closed }) => {
      const reading = closed ? strataReading(conv, ref) : null;
      return reading ? [{ sessionId, reading }] : [];
    }),
  );
}
