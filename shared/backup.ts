// What a restore will do with a convention backup (docs/formats.md, "Convention backup"): the
// server's check (server/backup/handover.ts) and the console's backup card read the same shape.

/** Where the copy stands against the convention in place. */
export type Standing = 'absent' | 'identical' | 'newer' | 'older' | 'diverged';

export interface RestorePlan {
  standing: Standing;
  /** Events in place (0 when absent) and in the copy. */
  placeEvents: number;
  copyEvents: number;
  /** How many first events both logs share. */
  common: number;
  conventionId: string;
  /** The copy's convention name, and the one in place (null when absent). */
  name: string;
  placeName: string | null;
  /** When the copy was made (ISO 8601). */
  createdAt: string;
  /** The copy was made by a server with another state shape (its state hash was not checked). */
  otherShape: boolean;
}

/** The answer of a restore: the plan, and whether anything was replaced (not for an identical copy). */
export interface RestoreResult extends RestorePlan {
  replaced: boolean;
}
