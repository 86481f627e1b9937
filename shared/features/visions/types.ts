// Table visions: each table writes one short text together ("vision bas carbone 2050"), with
// every save kept as a version; the facilitator shows the tables' texts as a gallery, or one full
// screen; members react to other tables' visions.

/** The reactions members may give a vision; labels in the catalogues (`vision.reaction.<id>`). */
export const VISION_REACTIONS = ['adhere', 'inspiring', 'discuss'] as const;
export type VisionReaction = (typeof VISION_REACTIONS)[number];

/** Who writes a vision together: each table (4-8 people) or each group (about 20). */
export const VISION_UNITS = ['table', 'group'] as const;
export type VisionUnit = (typeof VISION_UNITS)[number];

export const VISION_TEXT_MAX = 2000;
/** Saves kept per table; beyond, a table is asked to stop (a whole morning rarely needs 50). */
export const VISION_VERSIONS_MAX = 200;

export interface VisionVersion {
  version: number;
  text: string;
  /** The member who saved it. */
  by: string;
  at: number;
  /** Set when this version restores an earlier one. */
  restoredFrom: number | null;
}

export interface TableVision {
  text: string;
  /** 0 while nothing is written; bumped by every save. */
  version: number;
  versions: VisionVersion[];
}

export interface Vision {
  id: string;
  kind: 'vision';
  sessionId: string;
  title: string;
  /** The instruction the tables write from. */
  prompt: string;
  createdAt: number;
  status: 'ready' | 'open' | 'closed';
  /** Absent (every vision before groups existed): tables. `tableIds`, `tables` and the rest are keyed by the unit's ids. */
  unit?: VisionUnit;
  /** Chosen tables; empty means every table of the session when it opens. */
  requestedTableIds: string[];
  /** Writing tables, fixed when it first opens. */
  tableIds: string[];
  tables: Record<string, TableVision>;
  /** Every table's text is public (phones and projector) while the facilitator shows the gallery. */
  gallery: boolean;
  /** The table whose vision the projector shows full screen (public as well). */
  featuredTableId: string | null;
  /** tableId -> reaction -> who gave it (never shown: views count them). */
  reactions: Record<string, Partial<Record<VisionReaction, Record<string, true>>>>;
  /** The names it showed, kept when it closed (record.ts); null while it is not closed. */
  frozen: VisionRecord | null;
}

/**
 * What a vision's screens name besides its texts (which no command changes once it is closed):
 * the writing tables with their names, and who saved each version. Kept at close, so re-created
 * tables or a renamed member never change a closed vision; reactions stay live (the room reacts
 * to the gallery after the writing closed).
 */
export interface VisionRecord {
  /** The writing units (tables or groups, as the vision's `unit`) with their names. */
  tables: { id: string; name: string }[];
  /** memberId -> name, for the authors of its versions. */
  authors: Record<string, string>;
}
