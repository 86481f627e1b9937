import type { Convention } from '../../domain/types.ts';
import { questionRoundRecord } from './record.ts';
import type { Question, QuestionAuthor, QuestionMerge, QuestionRound } from './types.ts';

// Events of questions to speakers (shared/features/questions/decide.ts) and how they change the
// state. Every event names its round, so evolve finds the question without searching the
// convention.

export type QuestionEvent =
  /** As created; the `frozen` names come with its close (evolve sets them). */
  | { type: 'QuestionRoundCreated'; round: Omit<QuestionRound, 'frozen'> }
  | { type: 'QuestionRoundUpdated'; roundId: string; title: string; agendaItemId: string | null; premoderation: boolean; allowAnonymous: boolean }
  | { type: 'QuestionRoundOpened'; roundId: string; at: number }
  | { type: 'QuestionRoundClosed'; roundId: string; at: number }
  | { type: 'QuestionAsked'; roundId: string; question: Question }
  /** The member stops being an author; the question is withdrawn when no author is left. */
  | { type: 'QuestionWithdrawn'; roundId: string; questionId: string; memberId: string; at: number }
  | { type: 'QuestionVoteSet'; roundId: string; questionId: string; memberId: string; up: boolean }
  | { type: 'QuestionsApproved'; roundId: string; questionIds: string[] }
  | { type: 'QuestionHiddenSet'; roundId: string; questionId: string; hidden: boolean }
  | { type: 'QuestionsMerged'; roundId: string; sourceId: string; targetId: string; at: number }
  /** Undoes that merge (the state of the target's `mergedFrom` says what to take back). */
  | { type: 'QuestionsUnmerged'; roundId: string; sourceId: string; targetId: string; at: number }
  | { type: 'QuestionAnsweredSet'; roundId: string; questionId: string; answeredAt: number | null }
  | { type: 'QuestionEdited'; roundId: string; questionId: string; text: string; at: number }
  | { type: 'QuestionProjected'; roundId: string; questionId: string | null };

const TYPES = new Set<string>([
  'QuestionRoundCreated', 'QuestionRoundUpdated', 'QuestionRoundOpened', 'QuestionRoundClosed', 'QuestionAsked', 'QuestionWithdrawn',
  'QuestionVoteSet', 'QuestionsApproved', 'QuestionHiddenSet', 'QuestionsMerged', 'QuestionsUnmerged', 'QuestionAnsweredSet', 'QuestionEdited', 'QuestionProjected',
] satisfies QuestionEvent['type'][]);

export function isQuestionEvent(event: { type: string }): event is QuestionEvent {
  return TYPES.has(event.type);
}

export function evolveQuestion(s: Convention, event: QuestionEvent): Convention {
  switch (event.type) {
    case 'QuestionRoundCreated':
      return { ...s, questionRounds: { ...s.questionRounds, [event.round.id]: { ...event.round, frozen: null } } };
    case 'QuestionRoundUpdated': {
      const { title, agendaItemId, premoderation, allowAnonymous } = event;
      return round(s, event.roundId, () => ({ title, agendaItemId, premoderation, allowAnonymous }));
    }
    case 'QuestionRoundOpened':
      // Opened again, it is live: its askers are named as the roster says until it closes again.
      return round(s, event.roundId, () => ({ status: 'open', openedAt: event.at, frozen: null }));
    case 'QuestionRoundClosed':
      return round(s, event.roundId, (r) => ({ status: 'closed', closedAt: event.at, frozen: questionRoundRecord(s, r) }));
    case 'QuestionAsked':
      return round(s, event.roundId, (r) => ({ questions: [...r.questions, event.question] }));
    case 'QuestionWithdrawn':
      return round(s, event.roundId, (r) => {
        const q = r.questions.find((x) => x.id === event.questionId);
        if (!q) return {};
        const authors = q.authors.filter((a) => a.memberId !== event.memberId);
        const change: Partial<Question> = authors.length > 0 ? { authors } : { withdrawnAt: event.at, voters: {} };
        return { questions: r.questions.map((x) => (x === q ? { ...q, ...change } : x)), projectedId: gone(r, q.id, authors.length === 0) };
      });
    case 'QuestionVoteSet':
      return question(s, event.roundId, event.questionId, (q) => {
        const voters = { ...q.voters };
        if (event.up) voters[event.memberId] = true;
        else delete voters[event.memberId];
        // A vote carried over by a merge that the member then changes here becomes their own.
        const claimed = q.mergedFrom.some((m) => m.addedVoters.includes(event.memberId));
        const mergedFrom = claimed ? q.mergedFrom.map((m) => ({ ...m, addedVoters: m.addedVoters.filter((id) => id !== event.memberId) })) : q.mergedFrom;
        return { voters, mergedFrom };
      });
    case 'QuestionsApproved': {
      const ids = new Set(event.questionIds);
      return round(s, event.roundId, (r) => ({ questions: r.questions.map((q) => (ids.has(q.id) ? { ...q, approved: true } : q)) }));
    }
    case 'QuestionHiddenSet':
      return round(s, event.roundId, (r) => ({
        questions: r.questions.map((q) => (q.id === event.questionId ? { ...q, hidden: event.hidden } : q)),
        projectedId: gone(r, event.questionId, event.hidden),
      }));
    case 'QuestionsMerged':
      return round(s, event.roundId, (r) => merge(r, event.sourceId, event.targetId, event.at));
    case 'QuestionsUnmerged':
      return round(s, event.roundId, (r) => unmerge(r, event.sourceId, event.targetId, event.at));
    case 'QuestionAnsweredSet':
      return round(s, event.roundId, (r) => ({
        questions: r.questions.map((q) => (q.id === event.questionId ? { ...q, answeredAt: event.answeredAt } : q)),
        // An answered question leaves the projector: the next one by votes takes its place.
        projectedId: gone(r, event.questionId, event.answeredAt !== null),
      }));
    case 'QuestionEdited':
      return question(s, event.roundId, event.questionId, (q) => ({ text: event.text, edits: [...q.edits, { text: q.text, at: event.at }] }));
    case 'QuestionProjected':
      return round(s, event.roundId, (r) => ({
        projectedId: event.questionId,
        // Projecting a question shows it to the room: a pending one is approved by that.
        questions: event.questionId === null ? r.questions : r.questions.map((q) => (q.id === event.questionId && !q.approved ? { ...q, approved: true } : q)),
      }));
  }
}

