import { dateRange } from './dates.ts';

/** A convention's dates and place on one line ("7 mars – 14 juin 2026 · Grenoble"); '' when none is set. */
export function whenAndWhere(startDate: string | null, endDate: string | null, place: string, join: (dates: string, place: string) => string): string {
  const dates = startDate && endDate ? dateRange(startDate, endDate) : (startDate ?? endDate ?? '');
  return dates && place ? join(dates, place) : dates || place;
}
