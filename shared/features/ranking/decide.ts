import { guestRefusal } from '../../domain/electorate.ts';
import type { Deciders } from '../../domain/feature.ts';
import { appError } from '../../errors.ts';
import { flattenOrder, schulze } from '../../math/schulze.ts';
import type { Args } from './commands.ts';
import type { RankingResults, rankingRoles, rankingSchemas } from './commands.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { findSession, isError, own, tableOf } from '../../domain/lookup.ts';
import type { Actor, Convention } from '../../domain/types.ts';
import type { LeverRanking, TableRanking } from './types.ts';
import type { Session } from '../core/types.ts';

/** The engine let only members send these commands (commands.ts): the actor is one. */
type MemberActor = Extract<Actor, { role: 'member' }>;

// Tables rank the levers together. Optional silent round: each member ranks alone, and each
// table starts from the Schulze order of its members' rankings, so the loudest voice does not
// anchor the table. Then any member of the table moves levers; a move names the version it was
// made on, and a stale move is rebased when the lever has not moved since, refused otherwise.

function findRanking(conv: Convention, activityId: string): LeverRanking | ReturnType<typeof appError> {
  return own(conv.activities, activityId) ?? appError('NOT_FOUND', 'no such activity', { entity: 'activity' });
}

const wrongPhaseError = (phase: string) => appError('WRONG_PHASE', `the activity is ${phase}`, { phase });
const wrongPhase = (phase: string) => refuse(wrongPhaseError(phase));

export function createRanking(conv: Convention, args: Args<'ranking.create'>, ctx: DecideContext): Decision<{ activityId: string; }> {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const unknown = args.tableIds.find((id) => !session.tables.some((t) => t.id === id));
  if (unknown) return refuse(appError('NOT_FOUND', 'no such table', { entity: 'table' }));
  const activity: Omit<LeverRanking, 'frozen'> = {
    id: ctx.newId(),
    kind: 'leverRanking',
    sessionId: session.id,
    title: args.title,
    phase: 'draft',
    silentRound: args.silentRound,
    requestedTableIds: [...new Set(args.tableIds)],
    tableIds: [],
    leverIds: [],
    revealed: false,
    silent: {},
    tables: {},
  };
  return accept([{ type: 'RankingCreated', activity }], { activityId: activity.id });
}

/** Opening fixes the tables and levers, and shows the activity on phones and the projector. */
export function openRanking(conv: Convention, args: Args<'ranking.open'>): Decision {
  const activity = findRanking(conv, args.activityId);
  if (isError(activity)) return refuse(activity);
  if (activity.phase !== 'draft') return wrongPhase(activity.phase);
  const session = conv.sessions[activity.sessionId]!;
  const tableIds = activity.requestedTableIds.length > 0 ? activity.requestedTableIds.filter((id) => session.tables.some((t) => t.id === id)) : session.tables.map((t) => t.id);
  if (tableIds.length === 0) return refuse(appError('NO_TABLES', 'create tables first'));
  const leverIds = conv.levers.map((l) => l.id);
  const tables = activity.silentRound ? {} : startingTables(tableIds, () => leverIds);
  return accept([
    { type: 'RankingOpened', activityId: activity.id, phase: activity.silentRound ? 'silent' : 'tables', tableIds, leverIds, tables },
    { type: 'ActiveActivitySet', sessionId: session.id, activityId: activity.id },
    ...showRanking(session),
  ]);
}

/** The projector shows the session's active ranking (shared/views/projector-panel.ts). */
function showRanking(session: Session): DomainEvent[] {
  return session.screenPanel === 'ranking' ? [] : [{ type: 'ScreenPanelSet', sessionId: session.id, panel: 'ranking' }];
}

/** Ends the silent round: each table starts from the Schulze order of its members' rankings. */
export function startTables(conv: Convention, args: Args<'ranking.startTables'>): Decision {
  const activity = findRanking(conv, args.activityId);
  if (isError(activity)) return refuse(activity);
  if (activity.phase !== 'silent') return wrongPhase(activity.phase);
  const session = conv.sessions[activity.sessionId]!;
  const tables = startingTables(activity.tableIds, (tableId) => tableStartingOrder(activity, session, tableId));
  return accept([{ type: 'RankingTablesStarted', activityId: activity.id, tables }]);
}

