import { appError } from '../../errors.ts';
import type { Args } from './commands.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import { findMember, findSession, isError, own } from '../../domain/lookup.ts';
import { assignAtRandom } from './seating-plan.ts';
import type { Convention } from '../../domain/types.ts';
import type { Table } from './types.ts';

// Tables, presence and what the projector shows: the room's layout for one session.

export function createTables(conv: Convention, args: Args<'tables.create'>, ctx: DecideContext): Decision {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const tables: Table[] = Array.from({ length: args.count }, (_, i) => ({ id: ctx.newId(), name: `Table ${i + 1}`, memberIds: [] }));
  return accept([{ type: 'TablesSet', sessionId: session.id, tables }]);
}

export function assignTablesAtRandom(conv: Convention, args: Args<'tables.assignRandom'>, ctx: DecideContext): Decision {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  if (session.tables.length === 0) return refuse(appError('NO_TABLES', 'create tables first'));
  const present = conv.memberOrder.filter((id) => session.present[id] && conv.members[id]?.active);
  if (present.length === 0) return refuse(appError('NO_PRESENT_MEMBERS', 'nobody is marked present'));
  const attribute = args.balanceOn;
  const plan = assignAtRandom({
    memberIds: present,
    tableIds: session.tables.map((t) => t.id),
    random: ctx.random,
    ...(attribute ? { groupOf: (id: string) => own(conv.members[id]?.attributes ?? {}, attribute) ?? '' } : {}),
  });
  const tables = session.tables.map((t) => ({ ...t, memberIds: plan[t.id] ?? [] }));
  return accept([{ type: 'TablesSet', sessionId: session.id, tables }]);
}

export function seatMember(conv: Convention, args: Args<'tables.seat'>): Decision {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const member = findMember(conv, args.memberId);
  if (isError(member)) return refuse(member);
  if (args.tableId !== null && !session.tables.some((t) => t.id === args.tableId)) {
    return refuse(appError('NOT_FOUND', 'no such table', { entity: 'table' }));
  }
  return accept([{ type: 'MemberSeated', sessionId: session.id, memberId: member.id, tableId: args.tableId }]);
}

export function renameTable(conv: Convention, args: Args<'tables.rename'>): Decision {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  if (!session.tables.some((t) => t.id === args.tableId)) return refuse(appError('NOT_FOUND', 'no such table', { entity: 'table' }));
  const tables = session.tables.map((t) => (t.id === args.tableId ? { ...t, name: args.name } : t));
  return accept([{ type: 'TablesSet', sessionId: session.id, tables }]);
}

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
