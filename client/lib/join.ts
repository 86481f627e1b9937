import type { ErrorCode } from '../../shared/errors.ts';

// Takes a seat: `POST /api/join` with the session code and either the member's personal code or,
// when the facilitator allows guests, a display name (a request the facilitator answers: the
// phone then waits, guest-wait.ts). A phone that holds a seat opens another
// session's code with `POST /api/join/resume` and its token instead (one seat for the whole
// convention). Never throw: the phone shows the outcome.

export type JoinRequest = { sessionCode: string; seatCode: string } | { sessionCode: string; displayName: string };

export interface JoinData {
  token: string;
  conventionId: string;
  memberId: string;
  sessionId: string;
  /** The session's code (POST /api/join/resume says it: without a code, the live session's). */
  sessionCode?: string;
}

/** A guest's request, waiting for the facilitator (POST /api/join with a name answers 202): guest-wait.ts follows it. */
export interface PendingGuest {
  token: string;
  conventionId: string;
  requestId: string;
  sessionId: string;
}

export type JoinResult =
  | { ok: true; data: JoinData }
  /**
   * The server answered with a refusal: show `error.<code>`. Checked for its shape only (the
   * list of codes would weigh on the join page): the page has a sentence for each code the join
   * can be refused with, and says INTERNAL's for any other.
   */
  | { ok: false; kind: 'refused'; code: ErrorCode | (string & {}) }
  /** No usable answer (no network, timeout, a proxy's error page): offer to try again. */
  | { ok: false; kind: 'network' };

const TIMEOUT_MS = 15_000;

const isCode = (value: unknown): value is string => typeof value === 'string' && /^[A-Z][A-Z_]*$/.test(value);

function isPendingGuest(value: unknown): value is PendingGuest {
  const d = value as (PendingGuest & { pending?: unknown }) | null;
  return typeof d === 'object' && d !== null && d.pending === true && typeof d.token === 'string' && d.token.length > 0 && typeof d.requestId === 'string';
}

function isJoinData(value: unknown): value is JoinData {
  const d = value as JoinData | null;
  return typeof d === 'object' && d !== null && typeof d.token === 'string' && d.token.length > 0 && typeof d.memberId === 'string';
}

/** Upper-cases and drops spaces and dashes, as people copy codes from paper ("ab12 cd"), as the server does. */
export function cleanCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** What joining answers: a seat, a guest's request waiting for the facilitator, or why not. */
export type JoinOutcome = JoinResult | { ok: true; guest: PendingGuest };

export function join(request: JoinRequest, fetchImpl: typeof fetch = fetch): Promise<JoinOutcome> {
  return post('/api/join', request, fetchImpl);
}

/** The seat this token holds, opened with another session's code of its convention (none: its live session). */
export async function resume(token: string, sessionCode: string | null, fetchImpl: typeof fetch = fetch): Promise<JoinResult> {
  const result = await post('/api/join/resume', sessionCode === null ? { token } : { token, sessionCode }, fetchImpl);
  // A resume never answers a guest's request: such an answer is not understood.
  return 'guest' in result ? { ok: false, kind: 'refused', code: 'INTERNAL' } : result;
}

/** A guest's request waiting for the facilitator, as the join page keeps it. */
export interface WaitingGuest {
  guest: PendingGuest;
  name: string;
}

const waitingKey = (sessionCode: string) => `convergence.guest.${cleanCode(sessionCode)}`;

/**
 * A guest's request outlives a reload of the page (the facilitator may take a minute), not the
 * tab: sessionStorage, by session code. null forgets it (admitted, refused and given up, or back).
 */
export function keepWaiting(sessionCode: string, waiting: WaitingGuest | null): void {
  try {
    if (waiting) sessionStorage.setItem(waitingKey(sessionCode), JSON.stringify(waiting));
    else sessionStorage.removeItem(waitingKey(sessionCode));
  } catch {
    // Storage refused (private mode, full): the request is only lost on a reload, as before.
  }
}

/** The request this tab was waiting on for this session code, if any and well formed. */
export function waitingFor(sessionCode: string): WaitingGuest | null {
  try {
    const kept = JSON.parse(sessionStorage.getItem(waitingKey(sessionCode)) ?? 'null') as WaitingGuest | null;
    return kept && typeof kept.name === 'string' && isPendingGuest({ ...kept.guest, pending: true }) ? kept : null;
  } catch {
    return null;
  }
}

/**
 * "Quitter ce téléphone": asks the server to drop this token (POST /api/join/leave), so that a
 * copy of it opens nothing. The phone has forgotten the seat already: the answer, or no answer
 * at all (offline), changes nothing here. `keepalive`: it goes out even as the page changes.
 */
export async function leaveSeat(token: string, memberId: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  try {
    await fetchImpl('/api/join/leave', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token, memberId }),
      credentials: 'same-origin',
      keepalive: true,
    });
  } catch {
    // Offline: the token stays valid on the server until the convention is archived, but no
    // phone holds it any more.
  }
}

/** What the join page shows above its form (GET /api/join/CODE): null when unknown or unreachable. */
export interface JoinInfo {
  conventionName: string;
  place: string;
  startDate: string | null;
  endDate: string | null;
  sessionTitle: string;
  /** The convention is over (convention.archive): no seat opens. */
  archived?: boolean;
  /** Once archived: its public results page (/r/CODE), where the follow-up goes on; null while none. */
  results?: string | null;
}

export async function joinInfo(sessionCode: string, fetchImpl: typeof fetch = fetch): Promise<JoinInfo | null> {
  try {
    const response = await fetchImpl(`/api/join/${encodeURIComponent(sessionCode)}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    const body = (await response.json()) as { ok?: unknown; data?: JoinInfo } | null;
    return body?.ok === true && body.data && typeof body.data.conventionName === 'string' ? body.data : null;
  } catch {
    return null;
  }
}

async function post(path: string, request: unknown, fetchImpl: typeof fetch): Promise<JoinOutcome> {
  const controller = typeof AbortController === 'undefined' ? null : new AbortController();
  const timer = controller ? setTimeout(() => controller.abort(), TIMEOUT_MS) : null;
  let response: Response;
  let body: unknown;
  try {
    response = await fetchImpl(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
      credentials: 'same-origin',
      signal: controller?.signal ?? null,
    });
    body = await response.json();
  } catch {
    return { ok: false, kind: 'network' };
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
  const answer = body as { ok?: unknown; data?: unknown; error?: { code?: unknown } } | null;
  if (answer && answer.ok === true && isJoinData(answer.data)) return { ok: true, data: answer.data };
  if (answer && answer.ok === true && isPendingGuest(answer.data)) {
    const { token, conventionId, requestId, sessionId } = answer.data;
    return { ok: true, guest: { token, conventionId, requestId, sessionId } };
  }
  const code = answer?.error?.code;
  if (answer && answer.ok === false && isCode(code)) return { ok: false, kind: 'refused', code };
  // A JSON body we do not understand (or a 5xx without a code): the server side failed.
  return response.status >= 500 || !answer ? { ok: false, kind: 'network' } : { ok: false, kind: 'refused', code: 'INTERNAL' };
}
