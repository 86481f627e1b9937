import * as v from 'valibot';
import type { ConventionLog } from '../store/event-store.ts';

// The convention backup file (docs/formats.md, "Convention backup"): one convention's whole log,
// the acks phones may ask again after a handover, and the counters of its secret votes. Every
// field but `checksum` is covered by the checksum; `fingerprint` names the log itself, so two
// copies can be told apart (identical, one older, one newer, diverged) without a byte compare.

export const BACKUP_FORMAT = 'convergence-backup';
export const BACKUP_VERSION = 1;

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** ISO 8601, when the copy was made (for people; nothing depends on it). */
  createdAt: string;
  convention: { id: string; name: string };
  /** Number of events, and the last link of the hash chain over them (fingerprint.ts). */
  eventCount: number;
  fingerprint: string;
  /** The state's shape (shared/domain/types.ts, STATE_SHAPE) and hash when the copy was made. */
  stateShape: number;
  stateHash: string;
  events: ConventionLog['events'];
  commandResults: ConventionLog['results'];
  secretTallies: ConventionLog['tallies'];
  /** sha-256 (hex) of the canonical JSON of every other field. */
  checksum: string;
}

const hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const text = v.pipe(v.string(), v.maxLength(300));

/** The file's shape; what its content means is checked by verify.ts. */
export const backupSchema = v.strictObject({
  format: v.literal(BACKUP_FORMAT),
  version: v.literal(BACKUP_VERSION),
  createdAt: text,
  convention: v.strictObject({ id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)), name: text }),
  eventCount: v.pipe(v.number(), v.integer(), v.minValue(1)),
  fingerprint: hex64,
  stateShape: v.pipe(v.number(), v.integer()),
  stateHash: hex64,
  events: v.array(
    v.strictObject({
      type: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
      at: v.pipe(v.number(), v.integer(), v.minValue(0)),
      data: v.looseObject({ type: v.string() }),
    }),
  ),
  commandResults: v.array(
    v.strictObject({
      actor: text,
      cid: text,
      ack: v.looseObject({ ok: v.boolean() }),
      request: v.nullable(text),
    }),
  ),
  secretTallies: v.array(v.strictObject({ counter: text, choice: text, count: v.pipe(v.number(), v.integer(), v.minValue(1)) })),
  checksum: hex64,
});
