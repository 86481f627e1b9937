// The seats this device holds, one per session code, kept in localStorage so that a reload (or a
// phone that went to sleep) comes back to the same seat without typing the code again.
// Shape: `convergence.seats` = `{ [sessionCode]: { token, memberId } }`.

export interface StoredSeat {
  token: string;
  memberId: string;
}

export const SEATS_KEY = 'convergence.seats';

type Seats = Record<string, StoredSeat>;

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

function readAll(): Seats {
  const raw = storage()?.getItem(SEATS_KEY);
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const seats: Seats = {};
    for (const [code, seat] of Object.entries(parsed as Record<string, unknown>)) {
      if (isSeat(seat)) seats[code] = { token: seat.token, memberId: seat.memberId };
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

export function getSeat(sessionCode: string): StoredSeat | null {
  return readAll()[normalize(sessionCode)] ?? null;
}

export function setSeat(sessionCode: string, seat: StoredSeat): void {
  writeAll({ ...readAll(), [normalize(sessionCode)]: { token: seat.token, memberId: seat.memberId } });
}

export function forgetSeat(sessionCode: string): void {
  const seats = readAll();
  const key = normalize(sessionCode);
  if (!(key in seats)) return;
  delete seats[key];
  writeAll(seats);
}
