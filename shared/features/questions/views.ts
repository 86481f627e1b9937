import { liveSession } from '../../domain/lookup.ts';
import { currentRound, isAlive, isAuthor, isVisible, orderQuestions, questionState, roundsOf, voteCount, type QuestionState } from './rules.ts';
import { questionRoundRecord } from './record.ts';
import type { Question, QuestionRound, QuestionRoundStatus } from './types.ts';
import type { Convention } from '../../domain/types.ts';

// Questions to speakers as each screen sees them. Anonymity: the asker of an anonymous question
// appears in no view but the asker's own member channel; the console too sees only "anonyme"
// (moderating needs the wording, not the person). Voters never appear: counts only, and each
// member's own votes on their own channel.

/** Who asked, as the room may read it: the names of signed askers, and how many asked anonymously. */
export interface Askers {
  askedBy: string[];
  anonymousAskers: number;
}

export interface RoundHeader {
  id: string;
  title: string;
  status: QuestionRoundStatus;
  premoderation: boolean;
  allowAnonymous: boolean;
  /** The agenda item it belongs to, by title. */
  agendaItemTitle: string | null;
}

export interface PublicQuestion extends Askers {
  id: string;
  number: number;
  text: string;
  votes: number;
  askedAt: number;
  answered: boolean;
  projected: boolean;
  /** The facilitator corrected the wording. */
  edited: boolean;
}

/** Public channel: the live session's current round and its visible questions, in the order asked. */
export interface PublicQuestions {
  round: RoundHeader;
  questions: PublicQuestion[];
}

export interface MyQuestion {
  id: string;
  number: number;
  text: string;
  /** This member asked it anonymously. */
  anonymous: boolean;
  state: QuestionState;
  votes: number;
  /** The facilitator merged this member's question into this one (its wording may be someone else's). */
  joined: boolean;
  /** Others who asked it too (a merge): withdrawing then only takes this member off it. */
  otherAskers: number;
}

/** Member channel: what this member asked and upvoted in the current round. */
export interface MemberQuestions {
  roundId: string;
  mine: MyQuestion[];
  upvoted: string[];
}

export interface ScreenQuestion extends Askers {
  id: string;
  number: number;
  text: string;
  votes: number;
}

/** Screen channel (projector and speaker view): approved questions not yet answered, most votes first. */
export interface ScreenQuestions {
  round: { id: string; title: string; status: QuestionRoundStatus };
  projected: ScreenQuestion | null;
  /** Every approved, unanswered question by votes (ties: the older first), the projected one included. */
  waiting: ScreenQuestion[];
  answeredCount: number;
}

export interface ConsoleQuestion extends Askers {
  id: string;
  number: number;
  text: string;
  votes: number;
  askedAt: number;
  state: QuestionState;
  answeredAt: number | null;
  /** Earlier wordings, oldest first. */
  edits: { text: string; at: number }[];
  /** Duplicates merged into it, oldest merge first: each may be split back (`question.unmerge`). */
  merged: MergedQuestion[];
}

/** A duplicate as the console shows it on the kept question: enough to recognise it before undoing. */
export interface MergedQuestion extends Askers {
  id: string;
  number: number;
  text: string;
  /** Its own votes, which it gets back if the merge is undone. */
  votes: number;
}

export interface ConsoleRound extends RoundHeader {
  agendaItemId: string | null;
  openedAt: number | null;
  closedAt: number | null;
  projectedId: string | null;
  /** Every question but withdrawn ones and merged duplicates, in the order asked. */
  questions: ConsoleQuestion[];
  counts: Record<QuestionState, number> & { withdrawn: number };
}

export interface ConsoleQuestions {
  rounds: ConsoleRound[];
  /** The round phones and the projector show (open, else the last opened). */
  currentRoundId: string | null;
}

/** Signed askers by name (`names`: the round's record, as at its close once closed), the others counted. */
function askers(names: Record<string, string>, q: Question): Askers {
  const signed = q.authors.filter((a) => a.signed);
  return { askedBy: signed.map((a) => names[a.memberId] ?? '?'), anonymousAskers: q.authors.length - signed.length };
}

