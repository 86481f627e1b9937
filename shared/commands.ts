import type { Role } from './domain/types.ts';
import type { CommandName } from './schemas.ts';
import { deliberationRoles } from './features/deliberation/commands.ts';
import { speedRoles } from './features/speed/commands.ts';
import { pollRoles } from './features/polls/commands.ts';
import { timerRoles } from './features/timer/commands.ts';
import { visionRoles } from './features/visions/commands.ts';
import { questionRoles } from './features/questions/commands.ts';
import { proposalRoles } from './features/proposals/commands.ts';
import { rankingRoles } from './features/ranking/commands.ts';
import { voteRoles } from './features/votes/commands.ts';

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
