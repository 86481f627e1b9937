import type { Convention } from '../../domain/types.ts';
import type { Question, QuestionRound } from './types.ts';

// Rules about questions that deciders and views share: what the room may see, in which state a
// question is, in which order lists are read, and which round of a session is the current one.

/** Neither withdrawn by its author nor merged into another question. */
export const isAlive = (q: Question): boolean => q.withdrawnAt === null && q.mergedInto === null;

/** What members, the projector and the speaker may see: approved, not hidden, alive. */
export const isVisible = (q: Question): boolean => isAlive(q) && q.approved && !q.hidden;

export type QuestionState = 'pending' | 'approved' | 'answered' | 'hidden';

/** The console's filters: hidden first (whatever else), then answered, then approved or pending. */
export function questionState(q: Question): QuestionState {
  if (q.hidden) return 'hidden';
  if (q.answeredAt !== null) return 'answered';
  return q.approved ? 'approved' : 'pending';
}

export const voteCount = (q: Question): number => Object.keys(q.voters).length;

export const isAuthor = (q: Question, memberId: string): boolean => q.authors.some((a) => a.memberId === memberId);

export type QuestionOrder = 'votes' | 'time';
export const QUESTION_ORDERS: readonly QuestionOrder[] = ['votes', 'time'];

interface Orderable {
  votes: number;
  askedAt: number;
  number: number;
}

/**
 * 'votes': most votes first, ties the older first (it waited longer). 'time': newest first.
 * The question number breaks what time cannot (two questions in the same millisecond).
 */
export function orderQuestions<T extends Orderable>(items: readonly T[], order: QuestionOrder): T[] {
  const copy = items.slice();
  if (order === 'votes') copy.sort((a, b) => b.votes - a.votes || a.askedAt - b.askedAt || a.number - b.number);
  else copy.sort((a, b) => b.askedAt - a.askedAt || b.number - a.number);
  return copy;
}

/** A session's rounds, oldest first; created in the same millisecond, in the order they were created (the record's order). */
export function roundsOf(conv: Convention, sessionId: string): QuestionRound[] {
  return Object.values(conv.questionRounds)
    .filter((r) => r.sessionId === sessionId)
    .sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * The round phones, the projector and the speaker show: the open one, else the one opened last
 * (its questions stay readable after it closes). A round never opened is not shown.
 */
export function currentRound(conv: Convention, sessionId: string): QuestionRound | null {
  const opened = roundsOf(conv, sessionId).filter((r) => r.openedAt !== null);
  const open = opened.find((r) => r.status === 'open');
  if (open) return open;
  return opened.reduce<QuestionRound | null>((last, r) => (last === null || r.openedAt! >= last.openedAt! ? r : last), null);
}

/** Where a question is: its round and itself. */
export function findQuestion(conv: Convention, questionId: string): { round: QuestionRound; question: Question } | null {
  for (const round of Object.values(conv.questionRounds)) {
    const question = round.questions.find((q) => q.id === questionId);
    if (question) return { round, question };
  }
  return null;
}

/** When the member asked questions in the window before `now`, oldest first (withdrawn ones count too). */
export function recentlyAsked(conv: Convention, memberId: string, now: number, windowMs: number): number[] {
  const times: number[] = [];
  for (const round of Object.values(conv.questionRounds)) {
    for (const q of round.questions) if (q.authors[0]?.memberId === memberId && q.askedAt > now - windowMs) times.push(q.askedAt);
  }
  return times.sort((a, b) => a - b);
}

/** The same text, whatever the case, spacing or final punctuation: a double send, not a new question. */
export const sameWording = (a: string, b: string): boolean => normalize(a) === normalize(b);
const normalize = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').replace(/[\s?!.…]+$/u, '').trim();
