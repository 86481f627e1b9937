import { presentCount } from '../../domain/lookup.ts';
import type { Convention } from '../../domain/types.ts';
import type { Poll, PollRecord } from './types.ts';

// What a quick poll's participation is read against: the members present in its session. One
// function: the console's view calls it while the poll is a draft or open, evolve calls it when
// the poll closes and keeps its answer (`frozen`), which the view then reads, so presence marked
// or a member leaving afterwards never changes a closed poll's "12 answers, 14 present".

export function pollRecord(conv: Convention, poll: Poll): PollRecord {
  return poll.frozen ?? { present: presentCount(conv, poll.sessionId) };
}
