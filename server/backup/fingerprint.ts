import { createHash } from 'node:crypto';
import type { Convention } from '../../shared/domain/types.ts';
import { canonicalJson } from '../engine/request-digest.ts';
import type { ConventionLog } from '../store/event-store.ts';

// Hashes that make a backup checkable: the checksum of the file, a hash chain over the events
// (each link covers every event before it, so the chain of a copy tells whether another copy's
// log starts with it), and the hash of a state.

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The chain's first link, before any event. */
const CHAIN_START = sha256('convergence-log');

/**
 * links[i] covers the first i events (links[0] none): two logs share their first k events
 * exactly when their links[k] are equal.
 */
export function chainLinks(events: ConventionLog['events']): string[] {
  const links = [CHAIN_START];
  let last = CHAIN_START;
  for (const event of events) {
    last = sha256(`${last}\n${canonicalJson({ type: event.type, at: event.at, data: event.data })}`);
    links.push(last);
  }
  return links;
}

/** A state's hash: equal states (whatever their keys' order) have equal hashes. */
export function stateHash(conv: Convention): string {
  return sha256(canonicalJson(conv));
}

/**
 * The file's checksum: every field but the checksum itself, in canonical JSON, the events
 * standing in through `fingerprint` (the chain covers each of them already: hashing them twice
 * would double the cost of a backup of 100,000 events, for nothing).
 */
export function checksumOf(file: Record<string, unknown>): string {
  const { checksum: _checksum, events: _events, ...content } = file;
  return sha256(canonicalJson(content));
}
