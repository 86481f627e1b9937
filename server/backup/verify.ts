import * as v from 'valibot';
import type { DomainEvent } from '../../shared/domain/events.ts';
import { ballotOfCounter, countSecretBallot } from '../../shared/domain/secret-ballots.ts';
import { STATE_SHAPE, type Convention } from '../../shared/domain/types.ts';
import { evolve } from '../../shared/registry.ts';
import type { ConventionLog } from '../store/event-store.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, backupSchema, type BackupFile } from './format.ts';
import { chainLinks, checksumOf, stateHash } from './fingerprint.ts';
import { ownsCounter } from './counters.ts';

// Everything that can be wrong with a backup is found here, before anything is replaced: the
// file is read, its checksum and the fingerprint of its events checked, its events replayed from nothing and its
// counters applied; the state reached must have the hash the file was made with.

/** Why a file is refused (docs/formats.md lists them). */
export type BackupFlaw = 'json' | 'format' | 'version' | 'shape' | 'checksum' | 'fingerprint' | 'replay' | 'results' | 'tallies' | 'state';

export type Verified = { ok: true; backup: BackupFile; state: Convention; links: string[] } | { ok: false; flaw: BackupFlaw; detail?: string };

export function verifyBackup(text: string): Verified {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, flaw: 'json' };
  }
  const head = (raw ?? {}) as { format?: unknown; version?: unknown };
  if (typeof raw !== 'object' || head.format !== BACKUP_FORMAT) return { ok: false, flaw: 'format' };
  if (head.version !== BACKUP_VERSION) return { ok: false, flaw: 'version', detail: String(head.version) };
  const parsed = v.safeParse(backupSchema, raw);
  if (!parsed.success) return { ok: false, flaw: 'shape', detail: parsed.issues[0]?.path?.map((p) => String(p.key)).join('.') ?? '' };
  const backup = parsed.output as BackupFile;
  if (checksumOf(backup as unknown as Record<string, unknown>) !== backup.checksum) return { ok: false, flaw: 'checksum' };
  const links = chainLinks(backup.events);
  if (backup.events.length !== backup.eventCount || links[links.length - 1] !== backup.fingerprint) return { ok: false, flaw: 'fingerprint' };
  const replayed = replayLog(backup.convention.id, { events: backup.events, results: backup.commandResults, tallies: backup.secretTallies });
  if (!replayed.ok) return replayed;
  // A copy made by a server with another state shape may replay to another (equally right) state.
  if (backup.stateShape === STATE_SHAPE && stateHash(replayed.state) !== backup.stateHash) return { ok: false, flaw: 'state' };
  return { ok: true, backup, state: replayed.state, links };
}

/**
 * The state a convention's log gives, from nothing: its events in order, then its secret
 * counters. Refuses a log that is not one convention's (the first event creates it, every ack
 * and counter is its own) or that this server cannot replay (an unknown event, a broken one).
 */
export function replayLog(conventionId: string, log: ConventionLog): { ok: true; state: Convention } | { ok: false; flaw: BackupFlaw; detail?: string } {
  const first = log.events[0]?.data as DomainEvent | undefined;
  if (first?.type !== 'ConventionCreated' || first.id !== conventionId) return { ok: false, flaw: 'replay', detail: 'the first event does not create this convention' };
  let state: Convention | undefined;
  for (const [index, event] of log.events.entries()) {
    if (event.data.type !== event.type || (index > 0 && event.data.type === 'ConventionCreated')) return { ok: false, flaw: 'replay', detail: `event ${index + 1}` };
    try {
      state = evolve(state, event.data);
    } catch (error) {
      return { ok: false, flaw: 'replay', detail: `event ${index + 1}: ${(error as Error).message}`.slice(0, 200) };
    }
  }
  for (const result of log.results) {
    if (result.actor.split(':')[1] !== conventionId) return { ok: false, flaw: 'results', detail: result.actor.slice(0, 80) };
  }
  for (const tally of log.tallies) {
    const ballot = ballotOfCounter(tally.counter, tally.choice);
    if (!ballot || !ownsCounter(state, tally.counter)) return { ok: false, flaw: 'tallies', detail: tally.counter.slice(0, 80) };
    state = countSecretBallot(state!, ballot, tally.count);
  }
  return { ok: true, state: state! };
}
