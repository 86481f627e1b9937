// Stable error codes. Clients translate them through the catalogue (`error.<CODE>`);
// the English `message` beside them is for logs and developers only.
export const ERROR_CODES = [
  'INVALID_PAYLOAD',
  'UNKNOWN_COMMAND',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'PROTOCOL_MISMATCH',
  'AUTH_REQUIRED',
  'AUTH_INVALID',
  'SEAT_TAKEN_OVER',
  'SESSION_CODE_UNKNOWN',
  'SEAT_CODE_UNKNOWN',
  'GUESTS_NOT_ALLOWED',
  'TOO_MANY_GUESTS',
  'GUEST_CANNOT_VOTE',
  'MEMBER_INACTIVE',
  'TOO_MANY_ATTEMPTS',
  'SESSION_NOT_LIVE',
  'SESSION_CLOSED',
  'INVALID_DATES',
  'LIMIT_REACHED',
  'LAST_LEVER',
  'NO_TABLES',
  'NO_GROUPS',
  'NO_PRESENT_MEMBERS',
  'TABLES_OUTNUMBER_MEMBERS',
  'CONFLICT',
  'WRONG_PHASE',
  'NOT_AT_TABLE',
  'NOT_IN_GROUP',
  'TABLE_LOCKED',
  'INVALID_RANKING',
  'UNKNOWN_LEVER',
  'NOT_ALLOWED_TO_EDIT',
  'PROPOSAL_CLOSED',
  'INVALID_MERGE',
  'NOT_PRESENT',
  'ALREADY_VOTED',
  'VOTE_NOT_OPEN',
  'VOTE_ALREADY_OPEN',
  'ALREADY_ANSWERED',
  'NOT_CURRENT',
  'NO_ACTORS',
  'NO_PLAN',
  'POLL_NOT_OPEN',
  'NO_DURATION',
  'OWN_TABLE',
  'OWN_GROUP',
  'QUESTIONS_CLOSED',
  'ANONYMOUS_NOT_ALLOWED',
  'TOO_MANY_QUESTIONS',
  'OWN_QUESTION',
  'NOT_YOUR_QUESTION',
  'NOT_MERGED',
  'CID_REUSED',
  'BACKUP_INVALID',
  'BACKUP_FOREIGN',
  'BACKUP_OLDER',
  'BACKUP_DIVERGED',
  'BACKUP_CONFLICT',
  'BACKUP_SECRET_OPEN',
  'SESSION_HAS_RESULTS',
  'SESSION_IS_LIVE',
  'MEMBER_STILL_ACTIVE',
  'MEMBER_ALREADY_REPLACED',
  'MEMBER_ERASED',
  'ERASE_SECRET_OPEN',
  'ROSTER_COLUMNS_UNDECLARED',
  'ROSTER_COLUMN_SENSITIVE',
  'CONVENTION_ARCHIVED',
  'ACTIVITY_STILL_OPEN',
  'PROPOSAL_NOT_ADOPTED',
  'NOT_PUBLISHABLE',
  'STRATUM_UNKNOWN',
  'STRATUM_SENSITIVE',
  'STRATUM_NAME_TAKEN',
  'STRATUM_REPORTED',
  'STRATA_TARGETS_OVER',
  /** A series' wave asks what the first asked: its question and options are not edited (issue 17). */
  'OPTIONS_LOCKED',
  /** What cannot be compared between waves: a word cloud, a multiple-choice poll's transitions. */
  'NOT_COMPARABLE',
  /** A series' next wave in a session before its latest wave's, in the programme's order (issue 17). */
  'WAVE_SESSION_EARLIER',
  /** A poll asked again before it was ever launched: a wave 1 that asked nobody (issue 17). */
  'WAVE_SOURCE_NOT_ASKED',
  /** A wave reopened after the next wave closed: their shown transition table would change (issue 17). */
  'WAVE_FOLLOWED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Machine-readable context, e.g. `{ entity: 'member' }` for NOT_FOUND. */
  details?: Record<string, unknown>;
}

export function appError(code: ErrorCode, message: string, details?: Record<string, unknown>): AppError {
  return details ? { code, message, details } : { code, message };
}
