import type { MessageKey } from '../../i18n/index.ts';
import { i18n, t } from '../../lib/i18n.svelte.ts';
import { isOne } from '../../lib/plural.ts';
import { DOSSIER_PARTS, type DossierPart } from '../../../shared/reports/dossier.ts';

// Numbers, shares, dates and plurals as the printed dossier writes them, in the chosen language
// (French by default: "62,5 %", English "62.5%"), and the report's settings kept in its address.

const tag = () => (i18n.locale === 'fr' ? 'fr-FR' : 'en-GB');

export const num = (n: number): string => n.toLocaleString(tag());

/** A share in [0, 1] as a percentage with one decimal at most ("62,5 %"). */
export const percent = (share: number): string => new Intl.NumberFormat(tag(), { style: 'percent', maximumFractionDigits: 1 }).format(share);

/** A percentage already in percent (the export's `split`: 62.5). */
export const percentOf = (value: number): string => percent(value / 100);

/** "12 mars 2022" from an ISO date or time. */
export function day(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00` : iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(tag(), { day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}

/** The singular or plural key, by the language's rule, with `count` formatted. */
export function counted(count: number, one: MessageKey, other: MessageKey, params: Record<string, string | number> = {}): string {
  return t(isOne(count) ? one : other, { ...params, count: num(count) });
}

const ATTRIBUTES: Record<string, MessageKey> = {
  ageBracket: 'dossier.attribute.ageBracket',
  gender: 'dossier.attribute.gender',
  territory: 'dossier.attribute.territory',
  occupation: 'dossier.attribute.occupation',
  education: 'dossier.attribute.education',
};

/** A roster attribute's name: the fields translated, a custom attribute as the organiser declared it. */
export const attributeName = (key: string): string => (Object.hasOwn(ATTRIBUTES, key) ? t(ATTRIBUTES[key]!) : key);

/** A signed difference: "+3", "−12", "0". */
export const signed = (n: number): string => (n > 0 ? `+${num(n)}` : n < 0 ? `−${num(-n)}` : num(0));

export interface DossierSettings {
  parts: DossierPart[];
  /** Print the names of the proposals' authors (else only how many). */
  names: boolean;
}

/** The settings in the page's address (`?parts=cover,process&names=0`); every part by default. */
export function settingsFrom(search: string): DossierSettings {
  const query = new URLSearchParams(search);
  const wanted = query.get('parts');
  const parts = wanted === null ? [...DOSSIER_PARTS] : DOSSIER_PARTS.filter((p) => wanted.split(',').includes(p));
  return { parts, names: query.get('names') !== '0' };
}

/** The address's query for these settings (and the language, when not the default). */
export function searchOf(settings: DossierSettings, locale: string): string {
  const query = new URLSearchParams();
  if (settings.parts.length !== DOSSIER_PARTS.length) query.set('parts', settings.parts.join(','));
  if (!settings.names) query.set('names', '0');
  if (locale !== 'fr') query.set('lang', locale);
  const text = query.toString().replaceAll('%2C', ',');
  return text ? `?${text}` : '';
}
