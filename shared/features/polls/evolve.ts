import type { Poll, PollAnswer, PollFormat } from './types.ts';
import type { Convention } from '../../domain/types.ts';
import { pollRecord } from './record.ts';
import type { FrozenStrata } from '../strata/frozen.ts';
import { reportedAttributes } from '../strata/member-strata.ts';

// Events of quick polls (shared/features/polls/decide.ts) and how they change the state (see
// shared/features/core/evolve.ts for the rules: pure, total, trusting the events).

export type PollEvent =
  /** As created; the `frozen` record comes with its close (evolve sets it). */
  | { type: 'PollCreated'; poll: Omit<Poll, 'frozen'> }
  | { type: 'PollEdited'; pollId: string; agendaItemId: string | null; question: string; format: PollFormat; live: boolean }
  | { type: 'PollDeleted'; pollId: string }
  /** Launched, or opened again after a close (answers kept). */
  | { type: 'PollLaunched'; pollId: string; at: number }
  /** `byStratum`: its answers per stratum as they were, small strata merged (shared/features/strata/answers.ts, closedPoll); absent: none reported. */
  | { type: 'PollClosed'; pollId: string; at: number; byStratum?: FrozenStrata }
  | { type: 'PollRevealed'; pollId: string; revealed: boolean }
  /** The poll the projector's 'poll' panel shows in that session. */
  | { type: 'PollShown'; sessionId: string; pollId: string }
  /** A member's answer; it replaces their previous one. */
  | { type: 'PollAnswered'; pollId: string; memberId: string; answer: PollAnswer }
  /** `key` is a word-cloud key (foldWord). */
  | { type: 'PollWordHidden'; pollId: string; key: string; hidden: boolean };

const TYPES = new Set<string>([
  'PollCreated', 'PollEdited', 'PollDeleted', 'PollLaunched', 'PollClosed', 'PollRevealed', 'PollShown', 'PollAnswered', 'PollWordHidden',
] satisfies PollEvent['type'][]);

export function isPollEvent(event: { type: string }): event is PollEvent {
  return TYPES.has(event.type);
}

export function evolvePoll(s: Convention, event: PollEvent): Convention {
  switch (event.type) {
    case 'PollCreated':
      return { ...s, polls: { ...s.polls, [event.poll.id]: { ...event.poll, frozen: null } } };
    case 'PollEdited':
      return poll(s, event.pollId, () => ({ agendaItemId: event.agendaItemId, question: event.question, format: event.format, live: event.live }));
    case 'PollDeleted': {
      if (!s.polls[event.pollId]) return s;
      const polls = { ...s.polls };
      delete polls[event.pollId];
      return { ...s, polls };
    }
    case 'PollLaunched': {
      // Open again, its counts per stratum are live again, over the strata reported now.
      const p = s.polls[event.pollId];
      if (!p) return s;
      const { byStratum: _closed, strataAttributes: _before, ...rest } = p;
      const attributes = reportedAttributes(s);
      const opened: Poll = { ...rest, status: 'open', launchedAt: event.at, closedAt: null, frozen: null, ...(attributes.length > 0 ? { strataAttributes: [...attributes] } : {}) };
      return { ...s, polls: { ...s.polls, [p.id]: opened } };
    }
    case 'PollClosed':
      return poll(s, event.pollId, (p) => ({ status: 'closed', closedAt: event.at, frozen: pollRecord(s, p), ...(event.byStratum ? { byStratum: event.byStratum } : {}) }));
    case 'PollRevealed':
      return poll(s, event.pollId, () => ({ revealed: event.revealed }));
    case 'PollShown':
      return { ...s, pollShown: { ...s.pollShown, [event.sessionId]: event.pollId } };
    case 'PollAnswered':
      return poll(s, event.pollId, (p) => ({ answers: { ...p.answers, [event.memberId]: event.answer } }));
    case 'PollWordHidden':
      return poll(s, event.pollId, (p) => {
        const others = p.hiddenWords.filter((key) => key !== event.key);
        return { hiddenWords: event.hidden ? [...others, event.key] : others };
      });
  }
}

function poll(s: Convention, id: string, change: (p: Poll) => Partial<Poll>): Convention {
  const p = s.polls[id];
  return p ? { ...s, polls: { ...s.polls, [id]: { ...p, ...change(p) } } } : s;
}
