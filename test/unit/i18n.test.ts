import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors.ts';
import { PARTS, en, fr } from '../../client/i18n/all.ts';
import { format, type MessageKey, type Part } from '../../client/i18n/index.ts';

// French is the reference; English must say everything French says, with the same placeholders,
// part by part (a screen downloads only its parts, in one language).
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const CATALOGUES = new URL('../../client/i18n/', import.meta.url).pathname;
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [relative(CATALOGUES, join(dir, entry.name))]));

describe('catalogues', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it.each(Object.keys(PARTS.fr) as Part[])('part %s has the same keys in both languages', (part) => {
    expect(Object.keys(PARTS.en[part]).sort()).toEqual(Object.keys(PARTS.fr[part]).sort());
  });

  it('have the same files in both languages', () => {
    const frFiles = files(join(CATALOGUES, 'fr')).map((f) => f.replace(/^fr\//, ''));
    const enFiles = files(join(CATALOGUES, 'en')).map((f) => f.replace(/^en\//, ''));
    expect(enFiles.sort()).toEqual(frFiles.sort());
  });

  it('hold each key in one part only', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [part, messages] of Object.entries(PARTS.fr)) {
      for (const key of Object.keys(messages)) {
        if (seen.has(key)) twice.push(`${key}: ${seen.get(key)} and ${part}`);
        seen.set(key, part);
      }
    }
    expect(twice).toEqual([]);
  });

  it.each(Object.keys(fr) as MessageKey[])('%s is translated, with the same placeholders', (key) => {
    expect(fr[key].trim()).not.toBe('');
    expect(en[key].trim()).not.toBe('');
    expect(placeholders(en[key])).toEqual(placeholders(fr[key]));
  });

  it('give the plural form wherever a singular one is given, in the same part', () => {
    // isOne() (plural.ts) picks `.one` or `.other`: a `.one` alone would show a bare key.
    const missing = Object.entries(PARTS.fr).flatMap(([part, messages]) =>
      Object.keys(messages)
        .filter((key) => key.endsWith('.one') && !(key.replace(/\.one$/, '.other') in messages))
        .map((key) => `${part}: ${key}`),
    );
    expect(missing).toEqual([]);
  });

  it.each([...ERROR_CODES])('every error code %s has a sentence', (code) => {
    expect(fr[`error.${code}` as MessageKey]).toBeTruthy();
    // In errors.ts, or in common.ts for the one a member's phone says without the others.
    expect({ ...PARTS.fr.errors, ...PARTS.fr.common }).toHaveProperty(`error.${code}`);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format(fr.minutes, { count: 5 })).toBe('5 min');
    expect(format(en.minutes)).toBe('{count} min');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
