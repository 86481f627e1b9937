import { STATE_SHAPE, type Convention } from '../../shared/domain/types.ts';
import { appError, type AppError } from '../../shared/errors.ts';
import type { Engine } from '../engine/engine.ts';
import { buildBackup } from './build.ts';
import type { RestorePlan } from '../../shared/backup.ts';
import { compareLogs } from './compare.ts';
import { ownsCounter } from './counters.ts';
import { chainLinks } from './fingerprint.ts';
import type { BackupFile } from './format.ts';
import { verifyBackup } from './verify.ts';
import { secretCountingOpen } from '../../shared/domain/secret-counting.ts';

// Backup and restore of one convention on a running engine: the doors (the console's routes,
// server/http/backup-routes.ts, and the command line, server/cli/convention.ts) share these.
// Restore rules (docs/formats.md): a damaged or foreign file, an older copy, a diverged copy
// without `force` are refused before anything changes; an identical copy changes nothing; a
// newer copy, a forced diverged one or a convention absent here replaces the one in place.


export type Planned = { ok: true; plan: RestorePlan; backup: BackupFile; state: Convention } | { ok: false; error: AppError };

/**
 * The backup of a convention as it is now. Its state hash is the engine's state's: what a
 * restore must reach again by replaying the file (verify.ts), so a log that does not replay to
 * what this server holds cannot go anywhere unnoticed.
 */
export function backupOf(engine: Engine, conventionId: string, now = new Date()): { ok: true; backup: BackupFile } | { ok: false; error: AppError } {
  const conv = engine.conventions.get(conventionId);
  if (!conv) return { ok: false, error: appError('NOT_FOUND', 'no convention', { entity: 'convention' }) };
  // Two copies taken a few ballots apart, compared (counters, and the "has voted" events
  // between them), would tell who chose what: no copy leaves while secret choices are counted.
  const counting = secretCountingOpen(conv);
  if (counting) return { ok: false, error: appError('BACKUP_SECRET_OPEN', `close the ${counting.kind} "${counting.title}" first: no copy is made while secret choices are being counted`, counting) };
  return { ok: true, backup: buildBackup(engine.conventionLog(conventionId, (counter) => ownsCounter(conv, counter)), conv, now) };
}

/**
 * Reads a backup and says where it stands against the convention in place. `expect`: the only
 * convention this door may replace (the console's own); another one's file is foreign.
 */
export function planRestore(engine: Engine, text: string, expect: string | null): Planned {
  const verified = verifyBackup(text);
  if (!verified.ok) return { ok: false, error: appError('BACKUP_INVALID', `not a valid backup (${verified.flaw}${verified.detail ? `: ${verified.detail}` : ''})`, { flaw: verified.flaw }) };
  const { backup, state, links } = verified;
  const id = backup.convention.id;
  if (expect !== null && id !== expect) return { ok: false, error: appError('BACKUP_FOREIGN', 'this backup is of another convention', { name: backup.convention.name }) };
  const clash = clashWithOthers(engine, state);
  if (clash) return { ok: false, error: appError('BACKUP_CONFLICT', `this backup's ${clash.what} is used by another convention here (${clash.name})`, clash) };
  const place = engine.conventions.get(id);
  const placeLinks = place ? chainLinks(engine.conventionLog(id, (counter) => ownsCounter(place, counter)).events) : null;
  const comparison = compareLogs(placeLinks, links);
  const plan: RestorePlan = { ...comparison, conventionId: id, name: backup.convention.name, placeName: place?.name ?? null, createdAt: backup.createdAt, otherShape: backup.stateShape !== STATE_SHAPE };
  return { ok: true, plan, backup, state };
}

/**
 * Phones join with a session code alone and screens open with a key alone, so no two conventions
 * of a server may share one (server/session-codes.ts draws new codes apart): a copy that would
 * bring one already used by another convention here is refused.
 */
function clashWithOthers(engine: Engine, state: Convention): { what: 'sessionCode' | 'key'; name: string } | null {
  const codes = new Set(Object.values(state.sessions).map((session) => session.code));
  const keys = new Set(Object.values(state.keys));
  for (const other of engine.conventions.values()) {
    if (other.id === state.id) continue;
    if (Object.values(other.sessions).some((session) => codes.has(session.code))) return { what: 'sessionCode', name: other.name };
    if (Object.values(other.keys).some((key) => keys.has(key))) return { what: 'key', name: other.name };
  }
  return null;
}

/**
 * Restores a backup, or refuses it and changes nothing. Synchronous from the check to the
 * replacement: no command can slip in between (the engine commits what is queued first).
 */
export function restoreBackup(engine: Engine, text: string, { force = false, expect = null }: { force?: boolean; expect?: string | null } = {}): { ok: true; plan: RestorePlan; replaced: boolean } | { ok: false; error: AppError; plan?: RestorePlan } {
  const planned = planRestore(engine, text, expect);
  if (!planned.ok) return planned;
  const { plan, backup, state } = planned;
  const counts = { placeEvents: plan.placeEvents, copyEvents: plan.copyEvents, common: plan.common };
  if (plan.standing === 'identical') return { ok: true, plan, replaced: false };
  if (plan.standing === 'older') return { ok: false, plan, error: appError('BACKUP_OLDER', `this copy is older than the convention in place (${plan.copyEvents} events, ${plan.placeEvents} here): refused`, counts) };
  if (plan.standing === 'diverged' && !force) return { ok: false, plan, error: appError('BACKUP_DIVERGED', `this copy and the convention in place went separate ways after event ${plan.common}: restoring it drops ${plan.placeEvents - plan.common} events here (force to replace)`, counts) };
  const place = engine.conventions.get(plan.conventionId);
  engine.replaceConvention(plan.conventionId, { events: backup.events, results: backup.commandResults, tallies: backup.secretTallies }, state, (counter) => ownsCounter(place, counter) || ownsCounter(state, counter));
  return { ok: true, plan, replaced: true };
}
