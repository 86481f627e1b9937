import { isOne } from '../../lib/plural.ts';
import { t } from '../../lib/i18n.svelte.ts';
import { OTHER_VALUES, VALUE_NOT_GIVEN } from '../../../shared/features/strata/types.ts';
import { attributeLabel, numberText } from './format.ts';

// The strata panel's words: a value ("Non renseigné" for none), a count with its share, and a
// gap as text with its sign and direction, so that no colour alone says which way it goes.

/** A value as the panel names it; OTHER_VALUES holds the values only erased members had (strata/erasure.ts). */
export const strataValueLabel = (value: string): string => (value === VALUE_NOT_GIVEN ? t('console.strata.value.notGiven') : value === OTHER_VALUES ? t('console.strata.value.others') : value);

/** "12 (25 %)": a count and its share, in the chosen language. */
export const countText = (count: number, share: number): string => t('console.strata.count', { count, share: numberText(share) });

/** "+3,2 points (au-dessus)", "−1 point (en dessous)", "0 point (à l’équilibre)". */
export function gapText(points: number): string {
  if (points === 0) return t('console.strata.gap.even');
  const size = numberText(Math.abs(points));
  const one = isOne(Math.abs(points));
  if (points > 0) return t(one ? 'console.strata.gap.over.one' : 'console.strata.gap.over.other', { points: size });
  return t(one ? 'console.strata.gap.under.one' : 'console.strata.gap.under.other', { points: size });
}

/** The direction a gap goes, for the cell's class (the text says it too). */
export const gapSign = (points: number): 'over' | 'under' | 'even' => (points > 0 ? 'over' : points < 0 ? 'under' : 'even');

export { attributeLabel };
