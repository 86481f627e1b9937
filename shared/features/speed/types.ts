import type { PlanRound } from './plan.ts';

// The state of a speed meeting (session 3's "speed meeting inspiration"): members meet outside
// actors at the actors' tables, in short rounds, following a rotation plan.

export interface SpeedActor {
  id: string;
  /** Who hosts the table (may be empty: the organisation speaks for itself). */
  name: string;
  organisation: string;
  /** A lever's title or free text; '' when none. Compared with themeKey(). */
  theme: string;
  /** What the table is called in the room ("14", "B3"); '' shows the actor's position in the list. */
  table: string;
  /** Not there (left, or did not come): left out of plans made from now on. */
  away: boolean;
}

export interface SpeedPlan {
  /** The draw the plan was made with (docs/methods.md): the same inputs and seed give the same plan. */
  seed: number;
  createdAt: number;
  /** Rounds kept from the plan it replaced (already played), 0 for a whole new plan. */
  keptRounds: number;
  /** Table bounds the plan was made with (the settings may have changed since). */
  minTable: number;
  maxTable: number;
  rounds: PlanRound[];
}

export type SpeedStatus = 'setup' | 'running' | 'ended';

export interface SpeedMeeting {
  id: string;
  sessionId: string;
  actors: SpeedActor[];
  rounds: number;
  roundMinutes: number;
  minTable: number;
  maxTable: number;
  plan: SpeedPlan | null;
  /** The plan the last generation replaced, to go back to it before the meeting starts. */
  previousPlan: SpeedPlan | null;
  status: SpeedStatus;
  /** The round started last (1-based); 0 before the first. */
  round: number;
  /** Members the facilitator marked absent for the speed meeting (left out of new plans). */
  absent: Record<string, true>;
  /** Who met whom, with names, kept when it ended (record.ts); null until it ends. */
  frozen: SpeedRecord | null;
}

/**
 * The names a speed meeting's plan is read with: its members (in roster order) and its actors as
 * they were when it ended. Its schedules, grid and sheets read this, so a member renamed or an
 * actor edited afterwards never changes the record of who met whom.
 */
export interface SpeedRecord {
  members: { id: string; name: string }[];
  actors: SpeedActor[];
}
