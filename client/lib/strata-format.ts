import type { MessageKey } from '../i18n/index.ts';
import type { Verdict } from '../../shared/features/strata/holds.ts';
import type { StrataReading } from '../../shared/features/strata/readings.ts';
import { OTHER_VALUES, VALUE_NOT_GIVEN } from '../../shared/features/strata/types.ts';
import { i18n, t } from './i18n.svelte.ts';
import { isOne } from './plural.ts';

// How a result read by stratum is written, the same on the console, the projector and in the
// dossier (docs/methods.md, "Reading a result by stratum"): names of attributes and values, each
// stratum's result, whether the room's holds there (words and a sign, never a colour alone),
// and the marker sentence.

const locale = () => (i18n.locale === 'fr' ? 'fr-FR' : 'en-GB');
const percent = (share: number) => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);
const list = (items: string[]) => new Intl.ListFormat(locale(), { style: 'long', type: 'conjunction' }).format(items);

const ATTRIBUTES: Record<string, MessageKey> = {
  ageBracket: 'byStratum.attribute.ageBracket',
  gender: 'byStratum.attribute.gender',
  territory: 'byStratum.attribute.territory',
  occupation: 'byStratum.attribute.occupation',
  education: 'byStratum.attribute.education',
};

/** The roster's fields have a translated name; an attribute the organiser declared shows its own. */
export const attributeName = (attribute: string): string => (Object.hasOwn(ATTRIBUTES, attribute) ? t(ATTRIBUTES[attribute]!) : attribute);

/** A stratum's value as written: "Non renseigné", "Autres valeurs", or the roster's own value. */
export function valueName(value: string): string {
  if (value === VALUE_NOT_GIVEN) return t('byStratum.value.notGiven');
  if (value === OTHER_VALUES) return t('byStratum.value.others');
  return value;
}

const numberText = (n: number) => new Intl.NumberFormat(locale()).format(n);

/** A result in words: "Adoptée", "Consensus", "Mention majoritaire « Bien »", "« Oui » en tête", "Médiane 3". */
export function verdictText(reading: Pick<StrataReading, 'labels'>, verdict: Verdict): string {
  switch (verdict.kind) {
    case 'vote':
      return t(`byStratum.verdict.vote.${verdict.outcome}`);
    case 'check':
      return t(`byStratum.verdict.check.${verdict.marker}`);
    case 'grading':
      return verdict.grade === null ? t('byStratum.verdict.grading.none') : t('byStratum.verdict.grading', { grade: reading.labels[verdict.grade] ?? String(verdict.grade) });
    case 'choices': {
      const names = verdict.leading.map((i) => reading.labels[i] ?? String(i + 1));
      if (names.length === 0) return t('byStratum.verdict.none');
      return names.length === 1 ? t('byStratum.verdict.choices', { options: names[0]! }) : t('byStratum.verdict.choices.tie', { options: list(names) });
    }
    case 'scale':
      return verdict.median === null ? t('byStratum.verdict.none') : t('byStratum.verdict.scale', { median: numberText(verdict.median) });
  }
}

/** The share a vote's or a check's result rests on ("72 % pour"); '' for the other kinds. */
export function detailText(verdict: Verdict): string {
  if (verdict.kind === 'vote' && verdict.outcome !== 'none') return t('byStratum.detail.vote', { share: percent(verdict.share) });
  if (verdict.kind === 'check' && verdict.marker !== 'insufficient') return t('byStratum.detail.check', { agree: percent(verdict.agree), disagree: percent(verdict.disagree) });
  return '';
}

/** Whether it holds, as a sign and a word (never a colour alone). */
export function holdsMark(holds: boolean | null): { sign: string; word: string; tone: 'yes' | 'no' | 'unknown' } {
  if (holds === true) return { sign: '✓', word: t('byStratum.holds.yes'), tone: 'yes' };
  if (holds === false) return { sign: '✗', word: t('byStratum.holds.no'), tone: 'no' };
  return { sign: '–', word: t('byStratum.holds.unknown'), tone: 'unknown' };
}

/**
 * The marker: "Adoptée, mais pas chez « 18-25 ans »", or "Adoptée dans chaque strate". With
 * `withAttribute` (several attributes read together) each value says its attribute.
 */
export function markerText(reading: Pick<StrataReading, 'labels' | 'room' | 'notHolding' | 'judged'>, withAttribute: boolean): string {
  const result = verdictText(reading, reading.room.verdict);
  if (reading.notHolding.length > 0) {
    const values = reading.notHolding.map((n) => {
      // "mais pas chez « Non renseigné »" reads as a place: the two buckets get words of their own.
      const bucket = n.value === VALUE_NOT_GIVEN ? t('byStratum.marker.notGiven') : n.value === OTHER_VALUES ? t('byStratum.marker.others') : null;
      if (bucket !== null) return withAttribute ? t('byStratum.marker.withAttribute', { value: bucket, attribute: attributeName(n.attribute) }) : bucket;
      return withAttribute ? t('byStratum.value.withAttribute', { value: n.value, attribute: attributeName(n.attribute) }) : t('byStratum.value.quoted', { value: n.value });
    });
    return t('byStratum.marker.not', { result, values: list(values) });
  }
  return reading.judged > 0 ? t('byStratum.marker.all', { result }) : t('byStratum.marker.nothing', { result });
}

/** "12 bulletins sur 15 rattachés à une strate" when some ballots have none ('' otherwise). */
export function attributedText(reading: Pick<StrataReading, 'attributed' | 'total' | 'ref'>): string {
  if (reading.attributed >= reading.total) return '';
  const sentence = t(isOne(reading.attributed) ? 'byStratum.attributed.one' : 'byStratum.attributed.other', { attributed: reading.attributed, total: reading.total });
  return reading.ref.kind === 'vote' ? `${sentence} (${t('byStratum.attributed.paper')})` : sentence;
}

/** What a proposal's number and title, or a poll's question, say the reading is about. */
export function subjectText(reading: Pick<StrataReading, 'proposal' | 'title'>): string {
  const proposal = reading.proposal ? `P-${String(reading.proposal.number).padStart(3, '0')} ${reading.proposal.title}` : '';
  return [reading.title, proposal].filter((s) => s !== '').join(' · ');
}
