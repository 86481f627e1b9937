import type { Convention } from '../../shared/domain/types.ts';
import type { Session } from '../../shared/features/core/types.ts';

// Small formatting rules every open-data file shares.

/** "P-012": how the room, the dossier and the exports name a proposal. */
export const proposalReference = (number: number): string => `P-${String(number).padStart(3, '0')}`;

/** Server time (ms) as ISO 8601 in UTC; null stays null. */
export const isoTime = (at: number | null | undefined): string | null => (at === null || at === undefined ? null : new Date(at).toISOString());

/**
 * Shares and scores to 4 decimals: 0.6667 is 66.67 %, finer than any screen shows, and the same
 * number in the CSV and the JSON (the counts beside it let anyone recompute the exact value).
 */
export const decimal = (value: number | null | undefined): number | null => (value === null || value === undefined || !Number.isFinite(value) ? null : Math.round(value * 10_000) / 10_000);

/** The share `part / whole`, 4 decimals; null when there is nothing to divide by. */
export const ratio = (part: number, whole: number): number | null => (whole > 0 ? decimal(part / whole) : null);

export function sessionOf(conv: Convention, sessionId: string): Session | null {
  return Object.hasOwn(conv.sessions, sessionId) ? conv.sessions[sessionId]! : null;
}

/** A session's title and first day, as activities name where they ran. */
export function sessionLabel(conv: Convention, sessionId: string): { title: string | null; date: string | null } {
  const session = sessionOf(conv, sessionId);
  return { title: session?.title ?? null, date: session?.startDate ?? null };
}

/** Activities in the programme's order (sessions in order, then creation order within one). */
export function bySession<T extends { sessionId: string }>(conv: Convention, items: Record<string, T>): T[] {
  const order = new Map(conv.sessionOrder.map((id, i) => [id, i]));
  const at = (item: T) => order.get(item.sessionId) ?? conv.sessionOrder.length;
  return Object.values(items)
    .map((item, index) => ({ item, index }))
    .sort((a, b) => at(a.item) - at(b.item) || a.index - b.index)
    .map(({ item }) => item);
}
