import { liveSession } from '../../domain/lookup.ts';
import type { Convention } from '../../domain/types.ts';
import { VISION_REACTIONS, type Vision, type VisionReaction, type VisionRecord, type VisionUnit } from './types.ts';
import { visionRecord } from './record.ts';
import { memberUnit, tableText, unitOf, writingTableIds } from './units.ts';

// Visions as each screen sees them. A table's text and its history go to that table's channel;
// a group's (no group channel: about 20 phones) to each of its members' channels; the room (projector and every phone) sees the texts only while the facilitator shows
// the gallery, or the one shown full screen. Reactions are counted, never attributed: a member
// sees only their own on their member channel. Table names and authors come from the vision's
// record (record.ts): as they were at its close, once closed.

export type ReactionCounts = Record<VisionReaction, number>;

export interface RoomVisionTable {
  tableId: string;
  tableName: string;
  /** Saves so far (0: nothing written yet). */
  versions: number;
  /** Null unless shown to the room. */
  text: string | null;
  reactions: ReactionCounts;
}

/** The vision phones and the projector show now. */
export interface RoomVision {
  id: string;
  title: string;
  prompt: string;
  status: Vision['status'];
  /** Who writes: `tables` below are the session's tables, or its groups. */
  unit: VisionUnit;
  gallery: boolean;
  featuredTableId: string | null;
  tables: RoomVisionTable[];
}

export interface VisionVersionView {
  version: number;
  text: string;
  byName: string;
  at: number;
  restoredFrom: number | null;
}

/** The member's table's own text and history. */
export interface TableVisionView {
  visionId: string;
  title: string;
  prompt: string;
  status: Vision['status'];
  text: string;
  version: number;
  /** Newest first. */
  versions: VisionVersionView[];
}

/** Which reactions this member gave, by table (for the toggles on the phone). */
export interface MemberVisionView {
  visionId: string;
  reacted: Record<string, VisionReaction[]>;
  /** The table or group the member writes in (none: reacts to every unit). */
  unitId: string | null;
  /** A group vision's text and history, for the member's group (a table's comes on its table channel). */
  draft: TableVisionView | null;
}

export interface ConsoleVisionTable {
  tableId: string;
  tableName: string;
  text: string;
  version: number;
  length: number;
  lastAt: number | null;
  lastBy: string | null;
  /** Newest first. */
  versions: VisionVersionView[];
  reactions: ReactionCounts;
}

export interface ConsoleVision {
  id: string;
  title: string;
  prompt: string;
  status: Vision['status'];
  unit: VisionUnit;
  requestedTableIds: string[];
  gallery: boolean;
  featuredTableId: string | null;
  /** Writing tables once opened; before, the chosen ones (or every table of the session). */
  tables: ConsoleVisionTable[];
}

const byCreation = (a: Vision, b: Vision) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function sessionVisions(conv: Convention, sessionId: string): Vision[] {
  return Object.values(conv.visions).filter((v) => v.sessionId === sessionId).sort(byCreation);
}

/** The live session's latest vision that was opened (open, closed, or shown): the one the room sees. */
export function currentVision(conv: Convention): Vision | null {
  const session = liveSession(conv);
  if (!session) return null;
  return sessionVisions(conv, session.id).filter((v) => v.status !== 'ready').at(-1) ?? null;
}


function counts(vision: Vision, tableId: string): ReactionCounts {
  const given = vision.reactions[tableId] ?? {};
  return Object.fromEntries(VISION_REACTIONS.map((r) => [r, Object.keys(given[r] ?? {}).length])) as ReactionCounts;
}

function versions(record: VisionRecord, vision: Vision, tableId: string): VisionVersionView[] {
  return (vision.tables[tableId]?.versions ?? [])
    .map((v) => ({ version: v.version, text: v.text, byName: record.authors[v.by] ?? '?', at: v.at, restoredFrom: v.restoredFrom }))
    .reverse();
}

export const isShown = (vision: Pick<Vision, 'gallery' | 'featuredTableId'>, tableId: string) => vision.gallery || vision.featuredTableId === tableId;

export function roomVision(conv: Convention): RoomVision | null {
  const vision = currentVision(conv);
  if (!vision) return null;
  const record = visionRecord(conv, vision);
  return {
    id: vision.id,
    title: vision.title,
    prompt: vision.prompt,
    status: vision.status,
    unit: unitOf(vision),
    gallery: vision.gallery,
    featuredTableId: vision.featuredTableId,
    tables: record.tables.map(({ id: tableId, name: tableName }) => {
      const table = vision.tables[tableId];
      return {
        tableId,
        tableName,
        versions: table?.version ?? 0,
        text: isShown(vision, tableId) && table && table.version > 0 ? table.text : null,
        reactions: counts(vision, tableId),
      };
    }),
  };
}

/** The text and history of one writing unit (a table, or a group) of the current vision. */
function unitDraft(conv: Convention, vision: Vision, tableId: string): TableVisionView | null {
  if (!writingTableIds(conv, vision).includes(tableId)) return null;
  const table = tableText(vision, tableId);
  return { visionId: vision.id, title: vision.title, prompt: vision.prompt, status: vision.status, text: table.text, version: table.version, versions: versions(visionRecord(conv, vision), vision, tableId) };
}

export function tableVision(conv: Convention, tableId: string): TableVisionView | null {
  const vision = currentVision(conv);
  return vision && unitOf(vision) === 'table' ? unitDraft(conv, vision, tableId) : null;
}

export function memberVision(conv: Convention, memberId: string): MemberVisionView | null {
  const vision = currentVision(conv);
  if (!vision) return null;
  const session = conv.sessions[vision.sessionId];
  const unit = unitOf(vision);
  const unitId = (session && memberUnit(session, unit, memberId)?.id) ?? null;
  const reacted: Record<string, VisionReaction[]> = {};
  for (const [tableId, byReaction] of Object.entries(vision.reactions)) {
    const mine = VISION_REACTIONS.filter((r) => byReaction[r]?.[memberId]);
    if (mine.length > 0) reacted[tableId] = mine;
  }
  return { visionId: vision.id, reacted, unitId, draft: unit === 'group' && unitId ? unitDraft(conv, vision, unitId) : null };
}

export function consoleVisions(conv: Convention, sessionId: string): ConsoleVision[] {
  return sessionVisions(conv, sessionId).map((vision) => {
    const record = visionRecord(conv, vision);
    return {
      id: vision.id,
      title: vision.title,
      prompt: vision.prompt,
      status: vision.status,
      unit: unitOf(vision),
      requestedTableIds: vision.requestedTableIds,
      gallery: vision.gallery,
      featuredTableId: vision.featuredTableId,
      tables: record.tables.map(({ id: tableId, name: tableName }) => {
        const table = vision.tables[tableId];
        const last = table?.versions.at(-1);
        return {
          tableId,
          tableName,
          text: table?.text ?? '',
          version: table?.version ?? 0,
          length: table?.text.length ?? 0,
          lastAt: last?.at ?? null,
          lastBy: last ? (record.authors[last.by] ?? '?') : null,
          versions: versions(record, vision, tableId),
          reactions: counts(vision, tableId),
        };
      }),
    };
  });
}
