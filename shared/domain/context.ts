import type { AppError } from '../errors.ts';
import type { DomainEvent } from './events.ts';
import { mulberry32 } from '../math/mulberry32.ts';
import type { VoteChoice } from '../features/votes/types.ts';

/**
 * What decide() may draw on besides the state: time, ids and randomness. The server passes
 * real ones; tests pass seeded ones. Everything drawn ends up inside the events, so evolve()
 * and replay never need this.
 */
export interface DecideContext {
  now(): number;
  newId(): string;
  /** A code of `length` unambiguous characters (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
  newCode(length: number): string;
  /** Uniform in [0, 1). */
  random(): number;
}

export const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';

/**
 * A refusal may still `record` facts worth keeping (a concurrent edit that lost is part of a
 * proposal's history); recorded events change no content, only history.
 */
export type Decision<T = undefined> = { ok: true; events: DomainEvent[]; data?: T; secretBallots?: SecretBallot[] } | { ok: false; error: AppError; record?: DomainEvent[] };

/**
 * A secret choice: counted in a tally, never written in an event (see votes.ts). `counter`
 * names the tally (`secret_tallies.vote_id`), `choice` the cell in it.
 */
export type SecretBallot = (
  | { kind: 'vote'; voteId: string; choice: VoteChoice }
  | { kind: 'grade'; gradingId: string; proposalId: string; grade: number }
  | { kind: 'agreement'; checkId: string; proposalId: string; tableId: string; level: number }
  /**
   * Where a member of a series' wave moved from (their phone's own answer to the wave before,
   * 'none' without one) and to, as one cell 'from>to' of levels (shared/features/series/transitions.ts).
   * Sent with the wave's agreement, in the same box entry; written at the check's close only
   * (secret-ballots.ts, writtenAtClose).
   */
  | { kind: 'transition'; checkId: string; proposalId: string; cell: string }
) & {
  /**
   * The member's stratum in each attribute the activity reports (attribute -> value, memberStrata):
   * counted per stratum in memory with the ballot, written only at close, merged
   * (shared/domain/secret-ballots.ts). Empty: counted in no stratum (none reported, or a count
   * read back from disk).
   */
  strata: Record<string, string>;
  /** A per-stratum row read back from disk (ballotOfCounter): it adds to the strata only, the room's count has it already. */
  strataOnly?: true;
};

export function accept(events: DomainEvent[]): Decision;
export function accept<T>(events: DomainEvent[], data: T): Decision<T>;
export function accept<T>(events: DomainEvent[], data?: T): Decision<T> {
  return data === undefined ? { ok: true, events } : { ok: true, events, data };
}
/** A refusal fits any decision, whatever its result type. */
export const refuse = (error: AppError): Decision<never> => ({ ok: false, error });
export const refuseAndRecord = (error: AppError, record: DomainEvent[]): Decision<never> => ({ ok: false, error, record });

/** A seeded context for tests and the demo: the same seed gives the same ids and draws. */
export function seededContext(seed: number, start = Date.UTC(2026, 0, 1)): DecideContext {
  // Small, fast, good enough for shuffles and codes.
  const random = mulberry32(seed >>> 0 || 1);
  let clock = start;
  let counter = 0;
  return {
    now: () => (clock += 1000),
    newId: () => `id${(++counter).toString(36)}${Math.floor(random() * 1e6).toString(36)}`,
    newCode: (length) => Array.from({ length }, () => CODE_ALPHABET[Math.floor(random() * CODE_ALPHABET.length)]).join(''),
    random,
  };
}
