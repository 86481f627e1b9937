import type { Convention } from '../../domain/types.ts';
import type { SpeedMeeting, SpeedRecord } from './types.ts';

// The names a speed meeting's plan is read with. One function: views and sheets call it while
// the meeting is prepared or runs (the roster's names, the actors as they are), evolve calls it
// when the meeting ends and keeps its answer (`frozen`), which they then read.

export function speedRecord(conv: Convention, meeting: SpeedMeeting): SpeedRecord {
  if (meeting.frozen) return meeting.frozen;
  const planned = new Set<string>();
  for (const round of meeting.plan?.rounds ?? []) {
    for (const table of round.tables) for (const id of table.memberIds) planned.add(id);
    for (const id of round.unassigned) planned.add(id);
  }
  const members = conv.memberOrder.filter((id) => planned.has(id)).map((id) => ({ id, name: conv.members[id]?.name ?? '?' }));
  return { members, actors: meeting.actors };
}
