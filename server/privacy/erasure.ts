import { erasedNumbers, redactEvent, seatCodesIn, withAdmittedRequests, withUnadmittedRequests } from '../../shared/features/core/erasure.ts';
import { erasedOnlyValues } from '../../shared/features/strata/erasure.ts';
import type { Ack } from '../../shared/protocol.ts';
import { ownsCounter } from '../backup/counters.ts';
import { replayLog } from '../backup/verify.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../logger.ts';
import type { ConventionLog, EventStore } from '../store/event-store.ts';

// What makes an erasure (members.erase, shared/features/core/erasure.ts) reach the disk. The
// command's event changes the state; then this rewrites the convention's log without the erased
// members' data (the events that carried it are redacted in place, in order; acks lose their seat
// codes; request digests beside the facilitator's acks go, since a digest of a payload holding a
// name can be checked against a guess), replays the rewritten log into the state the server holds
// (closed records name "Membre effacé n°…" as if the name had never been typed), writes a fresh
// snapshot in place of every older one, and compacts the file (VACUUM, then a truncating
// checkpoint of the write-ahead log). Backups and exports made afterwards read the new log and
// state. A crash between the event and the rewrite leaves Convention.erasurePending: the next
// start, or the next retention sweep, does the rewrite.

/** What a digest dropped by an erasure reads as: no request's digest (base64url) is empty. */
export const ERASED_REQUEST = '';

export function redactConvention(engine: Engine, store: EventStore, conventionId: string): boolean {
  const conv = engine.conventions.get(conventionId);
  if (!conv) return false;
  const erased = erasedNumbers(conv);
  if (erased.size === 0) return false;
  const owns = (counter: string) => ownsCounter(conv, counter);
  const log = engine.conventionLog(conventionId, owns);
  const redacted = redactLog(log, erased);
  const replayed = replayLog(conventionId, redacted);
  if (!replayed.ok) throw new Error(`erasure: the rewritten log does not replay (${replayed.flaw})`);
  engine.replaceConvention(conventionId, redacted, replayed.state, owns);
  store.compact();
  return true;
}

/** A convention's log without the data of the members erased (ids and numbers in `erased`). */
export function redactLog(log: ConventionLog, erased: ReadonlyMap<string, number>): ConventionLog {
  const codes = seatCodesIn(
    log.events.map((e) => e.data),
    new Set(erased.keys()),
  );
  const events = log.events.map((e) => e.data);
  const redacting = withUnadmittedRequests(events, withAdmittedRequests(events, erased));
  const values = erasedOnlyValues(events, new Set(erased.keys()));
  return {
    events: log.events.map((event) => ({ ...event, data: redactEvent(event.data, redacting, values) })),
    results: log.results.map((result) => ({
      ...result,
      ack: withoutStrings(result.ack, codes) as Ack,
      // A member's own acks answer that member's commands; every other door's digest may hide a
      // roster line (member.add, member.update, roster.import, a guest's name): replaced by a
      // digest no request has, so a cid used before the erasure is still never answered with an
      // older command's ack (CID_REUSED), even for a late retry of that same command.
      request: result.actor.startsWith('member:') || result.request === null ? result.request : ERASED_REQUEST,
    })),
    tallies: log.tallies,
  };
}

function withoutStrings(value: unknown, drop: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return drop.has(value) ? '' : value;
  if (Array.isArray(value)) return value.map((item) => withoutStrings(item, drop));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutStrings(item, drop)]));
  return value;
}

/**
 * Wires erasure into the running server: every committed MembersErased is carried to the disk
 * before its ack leaves (the listener runs inside the commit), and any erasure left pending by a
 * crash is finished now.
 */
export function wireErasure(engine: Engine, store: EventStore, logger: Logger): { finishPending(): void } {
  const run = (conventionId: string) => {
    try {
      redactConvention(engine, store, conventionId);
    } catch (error) {
      // The state keeps erasurePending: the next start or sweep tries again.
      logger.error({ err: error, conventionId }, 'erasure: the log could not be rewritten');
    }
  };
  engine.onCommitted((batch) => {
    const conventions = new Set(batch.filter((c) => c.events.some((e) => e.type === 'MembersErased' && !e.redacted)).map((c) => c.conventionId));
    for (const id of conventions) run(id);
  });
  const finishPending = () => {
    for (const [id, conv] of engine.conventions) if (conv.erasurePending) run(id);
  };
  finishPending();
  return { finishPending };
}
