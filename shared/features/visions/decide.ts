import type { Deciders } from '../../domain/feature.ts';
import { appError, type AppError } from '../../errors.ts';
import type { Args } from './commands.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { findSession, isError, own } from '../../domain/lookup.ts';
import type { Convention } from '../../domain/types.ts';
import type { Session } from '../core/types.ts';
import type { VisionResults, visionRoles, visionSchemas } from './commands.ts';
import { emptyTable, memberUnit, NO_UNITS, NOT_IN_UNIT, OWN_UNIT, sessionUnits, tableText, unitOf, writingTableIds } from './units.ts';
import { VISION_VERSIONS_MAX, type TableVision, type Vision, type VisionVersion } from './types.ts';

// Visions. Each writing unit (table or group, units.ts) writes one text together from its phones: a save names the version
// it was written on, and a save on an older version is refused with the current text (never
// merged silently, nothing overwritten); every save is a version, and restoring an old one makes
// a new version. Texts stay with their table until the facilitator shows them to the room.

function findVision(conv: Convention, visionId: string): Vision | AppError {
  return own(conv.visions, visionId) ?? appError('NOT_FOUND', 'no such vision', { entity: 'vision' });
}

function liveSessionOf(conv: Convention, vision: Vision): Session | AppError {
  if (conv.liveSessionId !== vision.sessionId) return appError('SESSION_NOT_LIVE', 'the vision belongs to a session that is not live');
  return conv.sessions[vision.sessionId]!;
}

const wrongPhase = (phase: string) => appError('WRONG_PHASE', `the vision is ${phase}`, { phase });

/** The show on the projector follows what the facilitator shows of the visions. */
function showPanel(conv: Convention, vision: Vision): DomainEvent[] {
  const session = conv.sessions[vision.sessionId];
  return session && conv.liveSessionId === session.id && session.screenPanel !== 'visions' ? [{ type: 'ScreenPanelSet', sessionId: session.id, panel: 'visions' }] : [];
}

export function createVision(conv: Convention, args: Args<'vision.create'>, ctx: DecideContext): Decision<{ visionId: string; }> {
  const session = findSession(conv, args.sessionId);
  if (isError(session)) return refuse(session);
  const unit = args.unit ?? 'table';
  const units = sessionUnits(session, unit);
  // A vision by group needs the groups first (tables may come later, as they always could).
  if (unit === 'group' && units.length === 0) return refuse(appError(NO_UNITS.group, 'create groups first'));
  if (args.tableIds.some((id) => !units.some((t) => t.id === id))) return refuse(appError('NOT_FOUND', `no such ${unit}`, { entity: unit }));
  const vision: Omit<Vision, 'frozen'> = {
    id: ctx.newId(),
    kind: 'vision',
    sessionId: session.id,
    title: args.title,
    prompt: args.prompt,
    createdAt: ctx.now(),
    status: 'ready',
    // Only a group vision names its unit: a table vision's event stays as it always was.
    ...(unit === 'group' ? { unit } : {}),
    requestedTableIds: [...new Set(args.tableIds)],
    tableIds: [],
    tables: {},
    gallery: false,
    featuredTableId: null,
    reactions: {},
  };
  return accept([{ type: 'VisionCreated', vision }], { visionId: vision.id });
}

/** Opening fixes the writing tables (the chosen ones, or all); reopening a closed one keeps them and their texts. */
export function openVision(conv: Convention, args: Args<'vision.open'>): Decision {
  const vision = findVision(conv, args.visionId);
  if (isError(vision)) return refuse(vision);
  if (vision.status === 'open') return accept([]);
  const session = liveSessionOf(conv, vision);
  if (isError(session)) return refuse(session);
  const units = sessionUnits(session, unitOf(vision));
  const tableIds =
    vision.status === 'closed'
      ? vision.tableIds
      : vision.requestedTableIds.length > 0
        ? vision.requestedTableIds.filter((id) => units.some((t) => t.id === id))
        : units.map((t) => t.id);
  if (tableIds.length === 0) return refuse(appError(NO_UNITS[unitOf(vision)], `create ${unitOf(vision)}s first`));
  const tables = Object.fromEntries(tableIds.filter((id) => !vision.tables[id]).map((id) => [id, emptyTable()]));
  return accept([{ type: 'VisionOpened', visionId: vision.id, tableIds, tables }]);
}

export function closeVision(conv: Convention, args: Args<'vision.close'>): Decision {
  const vision = findVision(conv, args.visionId);
  if (isError(vision)) return refuse(vision);
  if (vision.status === 'closed') return accept([]);
  if (vision.status !== 'open') return refuse(wrongPhase(vision.status));
  return accept([{ type: 'VisionClosed', visionId: vision.id }]);
}

/** The member's writing unit (table or group), or the error to answer. */
function writingTable(conv: Convention, vision: Vision, memberId: string): { tableId: string; table: TableVision } | AppError {
  const session = liveSessionOf(conv, vision);
  if (isError(session)) return session;
  if (vision.status !== 'open') return wrongPhase(vision.status);
  const unit = unitOf(vision);
  const tableId = memberUnit(session, unit, memberId)?.id;
  if (!tableId || !writingTableIds(conv, vision).includes(tableId)) return appError(NOT_IN_UNIT[unit], `not in a ${unit} writing this vision`);
  return { tableId, table: tableText(vision, tableId) };
}

function checkBase(table: TableVision, baseVersion: number): AppError | null {
  if (baseVersion === table.version) return null;
  return appError('CONFLICT', 'the text changed meanwhile', { current: { version: table.version, text: table.text } });
}

