import type { DissentLevel } from '../../math/dissent.ts';
import type { Lever } from '../core/types.ts';

// The state of lever-ranking activities. Plain JSON data only.

/** One table's shared order of the levers in a ranking activity. */
export interface TableRanking {
  /** Lever ids, best first. */
  order: string[];
  /** Bumped at every move: a move names the version it was made on. */
  version: number;
  /** Members who marked "d'accord avec ce classement" since the last move. */
  agreed: Record<string, true>;
  /** The facilitator validated (locked) this table's ranking. */
  locked: boolean;
}

export type RankingPhase = 'draft' | 'silent' | 'tables' | 'closed';

/** Tables rank the levers together, after an optional silent round of individual rankings. */
export interface LeverRanking {
  id: string;
  kind: 'leverRanking';
  sessionId: string;
  title: string;
  phase: RankingPhase;
  silentRound: boolean;
  /** Chosen tables; empty means every table of the session when it opens. */
  requestedTableIds: string[];
  /** Participating tables, fixed when the activity opens. */
  tableIds: string[];
  /** The levers ranked, fixed when the activity opens. */
  leverIds: string[];
  revealed: boolean;
  /** Silent-round rankings by member: each member sees only their own. */
  silent: Record<string, string[]>;
  tables: Record<string, TableRanking>;
  /**
   * What it counted, as it was when it closed (shared/features/ranking/results.ts): every screen
   * and export of a closed ranking reads this, so later edits (tables re-created, levers renamed,
   * the roster changed) never change it. Null until closed.
   */
  frozen: RankingRecord | null;
}

export interface TableStatus {
  tableId: string;
  name: string;
  order: string[];
  version: number;
  presentCount: number;
  agreedCount: number;
  /** 'table': every present member agreed; 'facilitator': locked from the console. */
  validatedBy: 'table' | 'facilitator' | null;
}

export interface RankingAggregate {
  /** Lever ids, best first (Schulze; ties in the convention's lever order). */
  schulze: string[];
  schulzeGroups: string[][];
  borda: Record<string, number>;
  /** Per lever: its rank at each table (1 = first), the spread and the dissent level. */
  levers: { leverId: string; ranks: Record<string, number>; mean: number; spread: number; sd: number; dissent: DissentLevel }[];
  tableCount: number;
}

/** What a lever ranking counts, with the labels it shows: computed live, frozen at close. */
export interface RankingRecord {
  /** The session's title. */
  session: string | null;
  /** The levers ranked, with their titles. */
  levers: Lever[];
  tables: TableStatus[];
  /** Silent-round progress per table (how many sent, never what). */
  silent: { tableId: string; submitted: number; seated: number }[];
  /** Silent-round rankings without names: the table's name and the lever ids, for a recount. */
  silentBallots: { table: string; ranking: string[] }[];
  aggregate: RankingAggregate | null;
}

export type Activity = LeverRanking;
