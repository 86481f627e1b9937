import type { Convention } from './types.ts';
import type { Question, QuestionAuthor, QuestionRound } from './question-types.ts';

// Events of questions to speakers (shared/domain/questions.ts) and how they change the state.
// Every event names its round, so evolve finds the question without searching the convention.

export type QuestionEvent =
  | { type: 'QuestionRoundCreated'; round: QuestionRound }
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
  | { type: 'QuestionAnsweredSet'; roundId: string; questionId: string; answeredAt: number | null }
  | { type: 'QuestionEdited'; roundId: string; questionId: string; text: string; at: number }
  | { type: 'QuestionProjected'; roundId: string; questionId: string | null };

const TYPES = new Set<string>([
  'QuestionRoundCreated', 'QuestionRoundUpdated', 'QuestionRoundOpened', 'QuestionRoundClosed', 'QuestionAsked', 'QuestionWithdrawn',
  'QuestionVoteSet', 'QuestionsApproved', 'QuestionHiddenSet', 'QuestionsMerged', 'QuestionAnsweredSet', 'QuestionEdited', 'QuestionProjected',
] satisfies QuestionEvent['type'][]);

export function isQuestionEvent(event: { type: string }): event is QuestionEvent {
  return TYPES.has(event.type);
}

export function evolveQuestion(s: Convention, event: QuestionEvent): Convention {
  switch (event.type) {
    case 'QuestionRoundCreated':
      return { ...s, questionRounds: { ...s.questionRounds, [event.round.id]: event.round } };
    case 'QuestionRoundUpdated': {
      const { title, agendaItemId, premoderation, allowAnonymous } = event;
      return round(s, event.roundId, () => ({ title, agendaItemId, premoderation, allowAnonymous }));
    }
    case 'QuestionRoundOpened':
      return round(s, event.roundId, () => ({ status: 'open', openedAt: event.at }));
    case 'QuestionRoundClosed':
      return round(s, event.roundId, () => ({ status: 'closed', closedAt: event.at }));
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
        return { voters };
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
      return round(s, event.roundId, (r) => merge(r, event.sourceId, event.targetId));
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
 * the source was, and takes the projector if the source had it.
 */
function merge(r: QuestionRound, sourceId: string, targetId: string): Partial<QuestionRound> {
  const source = r.questions.find((q) => q.id === sourceId);
  const target = r.questions.find((q) => q.id === targetId);
  if (!source || !target) return {};
  const authors: QuestionAuthor[] = target.authors.map((a) => {
    const again = source.authors.find((b) => b.memberId === a.memberId);
    return again ? { memberId: a.memberId, signed: a.signed && again.signed } : a;
  });
  for (const b of source.authors) if (!authors.some((a) => a.memberId === b.memberId)) authors.push(b);
  const merged: Question = { ...target, authors, voters: { ...target.voters, ...source.voters }, approved: target.approved || source.approved, mergedFrom: [...target.mergedFrom, source.id] };
  return {
    questions: r.questions.map((q) => (q.id === targetId ? merged : q.id === sourceId ? { ...q, voters: {}, mergedInto: targetId } : q)),
    projectedId: r.projectedId === sourceId ? targetId : r.projectedId,
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