function newVersion(vision: Vision, tableId: string, table: TableVision, version: Omit<VisionVersion, 'version'>): Decision<{ version: number; }> {
  if (table.versions.length >= VISION_VERSIONS_MAX) return refuse(appError('LIMIT_REACHED', 'too many versions', { limit: VISION_VERSIONS_MAX }));
  const next: VisionVersion = { ...version, version: table.version + 1 };
  return accept([{ type: 'VisionEdited', visionId: vision.id, tableId, version: next }], { version: next.version });
}

export function editVision(conv: Convention, args: Args<'vision.edit'>, memberId: string, ctx: DecideContext): Decision<{ version: number; }> {
  const vision = findVision(conv, args.visionId);
  if (isError(vision)) return refuse(vision);
  const found = writingTable(conv, vision, memberId);
  if (isError(found)) return refuse(found);
  const conflict = checkBase(found.table, args.baseVersion);
  if (conflict) return refuse(conflict);
  // Saving the same text again (a double tap) makes no new version.
  if (args.text === found.table.text) return accept([], { version: found.table.version });
  return newVersion(vision, found.tableId, found.table, { text: args.text, by: memberId, at: ctx.now(), restoredFrom: null });
}

export function restoreVision(conv: Convention, args: Args<'vision.restore'>, memberId: string, ctx: DecideContext): Decision<{ version: number; }> {
  const vision = findVision(conv, args.visionId);
  if (isError(vision)) return refuse(vision);
  const found = writingTable(conv, vision, memberId);
  if (isError(found)) return refuse(found);
  const old = found.table.versions.find((v) => v.version === args.version);
  if (!old) return refuse(appError('NOT_FOUND', 'no such version', { entity: 'version' }));
  const conflict = checkBase(found.table, args.baseVersion);
  if (conflict) return refuse(conflict);
  if (old.text === found.table.text) return accept([], { version: found.table.version });
  return newVersion(vision, found.tableId, found.table, { text: old.text, by: memberId, at: ctx.now(), restoredFrom: old.version });
}

export function showGallery(conv: Convention, args: Args<'vision.gallery'>): Decision {
  const vision = findVision(conv, args.visionId);
  if (isError(vision)) return refuse(vision);
  if (vision.status === 'ready') return refuse(wrongPhase('ready'));
  const events: DomainEvent[] = [];
  if (vision.gallery !== args.shown) events.push({ type: 'VisionGallerySet', visionId: vision.id, shown: args.shown });
  // Hiding the gallery hides every text, the one shown full screen too.
  if (!args.shown && vision.featuredTableId !== null) events.push({ type: 'VisionFeatured', visionId: vision.id, tableId: null });
  if (args.shown) events.push(...showPanel(conv, vision));
  return accept(events);
}

export function featureVision(conv: Convention, args: Args<'vision.feature'>): Decision {
  const vision = findVision(conv, args.visionId);
  if (isError(vision)) return refuse(vision);
  if (vision.status === 'ready') return refuse(wrongPhase('ready'));
  if (args.tableId !== null && !writingTableIds(conv, vision).includes(args.tableId)) return refuse(appError('NOT_FOUND', `this ${unitOf(vision)} does not write this vision`, { entity: unitOf(vision) }));
  const events: DomainEvent[] = [];
  if (vision.featuredTableId !== args.tableId) events.push({ type: 'VisionFeatured', visionId: vision.id, tableId: args.tableId });
  if (args.tableId !== null) events.push(...showPanel(conv, vision));
  return accept(events);
}

/** A reaction to another table's vision, once it is shown to the room; one of each kind per member. */
export function react(conv: Convention, args: Args<'vision.react'>, memberId: string): Decision {
  const vision = findVision(conv, args.visionId);
  if (isError(vision)) return refuse(vision);
  const session = liveSessionOf(conv, vision);
  if (isError(session)) return refuse(session);
  if (!writingTableIds(conv, vision).includes(args.tableId)) return refuse(appError('NOT_FOUND', `this ${unitOf(vision)} does not write this vision`, { entity: unitOf(vision) }));
  if (!vision.gallery && vision.featuredTableId !== args.tableId) return refuse(wrongPhase('hidden'));
  if ((vision.tables[args.tableId]?.version ?? 0) === 0) return refuse(wrongPhase('empty'));
  const unit = unitOf(vision);
  if (memberUnit(session, unit, memberId)?.id === args.tableId) return refuse(appError(OWN_UNIT[unit], `members react to other ${unit}s’ visions`));
  const has = Boolean(vision.reactions[args.tableId]?.[args.reaction]?.[memberId]);
  if (has === args.on) return accept([]);
  return accept([{ type: 'VisionReactionSet', visionId: vision.id, tableId: args.tableId, memberId, reaction: args.reaction, on: args.on }]);
}

export const visionDeciders: Deciders<typeof visionSchemas, typeof visionRoles, VisionResults> = {
  'vision.create': (c, a, e) => createVision(c, a, e.ctx),
  'vision.open': (c, a) => openVision(c, a),
  'vision.close': (c, a) => closeVision(c, a),
  'vision.edit': (c, a, e) => editVision(c, a, e.actor.memberId, e.ctx),
  'vision.restore': (c, a, e) => restoreVision(c, a, e.actor.memberId, e.ctx),
  'vision.gallery': (c, a) => showGallery(c, a),
  'vision.feature': (c, a) => featureVision(c, a),
  'vision.react': (c, a, e) => react(c, a, e.actor.memberId),
};
