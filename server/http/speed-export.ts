import { meetingOfSession } from '../../shared/domain/speed.ts';
import type { SpeedActor, SpeedMeeting } from '../../shared/domain/speed-types.ts';
import type { Convention } from '../../shared/domain/types.ts';

// A speed meeting's rotation plan as sheets to print: one for the members ("where do I go in
// each round", a row each, in roster order) and one for the actors ("who comes to my table").
// The cells name tables as the room does (the actor's table label, else its place in the list).
// No seat codes: a sheet pinned at the door must not let anyone take a member's seat.

type Row = (string | number | null)[];

const tableLabel = (meeting: SpeedMeeting, actor: SpeedActor) => actor.table || String(meeting.actors.indexOf(actor) + 1);
const roundHeaders = (rounds: number) => Array.from({ length: rounds }, (_, r) => `Tour ${r + 1}`);

function stopOf(meeting: SpeedMeeting, actor: SpeedActor | undefined): string {
  // An actor removed after the plan was made (before the start) keeps its seats in the plan.
  if (!actor) return 'Table ?';
  const who = [actor.organisation, actor.name].filter((part) => part !== '').join(', ');
  return `Table ${tableLabel(meeting, actor)} — ${who}${actor.theme ? ` (${actor.theme})` : ''}`;
}

/** The session's planned meeting, or null when there is no plan to print. */
export function plannedMeeting(conv: Convention, sessionId: string): SpeedMeeting | null {
  const meeting = meetingOfSession(conv, sessionId);
  return meeting?.plan ? meeting : null;
}

/** A row per member of the plan: their table and actor in each round, "—" for a round off. */
export function speedByMemberRows(conv: Convention, meeting: SpeedMeeting): Row[] {
  const plan = meeting.plan!;
  const actors = new Map(meeting.actors.map((a) => [a.id, a]));
  const seats = new Map<string, (string | null)[]>();
  plan.rounds.forEach((round, r) => {
    const seat = (memberId: string) => seats.get(memberId) ?? seats.set(memberId, plan.rounds.map(() => null)).get(memberId)!;
    for (const table of round.tables) for (const memberId of table.memberIds) seat(memberId)[r] = stopOf(meeting, actors.get(table.actorId));
    for (const memberId of round.unassigned) seat(memberId);
  });
  const rows: Row[] = [['Membre', ...roundHeaders(plan.rounds.length)]];
  for (const memberId of conv.memberOrder) {
    const row = seats.get(memberId);
    const member = conv.members[memberId];
    if (row && member) rows.push([member.name, ...row.map((cell) => cell ?? '—')]);
  }
  return rows;
}

/** A row per actor: who sits at their table in each round. */
export function speedByActorRows(conv: Convention, meeting: SpeedMeeting): Row[] {
  const plan = meeting.plan!;
  const rows: Row[] = [['Table', 'Organisation', 'Intervenant·e', 'Thème', ...roundHeaders(plan.rounds.length)]];
  for (const actor of meeting.actors) {
    const cells = plan.rounds.map((round) => {
      const table = round.tables.find((t) => t.actorId === actor.id);
      return table && table.memberIds.length > 0 ? table.memberIds.map((id) => conv.members[id]?.name ?? '?').join(', ') : '—';
    });
    rows.push([tableLabel(meeting, actor), actor.organisation, actor.name, actor.theme, ...cells]);
  }
  return rows;
}
