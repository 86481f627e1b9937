import { appError } from '../../errors.ts';
import { accept, refuse, type Decision } from '../../domain/context.ts';
import type { Convention } from '../../domain/types.ts';
import type { Retention } from './types.ts';

// How long members' personal data is kept (docs/privacy.md, "Retention"): a date, or a number of
// days after the convention's end. When the day comes, the server's sweep erases every member as
// members.erase does (server/privacy/retention.ts).

/** The last day of the convention: its own end date, else its last session's. */
export function conventionEnd(conv: Convention): string | null {
  if (conv.endDate) return conv.endDate;
  const ends = Object.values(conv.sessions).map((s) => s.endDate).sort();
  return ends.at(-1) ?? null;
}

/** The day (ISO, UTC) from which members' personal data is erased; null without a setting or an end. */
export function retentionDue(conv: Convention): string | null {
  const retention = conv.retention;
  if (!retention) return null;
  if (retention.kind === 'date') return retention.date;
  const end = conventionEnd(conv);
  if (!end) return null;
  return new Date(Date.parse(`${end}T00:00:00Z`) + retention.days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether the retention period is over at `now` (ms), by the UTC calendar day. */
export function retentionOver(conv: Convention, now: number): boolean {
  const due = retentionDue(conv);
  return due !== null && new Date(now).toISOString().slice(0, 10) >= due;
}

export function setRetention(conv: Convention, retention: Retention | null): Decision {
  if (retention?.kind === 'date' && conv.startDate && retention.date < conv.startDate) return refuse(appError('INVALID_DATES', 'the data would be erased before the convention starts'));
  return accept([{ type: 'RetentionSet', retention }]);
}
