// The order a welcome desk reads a list of people in: by surname, then first names, with French
// collation (accents and case do not matter: "Émile Dupont" sits with "emile dupont").
// A name's surname is its last word; a trailing number that only tells namesakes apart
// ("Léa Martin 101") is not a surname.

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** "Jean-Pierre Lefèvre" -> { surname: "Lefèvre", rest: "Jean-Pierre" }. */
export function splitName(name: string): { surname: string; rest: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  let at = words.length - 1;
  while (at > 0 && /^\d+$/.test(words[at]!)) at -= 1;
  if (at < 0) return { surname: '', rest: '' };
  return { surname: words[at]!, rest: [...words.slice(0, at), ...words.slice(at + 1)].join(' ') };
}

const exact = new Intl.Collator('fr', { sensitivity: 'variant', numeric: true });

/**
 * Compares two names by surname, then first names; names equal but for accents or case are then
 * told apart (a total order, so the list does not reshuffle as it updates).
 */
export function compareBySurname(a: string, b: string): number {
  const x = splitName(a);
  const y = splitName(b);
  return collator.compare(x.surname, y.surname) || collator.compare(x.rest, y.rest) || exact.compare(a, b);
}

/** A copy of the list sorted by surname (stable for equal names). */
export function bySurname<T extends { name: string }>(people: readonly T[]): T[] {
  return [...people].sort((a, b) => compareBySurname(a.name, b.name));
}
