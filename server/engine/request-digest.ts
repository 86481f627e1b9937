import { createHash } from 'node:crypto';

// What a command asks, as a short digest stored beside its ack. A retry carries the same cid and
// the same request; a different request under a cid already used is a client bug (or a forged
// cid), and must be refused rather than answered with another command's ack.

/** sha-256 of the command's name and its payload in canonical JSON (object keys sorted). */
export function requestDigest(name: string, payload: unknown): string {
  return createHash('sha256').update(name).update('\u0000').update(canonicalJson(askedOf(name, payload))).digest('base64url');
}

/**
 * Fields the server draws itself before sending a command (a new convention's access keys) are
 * not what the client asked: a retry of the operator's "create" draws new ones, and must still
 * be the same request, answered with the first convention rather than making a second.
 */
const SERVER_DRAWN: Readonly<Record<string, readonly string[]>> = { 'convention.create': ['keys'] };

function askedOf(name: string, payload: unknown): unknown {
  const drawn = SERVER_DRAWN[name];
  if (!drawn || payload === null || typeof payload !== 'object') return payload;
  return Object.fromEntries(Object.entries(payload).filter(([field]) => !drawn.includes(field)));
}

/** JSON with every object's keys in sorted order, so the same payload always reads the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

/**
 * The digests an earlier version of the server stored for the same request: the file imports
 * were HTTP-only routes keyed by their raw body until they became commands (roster.import,
 * proposal.import). A retry across the upgrade with the same Idempotency-Key still matches.
 */
export function legacyDigests(name: string, args: unknown): string[] {
  const fields = (args ?? {}) as { csv?: unknown; file?: unknown };
  if (name === 'roster.import') return [requestDigest('roster.import', fields.csv)];
  if (name === 'proposal.import') return [requestDigest('proposals.import', fields.file)];
  return [];
}
