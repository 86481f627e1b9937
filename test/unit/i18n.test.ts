import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors.ts';
import { en, fr, translate, type MessageKey } from '../../shared/i18n/index.ts';

// French is the reference; English must say everything French says, with the same placeholders.
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it.each(Object.keys(fr) as MessageKey[])('%s is translated, with the same placeholders', (key) => {
    expect(fr[key].trim()).not.toBe('');
    expect(en[key].trim()).not.toBe('');
    expect(placeholders(en[key])).toEqual(placeholders(fr[key]));
  });

  it.each([...ERROR_CODES])('every error code %s has a sentence', (code) => {
    expect(fr[`error.${code}` as MessageKey]).toBeTruthy();
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('fr', 'minutes', { count: 5 })).toBe('5 min');
    expect(translate('en', 'minutes')).toBe('{count} min');
  });
});
