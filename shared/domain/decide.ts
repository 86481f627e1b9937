import type { Command, CommandName } from '../schemas.ts';
import type { DecideEnv, Decider, Decision } from './context.ts';
import * as convention from '../features/core/convention.ts';
import { deliberationDeciders } from '../features/deliberation/decide.ts';
import { speedDeciders } from '../features/speed/decide.ts';
import { pollDeciders } from '../features/polls/decide.ts';
import { timerDeciders } from '../features/timer/decide.ts';
import { visionDeciders } from '../features/visions/decide.ts';
import { questionDeciders } from '../features/questions/decide.ts';
import { proposalDeciders } from '../features/proposals/decide.ts';
import { rankingDeciders } from '../features/ranking/decide.ts';
import { voteDeciders } from '../features/votes/decide.ts';
import * as roster from '../features/core/roster.ts';
import * as seating from '../features/core/seating.ts';
import * as sessions from '../features/core/sessions.ts';
import type { Convention } from './types.ts';

// command -> events. Pure: the same state, command, actor and context give the same decision.
// Roles are checked before this (shared/commands.ts); rules that depend on the state are here.

const deciders: { [N in CommandName]: Decider<N> } = {
  'convention.rename': (c, a) => convention.rename(c, a),
  'lever.add': (c, a, e) => convention.addLever(c, a, e.ctx),
  'lever.rename': (c, a) => convention.renameLever(c, a),
  'lever.remove': (c, a) => convention.removeLever(c, a),
  'lever.move': (c, a) => convention.moveLever(c, a),
  'member.add': (c, a, e) => roster.addMember(c, a, e.ctx),
  'member.update': (c, a) => roster.updateMember(c, a),
  'member.setActive': (c, a) => roster.setMemberActive(c, a),
  'member.newSeatCode': (c, a, e) => roster.newSeatCode(c, a, e.ctx),
  'seat.release': (c, a) => roster.releaseSeat(c, a),
  'session.create': (c, a, e) => sessions.createSession(c, a, e.ctx),
  'session.update': (c, a) => sessions.updateSession(c, a),
  'session.open': (c, a, e) => sessions.openSession(c, a, e.ctx),
  'session.close': (c, a, e) => sessions.closeSession(c, a, e.ctx),
  'agenda.add': (c, a, e) => sessions.addAgendaItem(c, a, e.ctx),
  'agenda.addMany': (c, a, e) => sessions.addAgendaItems(c, a, e.ctx),
  'agenda.update': (c, a) => sessions.updateAgendaItem(c, a),
  'agenda.remove': (c, a) => sessions.removeAgendaItem(c, a),
  'agenda.move': (c, a) => sessions.moveAgendaItem(c, a),
  'agenda.setCurrent': (c, a) => sessions.setCurrentItem(c, a),
  'tables.create': (c, a, e) => seating.createTables(c, a, e.ctx),
  'tables.assignRandom': (c, a, e) => seating.assignTablesAtRandom(c, a, e.ctx),
  'tables.seat': (c, a) => seating.seatMember(c, a),
  'tables.rename': (c, a) => seating.renameTable(c, a),
  'presence.mark': (c, a) => seating.markPresence(c, a),
  'presence.markConnected': (c, a, e) => seating.markConnectedPresent(c, a, e.connected),
  'screen.show': (c, a) => seating.showOnScreen(c, a),
  ...rankingDeciders,
  ...proposalDeciders,
  ...voteDeciders,
  ...deliberationDeciders,
  ...speedDeciders,
  ...pollDeciders,
  ...timerDeciders,
  ...visionDeciders,
  ...questionDeciders,
};

export function decide(conv: Convention, command: Command, env: DecideEnv): Decision {
  const decider = deciders[command.name] as Decider<typeof command.name>;
  return decider(conv, command.args as never, env);
}
