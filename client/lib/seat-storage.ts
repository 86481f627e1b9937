// The seat this device holds, one per convention, kept in localStorage so that a reload (or a
// phone that went to sleep) comes back to the same seat without typing the code again, and so
// that the next session's code finds the seat too: a member keeps one seat for the whole
// convention (the phone asks POST /api/join/resume with the token, client/lib/join.ts).
// Shape: `convergence.seats` = `{ [conventionId]: { token, memberId, codes: [sessionCode…] } }`,
// `codes` being the session codes this seat was opened with (they open it without asking).
// Older phones kept `{ [sessionCode]: { token, memberId } }`: read as one seat per token.

export interface StoredSeat {
  token: string;
  memberId: string;
}

interface Entry extends StoredSeat {
  codes: string[];
}

export const SEATS_KEY = 'convergence.seats';

type Seats = Record<string, Entry>;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // Some browsers throw when storage is disabled (private mode, policies).
  }
}

function isSeat(value: unknown): value is StoredSeat {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as StoredSeat).token === 'string' &&
    (value as StoredSeat).token.length > 0 &&
    typeof (value as StoredSeat).memberId === 'string'
  );
}

const isCodes = (value: unknown): value is string[] => Array.isArray(value) && value.every((code) => typeof code === 'string');

function readAll(): Seats {
  const raw = storage()?.getItem(SEATS_KEY);
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const seats: Seats = {};
    for (const [key, seat] of Object.entries(parsed as Record<string, unknown>)) {
      if (!isSeat(seat)) continue;
      const codes = (seat as Partial<Entry>).codes;
      if (isCodes(codes)) {
        seats[key] = { token: seat.token, memberId: seat.memberId, codes };
      } else {
        // The older shape, keyed by session code: one entry per token, its convention unknown.
        const legacy = `token:${seat.token}`;
        seats[legacy] = { token: seat.token, memberId: seat.memberId, codes: [...(seats[legacy]?.codes ?? []), normalize(key)] };
      }
    }
    return seats;
  } catch {
    return {}; // A corrupt entry must not lock the phone out: start again from the join form.
  }
}

function writeAll(seats: Seats): void {
  try {
    const store = storage();
    if (!store) return;
    if (Object.keys(seats).length === 0) store.removeItem(SEATS_KEY);
    else store.setItem(SEATS_KEY, JSON.stringify(seats));
  } catch {
    // Storage full or refused: the seat still works until the page is reloaded.
  }
}

const normalize = (sessionCode: string) => sessionCode.trim().toUpperCase();

/** The seat this session code opened before, if any. */
export function getSeat(sessionCode: string): StoredSeat | null {
  const code = normalize(sessionCode);
  const entry = Object.values(readAll()).find((seat) => seat.codes.includes(code));
  return entry ? { token: entry.token, memberId: entry.memberId } : null;
}

/** Every seat the device holds (usually one): the tokens to try on a code not seen before. */
export function storedSeats(): StoredSeat[] {
  return Object.values(readAll()).map((seat) => ({ token: seat.token, memberId: seat.memberId }));
}

/**
 * The seat this code opened, for its convention: the same token adds the code to the seat's
 * codes; a new token (the seat code typed again, another member) replaces the convention's seat.
 */
export function setSeat(sessionCode: string, seat: StoredSeat, conventionId: string): void {
  const code = normalize(sessionCode);
  const seats = readAll();
  const before = seats[conventionId];
  const codes = before?.token === seat.token ? before.codes : [];
  // The same token under an older key (the former shape) now lives under its convention.
  for (const [key, entry] of Object.entries(seats)) if (key.startsWith('token:') && entry.token === seat.token) delete seats[key];
  seats[conventionId] = { token: seat.token, memberId: seat.memberId, codes: [...codes.filter((c) => c !== code), code] };
  writeAll(seats);
}

/**
 * The token is worthless now (refused, or its seat taken over, or the phone leaves it): every
 * code of its seat forgets it. Returns those codes (the keys of what else the phone kept per code).
 */
export function forgetToken(token: string): string[] {
  const seats = readAll();
  const kept = Object.fromEntries(Object.entries(seats).filter(([, seat]) => seat.token !== token));
  if (Object.keys(kept).length !== Object.keys(seats).length) writeAll(kept);
  return Object.values(seats).flatMap((seat) => (seat.token === token ? seat.codes : []));
}
