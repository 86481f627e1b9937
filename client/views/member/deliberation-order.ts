import { mulberry32 } from '../../../shared/math/mulberry32.ts';

/**
 * A batch's proposals in an order of the member's own, the same at every reload: each member
 * meets the list in a different order, so the first items do not get all the attention.
 */
export function shuffledFor(ids: readonly string[], seedText: string): string[] {
  let seed = 2166136261;
  for (let i = 0; i < seedText.length; i++) seed = Math.imul(seed ^ seedText.charCodeAt(i), 16777619) >>> 0;
  const random = mulberry32(seed);
  const copy = ids.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