function header(conv: Convention, r: QuestionRound): RoundHeader {
  const item = r.agendaItemId ? conv.sessions[r.sessionId]?.agenda.find((i) => i.id === r.agendaItemId) : undefined;
  return { id: r.id, title: r.title, status: r.status, premoderation: r.premoderation, allowAnonymous: r.allowAnonymous, agendaItemTitle: item?.title ?? null };
}

function liveRound(conv: Convention): QuestionRound | null {
  const s = liveSession(conv);
  return s ? currentRound(conv, s.id) : null;
}

export function publicQuestions(conv: Convention): PublicQuestions | null {
  const r = liveRound(conv);
  if (!r) return null;
  const names = questionRoundRecord(conv, r).askers;
  return {
    round: header(conv, r),
    questions: r.questions.filter(isVisible).map((q) => ({
      id: q.id,
      number: q.number,
      text: q.text,
      ...askers(names, q),
      votes: voteCount(q),
      askedAt: q.askedAt,
      answered: q.answeredAt !== null,
      projected: r.projectedId === q.id,
      edited: q.edits.length > 0,
    })),
  };
}

export function memberQuestions(conv: Convention, memberId: string): MemberQuestions | null {
  const r = liveRound(conv);
  if (!r) return null;
  const mine = r.questions
    .filter((q) => isAlive(q) && isAuthor(q, memberId))
    .map((q) => ({
      id: q.id,
      number: q.number,
      text: q.text,
      anonymous: !q.authors.find((a) => a.memberId === memberId)!.signed,
      state: questionState(q),
      votes: voteCount(q),
      joined: q.mergedFrom.some((m) => m.addedAuthors.includes(memberId)),
      otherAskers: q.authors.length - 1,
    }));
  const upvoted = r.questions.filter((q) => isVisible(q) && q.voters[memberId]).map((q) => q.id);
  return { roundId: r.id, mine, upvoted };
}

function screenQuestion(names: Record<string, string>, q: Question): ScreenQuestion {
  return { id: q.id, number: q.number, text: q.text, ...askers(names, q), votes: voteCount(q) };
}

export function screenQuestions(conv: Convention): ScreenQuestions | null {
  const r = liveRound(conv);
  if (!r) return null;
  const names = questionRoundRecord(conv, r).askers;
  const visible = r.questions.filter(isVisible);
  const waiting = orderQuestions(
    visible.filter((q) => q.answeredAt === null).map((q) => ({ q, votes: voteCount(q), askedAt: q.askedAt, number: q.number })),
    'votes',
  ).map(({ q }) => screenQuestion(names, q));
  const projected = visible.find((q) => q.id === r.projectedId);
  return {
    round: { id: r.id, title: r.title, status: r.status },
    projected: projected ? screenQuestion(names, projected) : null,
    waiting,
    answeredCount: visible.length - waiting.length,
  };
}

export function consoleQuestions(conv: Convention, sessionId: string): ConsoleQuestions {
  const current = currentRound(conv, sessionId);
  return {
    currentRoundId: current?.id ?? null,
    rounds: roundsOf(conv, sessionId).map((r) => {
      const names = questionRoundRecord(conv, r).askers;
      const byId = new Map(r.questions.map((q) => [q.id, q]));
      const questions: ConsoleQuestion[] = r.questions.filter(isAlive).map((q) => ({
        id: q.id,
        number: q.number,
        text: q.text,
        ...askers(names, q),
        votes: voteCount(q),
        askedAt: q.askedAt,
        state: questionState(q),
        answeredAt: q.answeredAt,
        edits: q.edits,
        merged: q.mergedFrom.flatMap(({ questionId }) => {
          const m = byId.get(questionId);
          return m ? [{ id: m.id, number: m.number, text: m.text, ...askers(names, m), votes: voteCount(m) }] : [];
        }),
      }));
      const counts = { pending: 0, approved: 0, answered: 0, hidden: 0, withdrawn: r.questions.filter((q) => q.withdrawnAt !== null).length };
      for (const q of questions) counts[q.state] += 1;
      return { ...header(conv, r), agendaItemId: r.agendaItemId, openedAt: r.openedAt, closedAt: r.closedAt, projectedId: r.projectedId, questions, counts };
    }),
  };
}