/**
 * The source's votes and askers move to the target, each member once. An asker of both keeps
 * the more private choice: anonymous if either was anonymous. The target becomes visible if
 * the source was, and takes the projector if the source had it. The source stays as it was
 * (frozen: no command acts on a merged question) and the target records what the merge added,
 * so that `unmerge` can take back exactly that.
 */
function merge(r: QuestionRound, sourceId: string, targetId: string, at: number): Partial<QuestionRound> {
  const source = r.questions.find((q) => q.id === sourceId);
  const target = r.questions.find((q) => q.id === targetId);
  if (!source || !target) return {};
  const unsignedAuthors: string[] = [];
  const authors: QuestionAuthor[] = target.authors.map((a) => {
    const again = source.authors.find((b) => b.memberId === a.memberId);
    if (!again || again.signed || !a.signed) return a;
    unsignedAuthors.push(a.memberId);
    return { memberId: a.memberId, signed: false };
  });
  const addedAuthors = source.authors.filter((b) => !target.authors.some((a) => a.memberId === b.memberId));
  authors.push(...addedAuthors);
  const record: QuestionMerge = {
    questionId: source.id,
    at,
    addedVoters: Object.keys(source.voters).filter((id) => !target.voters[id]),
    addedAuthors: addedAuthors.map((a) => a.memberId),
    unsignedAuthors,
    approvedByMerge: !target.approved && source.approved,
    tookProjector: r.projectedId === sourceId,
  };
  const merged: Question = { ...target, authors, voters: { ...target.voters, ...source.voters }, approved: target.approved || source.approved, mergedFrom: [...target.mergedFrom, record] };
  return {
    questions: r.questions.map((q) => (q.id === targetId ? merged : q.id === sourceId ? { ...q, mergedInto: targetId } : q)),
    projectedId: record.tookProjector ? targetId : r.projectedId,
  };
}

/**
 * Undoes a merge: the source comes back exactly as it was at the merge; the target loses what
 * the merge added (carried-over votes its voters did not touch since, the source's askers, the
 * anonymity it imposed, the approval, the projector) and keeps everything else, votes given
 * since included. A target left without an asker of its own (they all withdrew after the
 * merge) is withdrawn, as when its last asker withdraws, unless it was answered.
 */
function unmerge(r: QuestionRound, sourceId: string, targetId: string, at: number): Partial<QuestionRound> {
  const target = r.questions.find((q) => q.id === targetId);
  const record = target?.mergedFrom.find((m) => m.questionId === sourceId);
  if (!target || !record) return {};
  const voters = { ...target.voters };
  for (const id of record.addedVoters) delete voters[id];
  const authors = target.authors
    .filter((a) => !record.addedAuthors.includes(a.memberId))
    .map((a) => (record.unsignedAuthors.includes(a.memberId) ? { memberId: a.memberId, signed: true } : a));
  const projectedId = record.tookProjector && r.projectedId === targetId ? sourceId : r.projectedId;
  let restored: Question = {
    ...target,
    authors,
    voters,
    approved: record.approvedByMerge && projectedId !== targetId ? false : target.approved,
    mergedFrom: target.mergedFrom.filter((m) => m !== record),
  };
  // Its own askers all withdrew after the merge (an answered question stays in the record).
  if (authors.length === 0 && target.withdrawnAt === null && target.answeredAt === null) restored = { ...restored, withdrawnAt: at, voters: {} };
  return {
    questions: r.questions.map((q) => (q.id === targetId ? restored : q.id === sourceId ? { ...q, mergedInto: null } : q)),
    projectedId: restored.withdrawnAt !== null && projectedId === targetId ? null : projectedId,
  };
}

/** The projected question after `questionId` left the room's view (or not). */
function gone(r: QuestionRound, questionId: string, left: boolean): string | null {
  return left && r.projectedId === questionId ? null : r.projectedId;
}

function round(s: Convention, id: string, change: (r: QuestionRound) => Partial<QuestionRound>): Convention {
  const r = s.questionRounds[id];
  return r ? { ...s, questionRounds: { ...s.questionRounds, [id]: { ...r, ...change(r) } } } : s;
}

function question(s: Convention, roundId: string, questionId: string, change: (q: Question) => Partial<Question>): Convention {
  return round(s, roundId, (r) => ({ questions: r.questions.map((q) => (q.id === questionId ? { ...q, ...change(q) } : q)) }));
}
