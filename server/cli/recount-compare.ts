// Comparing what an export says was shown with what the recount finds (docs/formats.md, "Whole
// export"). Pure: values in, a list of differences out. Numbers are equal when they differ by at
// most 1e-9 (relative to the larger, or absolute below 1): the recount uses the same code as the
// app, so equal inputs give equal bits; the margin only spares a file rewritten by a tool that
// prints fewer digits, and no tampering of a shown count or share hides under it.

/** One field whose shown value is not what the recount gives. */
export interface Difference {
  /** Where, in the result: `adopted`, `results.borda["Transports"]`, `tables["Table 2"].z`… */
  field: string;
  /** As the export records it (null when the export leaves it out). */
  shown: unknown;
  recounted: unknown;
}

const TOLERANCE = 1e-9;

export function sameNumber(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Deep equality of JSON values, numbers by sameNumber, object keys in any order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return sameNumber(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Collects the checks of one result: `check(field, shown, recounted)` records the field as
 * checked, and as a difference when the two differ. A shown value the export leaves out
 * (undefined) is a difference too: a result is only "match" when everything it claims was checked.
 */
export class Comparison {
  /** The kinds of field checked, each once, with indices and names left out (`tables[].z`). */
  readonly checked: string[] = [];
  /** How many values were compared. */
  compared = 0;
  readonly differences: Difference[] = [];

  check(field: string, shown: unknown, recounted: unknown): void {
    this.compared++;
    const kind = fieldKind(field);
    if (!this.checked.includes(kind)) this.checked.push(kind);
    if (shown === undefined || !sameValue(shown, recounted)) this.differences.push({ field, shown: shown ?? null, recounted: recounted ?? null });
  }

  /** Several fields of one object: `prefix.key` for each key, in the order given. */
  checkFields(prefix: string, shown: Record<string, unknown> | null | undefined, recounted: Record<string, unknown>, keys: readonly string[]): void {
    for (const key of keys) this.check(prefix === '' ? key : `${prefix}.${key}`, shown?.[key], recounted[key]);
  }
}

/** A field without its indices and names: `results.borda["Transports"]` → `results.borda[]`. */
export function fieldKind(field: string): string {
  return field.replace(/\[(?:\d+|"(?:[^"\\]|\\.)*")\]/g, '[]');
}

/** `name["key"]`, the way a field of a result names an item by its label. */
export function keyed(name: string, key: string): string {
  return `${name}[${JSON.stringify(key)}]`;
}