export function tableStartingOrder(activity: LeverRanking, session: Session, tableId: string): string[] {
  const memberIds = session.tables.find((t) => t.id === tableId)?.memberIds ?? [];
  const ballots = memberIds.flatMap((id) => (activity.silent[id] ? [{ ranking: activity.silent[id]!, count: 1 }] : []));
  if (ballots.length === 0) return activity.leverIds;
  // Ties (no majority either way) keep the convention's lever order: neutral and explainable.
  return flattenOrder(schulze(activity.leverIds, ballots).order, activity.leverIds);
}

function startingTables(tableIds: readonly string[], orderOf: (tableId: string) => string[]): Record<string, TableRanking> {
  return Object.fromEntries(tableIds.map((id) => [id, { order: orderOf(id), version: 0, agreed: {}, locked: false }]));
}

/** The member's table in this activity, or the error to answer. */
function memberTable(conv: Convention, activity: LeverRanking, actor: MemberActor) {
  const session = conv.sessions[activity.sessionId];
  const table = session ? tableOf(session, actor.memberId) : null;
  if (!table || !activity.tableIds.includes(table.id)) return appError('NOT_AT_TABLE', 'not at a participating table');
  return { memberId: actor.memberId, tableId: table.id };
}

function isPermutation(order: readonly string[], leverIds: readonly string[]): boolean {
  return order.length === leverIds.length && new Set(order).size === order.length && order.every((id) => leverIds.includes(id));
}

export function submitSilent(conv: Convention, args: Args<'ranking.submitSilent'>, actor: MemberActor): Decision {
  const activity = findRanking(conv, args.activityId);
  if (isError(activity)) return refuse(activity);
  if (activity.phase !== 'silent') return wrongPhase(activity.phase);
  const seat = memberTable(conv, activity, actor);
  if (isError(seat)) return refuse(seat);
  // A silent ranking is a ballot of the table's starting order: a guest gives one where guests vote.
  const guest = guestRefusal(conv, own(conv.sessions, activity.sessionId), seat.memberId);
  if (guest) return refuse(guest);
  if (!isPermutation(args.order, activity.leverIds)) return refuse(appError('INVALID_RANKING', 'the order must hold every lever once'));
  return accept([{ type: 'SilentRankingSubmitted', activityId: activity.id, memberId: seat.memberId, order: args.order }]);
}

/** The member's table in a ranking at its table step, still open to moves and marks; or the error to answer. */
function openTable(conv: Convention, activityId: string, actor: MemberActor) {
  const activity = findRanking(conv, activityId);
  if (isError(activity)) return activity;
  if (activity.phase !== 'tables') return wrongPhaseError(activity.phase);
  const seat = memberTable(conv, activity, actor);
  if (isError(seat)) return seat;
  const table = activity.tables[seat.tableId];
  if (!table) return appError('NOT_AT_TABLE', 'table not in this activity');
  if (table.locked) return appError('TABLE_LOCKED', 'the facilitator validated this ranking');
  return { activity, seat, table };
}

export function moveLever(conv: Convention, args: Args<'ranking.move'>, actor: MemberActor): Decision<{ version: number; }> {
  const open = openTable(conv, args.activityId, actor);
  if (isError(open)) return refuse(open);
  const { activity, seat, table } = open;
  const current = table.order.indexOf(args.leverId);
  if (current < 0) return refuse(appError('NOT_FOUND', 'no such lever', { entity: 'lever' }));
  if (args.toIndex >= table.order.length) return refuse(appError('INVALID_RANKING', 'position out of range'));
  // `fromIndex` is where the member saw the lever. On the current version it must be where the
  // lever is (a client that disagrees with the order it was sent is refused, with that order).
  // On a stale base: rebase when the lever is still where the member saw it; refuse otherwise,
  // with the current order, so nobody's move is silently lost or silently overrides another's.
  if (current !== args.fromIndex) {
    if (args.baseVersion === table.version) {
      return refuse(appError('INVALID_RANKING', 'the lever is not at fromIndex on this version', { order: table.order, version: table.version }));
    }
    return refuse(appError('CONFLICT', 'the order changed meanwhile', { order: table.order, version: table.version }));
  }
  // Already there: nothing to record, and the ack still says which version the order is at.
  if (current === args.toIndex) return accept([], { version: table.version });
  return accept([{ type: 'TableLeverMoved', activityId: activity.id, tableId: seat.tableId, memberId: seat.memberId, leverId: args.leverId, toIndex: args.toIndex }], { version: table.version + 1 });
}

