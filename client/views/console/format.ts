import { isOne } from '../../lib/plural.ts';
import type { MessageKey } from '../../i18n/index.ts';
import type { AgendaKind } from '../../../shared/features/core/types.ts';
import type { RankingPhase } from '../../../shared/features/ranking/types.ts';
import type { ConsoleSession } from '../../../shared/views/console-view.ts';
import type { AppError } from '../../../shared/errors.ts';
import { HOLDING_KINDS } from '../../../shared/features/core/sessions.ts';
import { describeError } from '../../lib/errors.ts';
import { dayText } from '../../lib/followup-format.ts';
import { i18n, t } from '../../lib/i18n.svelte.ts';

// Small translations and formats the console's panels share.

/** A server error code as a sentence; NETWORK when the server could not be reached. */
export function errorText(code: string): string {
  if (code === 'NETWORK') return t('console.error.network');
  const key = `error.${code}`;
  return i18n.has(key) ? t(key) : t('console.error.unknown', { code });
}

/**
 * An action's refusal as a sentence: an invalid payload names its field when the server said
 * which (describeError), any other code reads as errorText.
 */
export function refusalText(code: string, details: Record<string, unknown> | undefined): string {
  if (code === 'INVALID_PAYLOAD' && details) return describeError({ code, message: '', details } as AppError);
  // A session that holds something: say what, by name ("« Week-end 2 » … 4 sondages et 1 vote").
  if (code === 'SESSION_HAS_RESULTS' && typeof details?.title === 'string' && typeof details.holds === 'object' && details.holds !== null) {
    return t('console.programme.refused', { title: details.title, list: holdsText(details.holds as Record<string, number>) });
  }
  // A follow-up date out of bounds (shared/features/followup/decide.ts): which bound, on which day.
  if (code === 'INVALID_DATES' && typeof details?.earliest === 'string') return t('console.followup.date.earliest', { date: dayText(details.earliest) });
  if (code === 'INVALID_DATES' && typeof details?.latest === 'string') return t('console.followup.date.latest', { date: dayText(details.latest) });
  return errorText(code);
}

/** What a session holds, in words: "4 sondages, 1 vote et 12 présences enregistrées". */
export function holdsText(holds: Partial<Record<string, number>>): string {
  const parts = HOLDING_KINDS.flatMap((kind) => {
    const count = holds[kind] ?? 0;
    return count > 0 ? [t(`console.holds.${kind}.${isOne(count) ? 'one' : 'other'}` as MessageKey, { count })] : [];
  });
  return new Intl.ListFormat(i18n.locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'long', type: 'conjunction' }).format(parts);
}

const ATTRIBUTE_LABELS: Record<string, MessageKey> = {
  ageBracket: 'console.attribute.ageBracket',
  gender: 'console.attribute.gender',
  territory: 'console.attribute.territory',
  occupation: 'console.attribute.occupation',
  education: 'console.attribute.education',
};

/** Roster attributes the import knows get a translated name; free columns keep their header. */
export function attributeLabel(key: string): string {
  const known = ATTRIBUTE_LABELS[key];
  return known ? t(known) : key;
}

export const KNOWN_ATTRIBUTES = Object.keys(ATTRIBUTE_LABELS);

export const AGENDA_KINDS: readonly AgendaKind[] = ['talk', 'questions', 'tables', 'poll', 'vote', 'break', 'other'];

const KIND_LABELS: Record<AgendaKind, MessageKey> = {
  talk: 'agenda.kind.talk',
  questions: 'agenda.kind.questions',
  tables: 'agenda.kind.tables',
  poll: 'agenda.kind.poll',
  vote: 'agenda.kind.vote',
  break: 'agenda.kind.break',
  other: 'agenda.kind.other',
};

export const kindLabel = (kind: AgendaKind) => t(KIND_LABELS[kind]);

const STATUS_LABELS: Record<ConsoleSession['status'], MessageKey> = {
  planned: 'console.session.status.planned',
  live: 'console.session.status.live',
  closed: 'console.session.status.closed',
};

export const statusLabel = (status: ConsoleSession['status']) => t(STATUS_LABELS[status]);

/** Lower case, no accents, single spaces: "Zoé  Lefèvre" is found by "zoe lef". */
export function searchKey(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export { dateRange } from '../../lib/dates.ts';

/** "1 h 30" / "45 min". */
export function durationText(minutes: number): string {
  if (minutes < 60) return t('minutes', { count: minutes });
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return t('console.duration.hours', { h, m: m === 0 ? '' : String(m).padStart(2, '0') }).trim();
}


const PHASE_LABELS: Record<RankingPhase, MessageKey> = {
  draft: 'console.rankings.phase.draft',
  silent: 'console.rankings.phase.silent',
  tables: 'console.rankings.phase.tables',
  closed: 'console.rankings.phase.closed',
};

export const phaseLabel = (phase: RankingPhase) => t(PHASE_LABELS[phase]);

/** "3 classements reçus sur 5" / "1 classement reçu sur 5". */
export const silentProgressText = (submitted: number, seated: number) =>
  t(isOne(submitted) ? 'console.rankings.silent.one' : 'console.rankings.silent.other', { submitted, seated });

/** A rank or score in the chosen language: whole, or with one decimal when tied ("2,5"). */
export function numberText(value: number): string {
  return new Intl.NumberFormat(i18n.locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 }).format(value);
}
