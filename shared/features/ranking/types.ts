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
}

export type Activity = LeverRanking;
