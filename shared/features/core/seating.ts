import { appError } from '../../errors.ts';
import type { Args } from './commands.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { findMember, findSession, isError, own } from '../../domain/lookup.ts';
import { assignAtRandom } from './seating-plan.ts';
import type { Convention } from '../../domain/types.ts';
import type { Group, Session, Table } from './types.ts';

// Tables, groups, presence and what the projector shows: the room's layout for one session.
// Tables (4-8 people) and groups (about 20) follow the same rules, written once here: create N,
// deal the present members at random (balanced on an attribute), seat one member, rename.

/** The session's groups (none before the facilitator creates some, and in older logs). */
export const groupsOf = (session: Session): Group[] => session.groups ?? [];

/** The group a member belongs to in a session, if any. */
export const groupOf = (session: Session, memberId: string): Group | null => groupsOf(session).find((g) => g.memberIds.includes(memberId)) ?? null;

type Unit = 'table' | 'group';

const UNITS = {
  table: {
    of: (session: Session): Table[] => session.tables,
    /** Default names are content, in the convention's language like the rest of its programme. */
    name: (n: number) => `Table ${n}`,
    set: (sessionId: string, units: Table[]): DomainEvent => ({ type: 'TablesSet', sessionId, tables: units }),
    seat: (sessionId: string, memberId: string, unitId: string | null): DomainEvent => ({ type: 'MemberSeated', sessionId, memberId, tableId: unitId }),
    none: 'NO_TABLES',
  },
  group: {
    of: groupsOf,
    name: (n: number) => `Groupe ${n}`,
    set: (sessionId: string, units: Group[]): DomainEvent => ({ type: 'GroupsSet', sessionId, groups: units }),
    seat: (sessionId: string, memberId: string, unitId: string | null): DomainEvent => ({ type: 'MemberGrouped', sessionId, memberId, groupId: unitId }),
    none: 'NO_GROUPS',
  },
} as const;

function createUnits(unit: Unit, conv: Convention, sessionId: string, count: number, ctx: DecideContext): Decision {
  const session = findSession(conv, sessionId);
  if (isError(session)) return refuse(session);
  const units: Table[] = Array.from({ length: count }, (_, i) => ({ id: ctx.newId(), name: UNITS[unit].name(i + 1), memberIds: [] }));
  return accept([UNITS[unit].set(session.id, units)]);
}

function dealUnits(unit: Unit, conv: Convention, sessionId: string, balanceOn: string | null, ctx: DecideContext): Decision {
  const session = findSession(conv, sessionId);
  if (isError(session)) return refuse(session);
  const units = UNITS[unit].of(session);
  if (units.length === 0) return refuse(appError(UNITS[unit].none, `create ${unit}s first`));
  const present = conv.memberOrder.filter((id) => session.present[id] && conv.members[id]?.active);
  if (present.length === 0) return refuse(appError('NO_PRESENT_MEMBERS', 'nobody is marked present'));
  const plan = assignAtRandom({
    memberIds: present,
    tableIds: units.map((t) => t.id),
    random: ctx.random,
    ...(balanceOn ? { groupOf: (id: string) => own(conv.members[id]?.attributes ?? {}, balanceOn) ?? '' } : {}),
  });
  return accept([UNITS[unit].set(session.id, units.map((t) => ({ ...t, memberIds: plan[t.id] ?? [] })))]);
}

function seatInUnit(unit: Unit, conv: Convention, sessionId: string, memberId: string, unitId: string | null): Decision {
  const session = findSession(conv, sessionId);
  if (isError(session)) return refuse(session);
  const member = findMember(conv, memberId);
  if (isError(member)) return refuse(member);
  if (unitId !== null && !UNITS[unit].of(session).some((t) => t.id === unitId)) return refuse(appError('NOT_FOUND', `no such ${unit}`, { entity: unit }));
  return accept([UNITS[unit].seat(session.id, member.id, unitId)]);
}

function renameUnit(unit: Unit, conv: Convention, sessionId: string, unitId: string, name: string): Decision {
  const session = findSession(conv, sessionId);
  if (isError(session)) return refuse(session);
  const units = UNITS[unit].of(session);
  if (!units.some((t) => t.id === unitId)) return refuse(appError('NOT_FOUND', `no such ${unit}`, { entity: unit }));
  return accept([UNITS[unit].set(session.id, units.map((t) => (t.id === unitId ? { ...t, name } : t)))]);
}

export const createTables = (conv: Convention, args: Args<'tables.create'>, ctx: DecideContext) => createUnits('table', conv, args.sessionId, args.count, ctx);
export const assignTablesAtRandom = (conv: Convention, args: Args<'tables.assignRandom'>, ctx: DecideContext) => dealUnits('table', conv, args.sessionId, args.balanceOn, ctx);
export const seatMember = (conv: Convention, args: Args<'tables.seat'>) => seatInUnit('table', conv, args.sessionId, args.memberId, args.tableId);
export const renameTable = (conv: Convention, args: Args<'tables.rename'>) => renameUnit('table', conv, args.sessionId, args.tableId, args.name);

export const createGroups = (conv: Convention, args: Args<'groups.create'>, ctx: DecideContext) => createUnits('group', conv, args.sessionId, args.count, ctx);
export const assignGroupsAtRandom = (conv: Convention, args: Args<'groups.assignRandom'>, ctx: DecideContext) => dealUnits('group', conv, args.sessionId, args.balanceOn, ctx);
export const groupMember = (conv: Convention, args: Args<'groups.seat'>) => seatInUnit('group', conv, args.sessionId, args.memberId, args.groupId);
export const renameGroup = (conv: Convention, args: Args<'groups.rename'>) => renameUnit('group', conv, args.sessionId, args.groupId, args.name);

export function markPresence(conv: Convention, args: Args<'presence.mark'>): Decision {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const unknown = args.memberIds.find((id) => !own(conv.members, id));
  if (unknown) return refuse(appError('NOT_FOUND', `no member ${unknown}`, { entity: 'member' }));
  const changed = [...new Set(args.memberIds)].filter((id) => Boolean(session.present[id]) !== args.present);
  if (changed.length === 0) return accept([]);
  return accept([{ type: 'PresenceMarked', sessionId: session.id, memberIds: changed, present: args.present }]);
}

/** Connection state is not in the log; the server passes who is connected right now. */
export function markConnectedPresent(conv: Convention, args: Args<'presence.markConnected'>, connected: ReadonlySet<string>): Decision {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const memberIds = conv.memberOrder.filter((id) => connected.has(id) && !session.present[id]);
  if (memberIds.length === 0) return accept([]);
  return accept([{ type: 'PresenceMarked', sessionId: session.id, memberIds, present: true }]);
}

export function showOnScreen(conv: Convention, args: Args<'screen.show'>): Decision {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  return accept([{ type: 'ScreenPanelSet', sessionId: session.id, panel: args.panel }]);
}
