import { describe, expect, it } from 'vitest';
import { CONTENT_LANG, contentLang } from '../../client/lib/content-lang.ts';
import { DEFAULT_LOCALE } from '../../client/i18n/index.ts';

// Content written by organisers and members is French: inside another interface language it is
// marked lang="fr" (read with the French voice); in the French interface nothing is added.
describe('contentLang', () => {
  it('marks the content French when the interface is not', () => {
    expect(CONTENT_LANG).toBe('fr');
    expect(contentLang('en')).toBe('fr');
  });

  it('adds nothing when the interface already speaks the content’s language', () => {
    expect(contentLang('fr')).toBeUndefined();
    expect(contentLang(DEFAULT_LOCALE)).toBeUndefined();
  });
});
