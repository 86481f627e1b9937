import type { Role } from './domain/types.ts';
import type { CommandName } from './schemas.ts';
import { deliberationRoles } from './domain/deliberation-schemas.ts';
import { speedRoles } from './domain/speed-schemas.ts';
import { pollRoles } from './domain/poll-schemas.ts';
import { timerRoles } from './domain/timer-schemas.ts';
import { visionRoles } from './domain/vision-schemas.ts';
import { questionRoles } from './domain/question-schemas.ts';
import { proposalRoles } from './domain/proposal-schemas.ts';
import { rankingRoles } from './domain/ranking-schemas.ts';
import { voteRoles } from './domain/vote-schemas.ts';

// Who may send each command. The server checks this before the domain sees the command;
// finer rules (a member's own table, a live session) are decided in shared/domain.
const FACILITATOR: readonly Role[] = ['facilitator'];

export const commandRoles: Record<CommandName, readonly Role[]> = {
  'convention.rename': FACILITATOR,
  'lever.add': FACILITATOR,
  'lever.rename': FACILITATOR,
  'lever.remove': FACILITATOR,
  'lever.move': FACILITATOR,
  'member.add': FACILITATOR,
  'member.update': FACILITATOR,
  'member.setActive': FACILITATOR,
  'member.newSeatCode': FACILITATOR,
  'seat.release': FACILITATOR,
  'session.create': FACILITATOR,
  'session.update': FACILITATOR,
  'session.open': FACILITATOR,
  'session.close': FACILITATOR,
  'agenda.add': FACILITATOR,
  'agenda.addMany': FACILITATOR,
  'agenda.update': FACILITATOR,
  'agenda.remove': FACILITATOR,
  'agenda.move': FACILITATOR,
  'agenda.setCurrent': FACILITATOR,
  'tables.create': FACILITATOR,
  'tables.assignRandom': FACILITATOR,
  'tables.seat': FACILITATOR,
  'tables.rename': FACILITATOR,
  'presence.mark': FACILITATOR,
  'presence.markConnected': FACILITATOR,
  'screen.show': FACILITATOR,
  ...rankingRoles,
  ...proposalRoles,
  ...voteRoles,
  ...deliberationRoles,
  ...speedRoles,
  ...pollRoles,
  ...timerRoles,
  ...visionRoles,
  ...questionRoles,
};
