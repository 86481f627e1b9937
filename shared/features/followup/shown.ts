import type { FollowUpRow } from './views.ts';

// Kept apart from views.ts so that the phone's home page can ask it without the views' code
// (it imports types only).

/** Whether a row says anything beyond the adoption: what makes the phone's "Suivi" worth opening. */
export const hasFollowUp = (row: FollowUpRow): boolean => row.decision !== null || row.department !== '' || row.milestones.length > 0 || row.updates.length > 0;
