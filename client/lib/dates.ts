import { i18n } from './i18n.svelte.ts';

// Dates in the chosen language, for every screen that shows them (console, support, operator).

const localeTag = () => (i18n.locale === 'fr' ? 'fr-FR' : 'en-GB');

/** "12–13 oct. 2024" style, in the chosen language; the raw ISO dates if they do not parse. */
export function dateRange(start: string, end: string): string {
  const parse = (iso: string) => {
    const d = new Date(`${iso}T12:00:00`);
    return Number.isNaN(d.getTime()) ? null : d;
  };
  const a = parse(start);
  const b = parse(end);
  if (!a || !b) return start === end ? start : `${start} – ${end}`;
  const format = new Intl.DateTimeFormat(localeTag(), { day: 'numeric', month: 'short', year: 'numeric' });
  return start === end ? format.format(a) : format.formatRange(a, b);
}

/** "14 juin 2022 à 15:04" style. */
export function dateTimeText(at: number): string {
  return new Intl.DateTimeFormat(localeTag(), { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(at);
}

/** "15:04": a time of today (when a guest asked to join). */
export function timeText(at: number): string {
  return new Intl.DateTimeFormat(localeTag(), { hour: '2-digit', minute: '2-digit' }).format(at);
}
