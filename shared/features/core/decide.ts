import type { Deciders } from '../../domain/feature.ts';
import type { CoreResults, coreRoles, coreSchemas } from './commands.ts';
import { archiveConvention, refuseIfArchived, unarchiveConvention } from './archive.ts';
import * as convention from './convention.ts';
import { eraseMembers } from './erasure.ts';
import { setRetention } from './retention.ts';
import * as guests from './guests.ts';
import { importRoster } from './roster-import.ts';
import * as roster from './roster.ts';
import * as seating from './seating.ts';
import * as sessions from './sessions.ts';
import { showStrata } from './screen-strata.ts';

// The core's rules, one per command. Roles were checked before (commands.ts); what is left here
// depends on the state: a session that exists, a member who is active, a free seat code.

export const coreDeciders: Deciders<typeof coreSchemas, typeof coreRoles, CoreResults> = {
  'convention.create': (_c, a, e) => convention.createConvention(a, e.ctx),
  'convention.rename': (c, a) => convention.rename(c, a),
  'convention.update': (c, a) => convention.updateConvention(c, a),
  'convention.setSmallGroupMin': (c, a) => convention.setSmallGroupMin(c, a),
  'convention.archive': (c, a, e) => archiveConvention(c, a, e.ctx),
  'convention.unarchive': (c, a) => unarchiveConvention(c, a),
  'convention.setRetention': (c, a) => setRetention(c, a.retention),
  'lever.add': (c, a, e) => convention.addLever(c, a, e.ctx),
  'lever.rename': (c, a) => convention.renameLever(c, a),
  'lever.remove': (c, a) => convention.removeLever(c, a),
  'lever.move': (c, a) => convention.moveLever(c, a),
  'member.add': (c, a, e) => roster.addMember(c, a, e.ctx),
  'member.update': (c, a) => roster.updateMember(c, a),
  'member.setActive': (c, a) => roster.setMemberActive(c, a),
  'member.newSeatCode': (c, a, e) => roster.newSeatCode(c, a, e.ctx),
  'members.erase': (c, a) => eraseMembers(c, a.memberIds),
  'roster.import': (c, a, e) => importRoster(c, a.csv, e.ctx, a.columns),
  'seat.claim': (c, a, e) => refuseIfArchived(c) ?? roster.claimSeat(c, a, e.actor.tokenHash),
  'guest.request': (c, a, e) => refuseIfArchived(c) ?? guests.requestGuest(c, a, e.actor.tokenHash, e.ctx),
  'guest.admit': (c, a, e) => guests.admitGuest(c, a, e.ctx),
  'guest.refuse': (c, a) => guests.refuseGuest(c, a),
  'seat.release': (c, a) => roster.releaseSeat(c, a),
  'seat.resume': (c, a, e) => refuseIfArchived(c) ?? roster.resumeSeat(c, a, e.actor.memberId),
  'seat.leave': (c, a, e) => roster.leaveSeat(c, a, e.actor.tokenHash),
  'session.create': (c, a, e) => sessions.createSession(c, a, e.ctx),
  'session.update': (c, a) => sessions.updateSession(c, a),
  'session.move': (c, a) => sessions.moveSession(c, a),
  'session.remove': (c, a) => sessions.removeSession(c, a),
  'session.open': (c, a, e) => refuseIfArchived(c) ?? sessions.openSession(c, a, e.ctx),
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
  'groups.create': (c, a, e) => seating.createGroups(c, a, e.ctx),
  'groups.assignRandom': (c, a, e) => seating.assignGroupsAtRandom(c, a, e.ctx),
  'groups.seat': (c, a) => seating.groupMember(c, a),
  'groups.rename': (c, a) => seating.renameGroup(c, a),
  'presence.mark': (c, a) => seating.markPresence(c, a),
  'presence.markConnected': (c, a, e) => seating.markConnectedPresent(c, a, e.connected),
  'screen.show': (c, a) => seating.showOnScreen(c, a),
  'screen.showStrata': (c, a) => showStrata(c, a),
};
