// State of the timer feature beside the session's countdown (`Convention.timers`, types.ts):
// how the projector shows it, and the speaking-time plan before a vote.

/** One speech of a speaking-time plan. */
export interface Speech {
  /** Free label such as "pour" or "contre"; '' when the plan has none. */
  label: string;
  status: 'pending' | 'given' | 'skipped';
  /** What was left of this speech's countdown when the facilitator moved on (restored by "back"). */
  remainingMs: number | null;
}

/**
 * A fixed number of speeches of fixed length (e.g. 2 pour / 2 contre, 2 minutes each). Each
 * "next speech" starts the session's countdown with source `{ kind: 'speech', id: plan.id }`.
 */
export interface SpeakingPlan {
  id: string;
  /** What the speeches are about, e.g. "Avant le vote de P-012" ('' when not given). */
  title: string;
  speechMs: number;
  speeches: Speech[];
  /** Index of the speech on now (or last given); -1 before the first one. */
  current: number;
}

/** Per session: how the projector shows the countdown, and the speaking plan. */
export interface SessionTiming {
  /** The countdown fills the projector's panel area (otherwise a corner block over any panel). */
  big: boolean;
  /** The projector plays a soft chime when a countdown ends. */
  chime: boolean;
  speaking: SpeakingPlan | null;
}

export const DEFAULT_TIMING: SessionTiming = { big: false, chime: true, speaking: null };
