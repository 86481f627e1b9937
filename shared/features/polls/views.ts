import { liveSession } from '../../domain/lookup.ts';
import type { Poll, PollAnswer, PollFormat, PollStatus } from './types.ts';
import type { Convention } from '../../domain/types.ts';
import type { Session } from '../core/types.ts';
import { countChoices, scaleStats } from '../../math/poll-counts.ts';
import { pollRecord } from './record.ts';
import { wordCloud, type CloudWord } from '../../math/word-cloud.ts';

// Quick polls as each screen sees them. Only aggregates leave the server: counts, a scale's
// distribution, a word cloud. Phones and the projector get them once revealed (or at once when
// the poll's results are live); the console always. A member's own answer goes on their own
// channel only; the console also gets a free-text poll's bare texts (no names, in alphabetical
// order, not the order they came in) to moderate the cloud.

export type PollResults =
  | { kind: 'choices'; options: { id: string; label: string; count: number; percent: number }[] }
  | { kind: 'scale'; distribution: { value: number; count: number; percent: number }[]; mean: number | null; median: number | null }
  | { kind: 'words'; words: CloudWord[] };

export interface PollView {
  id: string;
  number: number;
  question: string;
  format: PollFormat;
  status: PollStatus;
  revealed: boolean;
  live: boolean;
  /** Members who answered (participation is public from the start). */
  respondents: number;
  /** Null until revealed, unless the results are live (always there on the console). */
  results: PollResults | null;
}

export interface ConsolePoll extends PollView {
  /** Members present in its session (as at its close, once closed): participation's denominator. */
  present: number;
  agendaItemId: string | null;
  launchedAt: number | null;
  closedAt: number | null;
  /** The poll the projector's 'poll' panel shows. */
  shownOnPollPanel: boolean;
  /** A free-text poll's answers, alphabetical, without names: what moderation reads. */
  texts: string[];
  /** Words taken out of the cloud, with how they were written, to put them back. */
  hiddenWords: { key: string; text: string; count: number }[];
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function answersOf(poll: Poll): PollAnswer[] {
  return Object.values(poll.answers);
}

export function pollResults(poll: Poll): PollResults {
  const answers = answersOf(poll);
  const format = poll.format;
  switch (format.kind) {
    case 'single':
    case 'multiple': {
      const counted = countChoices(
        format.options.map((o) => o.id),
        answers.flatMap((a) => (a.kind === 'choices' ? [a.optionIds] : [])),
      );
      return { kind: 'choices', options: format.options.map((o, i) => ({ id: o.id, label: o.label, count: counted.options[i]!.count, percent: counted.options[i]!.percent })) };
    }
    case 'scale': {
      const stats = scaleStats(format.min, format.max, answers.flatMap((a) => (a.kind === 'scale' ? [a.value] : [])));
      return { kind: 'scale', distribution: stats.distribution, mean: stats.mean, median: stats.median };
    }
    case 'words':
      return { kind: 'words', words: wordCloud(texts(poll), { hidden: poll.hiddenWords }).words };
  }
}

function texts(poll: Poll): string[] {
  return answersOf(poll).flatMap((a) => (a.kind === 'words' ? [a.text] : []));
}

export function pollView(poll: Poll, audience: 'public' | 'console'): PollView {
  const show = audience === 'console' || poll.revealed || poll.live;
  return {
    id: poll.id,
    number: poll.number,
    question: poll.question,
    format: poll.format,
    status: poll.status,
    revealed: poll.revealed,
    live: poll.live,
    respondents: Object.keys(poll.answers).length,
    results: show ? pollResults(poll) : null,
  };
}

function consolePoll(conv: Convention, poll: Poll): ConsolePoll {
  const words = poll.format.kind === 'words';
  const all = words ? wordCloud(texts(poll), { top: Infinity }).words : [];
  return {
    ...pollView(poll, 'console'),
    present: pollRecord(conv, poll).present,
    agendaItemId: poll.agendaItemId,
    launchedAt: poll.launchedAt,
    closedAt: poll.closedAt,
    shownOnPollPanel: conv.pollShown[poll.sessionId] === poll.id,
    texts: words ? texts(poll).sort(byCodePoint) : [],
    hiddenWords: poll.hiddenWords.map((key) => {
      const found = all.find((w) => w.key === key);
      return { key, text: found?.text ?? key, count: found?.count ?? 0 };
    }),
  };
}

function pollsOf(conv: Convention, sessionId: string): Poll[] {
  return Object.values(conv.polls)
    .filter((p) => p.sessionId === sessionId)
    .sort((a, b) => a.number - b.number);
}

/** The session's open poll (one at a time), if any. */
function openPoll(conv: Convention, session: Session): Poll | null {
  return pollsOf(conv, session.id).find((p) => p.status === 'open') ?? null;
}

/** What the projector's 'poll' panel shows: the poll last launched or shown, else the open one. */
export function shownPoll(conv: Convention, session: Session): Poll | null {
  const id = conv.pollShown[session.id];
  const shown = id ? conv.polls[id] : undefined;
  return shown && shown.sessionId === session.id && shown.status !== 'draft' ? shown : openPoll(conv, session);
}

/** The projector: the shown poll of the live session (question, participation, results once revealed). */
export function screenPoll(conv: Convention): PollView | null {
  const session = liveSession(conv);
  const poll = session ? shownPoll(conv, session) : null;
  return poll ? pollView(poll, 'public') : null;
}

/** Phones: the open poll to answer; with none open, the one on the projector (its results once revealed). */
export function publicPoll(conv: Convention): PollView | null {
  const session = liveSession(conv);
  const poll = session ? (openPoll(conv, session) ?? shownPoll(conv, session)) : null;
  return poll ? pollView(poll, 'public') : null;
}

/** This member's own answer to the poll their phone shows. */
export function memberPoll(conv: Convention, memberId: string): { pollId: string; answer: PollAnswer | null } | null {
  const session = liveSession(conv);
  const poll = session ? (openPoll(conv, session) ?? shownPoll(conv, session)) : null;
  return poll ? { pollId: poll.id, answer: poll.answers[memberId] ?? null } : null;
}

/** Every poll of a session, in the order they were prepared, with results and moderation data. */
export function consolePolls(conv: Convention, sessionId: string): ConsolePoll[] {
  return pollsOf(conv, sessionId).map((p) => consolePoll(conv, p));
}