export function agree(conv: Convention, args: Args<'ranking.agree'>, actor: MemberActor): Decision {
  const open = openTable(conv, args.activityId, actor);
  if (isError(open)) return refuse(open);
  const { activity, seat, table } = open;
  if (Boolean(table.agreed[seat.memberId]) === args.agree) return accept([]);
  return accept([{ type: 'TableAgreementSet', activityId: activity.id, tableId: seat.tableId, memberId: seat.memberId, agree: args.agree }]);
}

export function lockTable(conv: Convention, args: Args<'ranking.lock'>): Decision {
  const activity = findRanking(conv, args.activityId);
  if (isError(activity)) return refuse(activity);
  if (activity.phase !== 'tables') return wrongPhase(activity.phase);
  const table = own(activity.tables, args.tableId);
  if (!table) return refuse(appError('NOT_FOUND', 'no such table', { entity: 'table' }));
  if (table.locked === args.locked) return accept([]);
  return accept([{ type: 'TableLockSet', activityId: activity.id, tableId: args.tableId, locked: args.locked }]);
}

export function reveal(conv: Convention, args: Args<'ranking.reveal'>): Decision {
  const activity = findRanking(conv, args.activityId);
  if (isError(activity)) return refuse(activity);
  if (activity.phase === 'draft') return wrongPhase(activity.phase);
  const events: DomainEvent[] = activity.revealed === args.revealed ? [] : [{ type: 'RankingRevealSet', activityId: activity.id, revealed: args.revealed }];
  // Revealing the shown ranking puts it back on the projector: that is where the room looks.
  const session = conv.sessions[activity.sessionId];
  if (args.revealed && session?.activeActivityId === activity.id) events.push(...showRanking(session));
  return accept(events);
}

export function closeRanking(conv: Convention, args: Args<'ranking.close'>): Decision {
  const activity = findRanking(conv, args.activityId);
  if (isError(activity)) return refuse(activity);
  if (activity.phase === 'closed') return accept([]);
  if (activity.phase === 'draft') return wrongPhase(activity.phase);
  return accept([{ type: 'RankingClosed', activityId: activity.id }]);
}

export function showActivity(conv: Convention, args: Args<'activity.show'>): Decision {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  if (args.activityId !== null) {
    const activity = own(conv.activities, args.activityId);
    if (activity?.sessionId !== session.id) return refuse(appError('NOT_FOUND', 'no such activity in this session', { entity: 'activity' }));
    if (activity.phase === 'draft') return wrongPhase(activity.phase);
  }
  const events: DomainEvent[] = session.activeActivityId === args.activityId ? [] : [{ type: 'ActiveActivitySet', sessionId: session.id, activityId: args.activityId }];
  // Showing a ranking puts it on the projector too (again, when something else was shown since).
  if (args.activityId !== null) events.push(...showRanking(session));
  return accept(events);
}

export const rankingDeciders: Deciders<typeof rankingSchemas, typeof rankingRoles, RankingResults> = {
  'activity.show': (c, a) => showActivity(c, a),
  'ranking.create': (c, a, e) => createRanking(c, a, e.ctx),
  'ranking.open': (c, a) => openRanking(c, a),
  'ranking.startTables': (c, a) => startTables(c, a),
  'ranking.submitSilent': (c, a, e) => submitSilent(c, a, e.actor),
  'ranking.move': (c, a, e) => moveLever(c, a, e.actor),
  'ranking.agree': (c, a, e) => agree(c, a, e.actor),
  'ranking.lock': (c, a) => lockTable(c, a),
  'ranking.reveal': (c, a) => reveal(c, a),
  'ranking.close': (c, a) => closeRanking(c, a),
};
