import { meetingOfSession } from '../../shared/features/speed/decide.ts';
import { speedRecord } from '../../shared/features/speed/record.ts';
import type { SpeedActor, SpeedMeeting } from '../../shared/features/speed/types.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { seatsOf, tableLabel } from '../../shared/features/speed/views.ts';

// A speed meeting's rotation plan as sheets to print: one for the members ("where do I go in
// each round", a row each, in roster order) and one for the actors ("who comes to my table").
// The cells name tables as the room does (the actor's table label, else its place in the list).
// No seat codes: a sheet pinned at the door must not let anyone take a member's seat. Names
// come from the meeting's record (kept when it ended: shared/features/speed/record.ts).

type Row = (string | number | null)[];

const roundHeaders = (rounds: number) => Array.from({ length: rounds }, (_, r) => `Tour ${r + 1}`);

function stopOf(actors: SpeedActor[], actorId: string): string {
  const index = actors.findIndex((a) => a.id === actorId);
  const actor = actors[index];
  // An actor removed after the plan was made (before the start) keeps its seats in the plan.
  if (!actor) return 'Table ?';
  const who = [actor.organisation, actor.name].filter((part) => part !== '').join(', ');
  return `Table ${tableLabel(actor, index)} — ${who}${actor.theme ? ` (${actor.theme})` : ''}`;
}

/** The session's planned meeting, or null when there is no plan to print. */
export function plannedMeeting(conv: Convention, sessionId: string): SpeedMeeting | null {
  const meeting = meetingOfSession(conv, sessionId);
  return meeting?.plan ? meeting : null;
}

/** A row per member of the plan: their table and actor in each round, "—" for a round off. */
export function speedByMemberRows(conv: Convention, meeting: SpeedMeeting): Row[] {
  const plan = meeting.plan!;
  const seats = seatsOf(plan);
  const record = speedRecord(conv, meeting);
  const rows: Row[] = [['Membre', ...roundHeaders(plan.rounds.length)]];
  for (const member of record.members) {
    const row = seats.get(member.id);
    if (row) rows.push([member.name, ...row.map((actorId) => (actorId ? stopOf(record.actors, actorId) : '—'))]);
  }
  return rows;
}

/** A row per actor: who sits at their table in each round. */
export function speedByActorRows(conv: Convention, meeting: SpeedMeeting): Row[] {
  const plan = meeting.plan!;
  const record = speedRecord(conv, meeting);
  const names = new Map(record.members.map((m) => [m.id, m.name]));
  const rows: Row[] = [['Table', 'Organisation', 'Intervenant·e', 'Thème', ...roundHeaders(plan.rounds.length)]];
  record.actors.forEach((actor, index) => {
    const cells = plan.rounds.map((round) => {
      const table = round.tables.find((t) => t.actorId === actor.id);
      return table && table.memberIds.length > 0 ? table.memberIds.map((id) => names.get(id) ?? '?').join(', ') : '—';
    });
    rows.push([tableLabel(actor, index), actor.organisation, actor.name, actor.theme, ...cells]);
  });
  return rows;
}
