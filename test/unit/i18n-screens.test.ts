import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARTS, fr } from '../../client/i18n/all.ts';
import { SCREEN_PARTS, type Part, type ScreenName } from '../../client/i18n/index.ts';
import { keysOfScreen, keysUsedIn } from '../helpers/i18n-usage.ts';

// A screen downloads only its catalogue parts (client/i18n/index.ts, SCREEN_PARTS). Every key its
// code can ask for, in client/views/<screen>/** and in every shared component or helper it
// imports, must be in those parts: otherwise that screen would show a bare key at run time.

const ALL_KEYS = Object.keys(fr);
const SCREENS_SOURCE = readFileSync(new URL('../../client/screens.ts', import.meta.url), 'utf8');
/** Each screen's root component, as client/screens.ts loads it. */
const ROOTS = Object.fromEntries(
  [...SCREENS_SOURCE.matchAll(/(\w+): \(\) => import\('\.\/([^']+)'\)/g)].map((m) => [m[1]!, `client/${m[2]!}`]),
) as Record<ScreenName, string>;
/**
 * The frame around every screen: what it asks for must be in every screen's parts. Read file by
 * file (its imports lead to every screen through screens.ts; each screen is checked on its own).
 */
const SHELL = ['client/main.ts', 'client/App.svelte', 'client/lib/i18n.svelte.ts'];
const shellKeys = SHELL.flatMap((file) => [...keysUsedIn(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'), ALL_KEYS).literal]);

function partsKeys(screen: ScreenName): Set<string> {
  return new Set(SCREEN_PARTS[screen].flatMap((part) => Object.keys(PARTS.fr[part])));
}

describe('each screen downloads every key it uses', () => {
  it('knows every screen of client/screens.ts', () => {
    expect(Object.keys(ROOTS).sort()).toEqual(Object.keys(SCREEN_PARTS).sort());
  });

  it('finds keys in code (the scanner works)', () => {
    const used = keysUsedIn("t('member.title'); t(`agenda.kind.${item.kind}`); const x = 'not.a.key'; // it's t('home.go')", ALL_KEYS);
    expect([...used.literal].sort()).toEqual(['home.go', 'member.title']);
    expect(ALL_KEYS.filter((key) => used.patterns.some((p) => p.test(key)))).toContain('agenda.kind.talk');
  });

  it.each(Object.keys(SCREEN_PARTS) as ScreenName[])('%s', (screen) => {
    const missing: string[] = [];
    // The screen, then each part of it loaded later with lazy(), with the parts it adds.
    const check = (root: string, parts: readonly string[], seen: Set<string>) => {
      if (seen.has(root)) return;
      seen.add(root);
      const used = keysOfScreen(root, ALL_KEYS);
      const loaded = new Set(parts.flatMap((part) => Object.keys(PARTS.fr[part as Part])));
      missing.push(...[...used.all].filter((key) => !loaded.has(key)).map((key) => `${root}: ${key}`));
      for (const lazy of used.lazy) {
        expect(lazy.parts.every((part) => part in PARTS.fr), lazy.root).toBe(true);
        check(lazy.root, [...parts, ...lazy.parts], seen);
      }
    };
    const root = ROOTS[screen];
    check(root, SCREEN_PARTS[screen], new Set());
    missing.push(...shellKeys.filter((key) => !partsKeys(screen).has(key)).map((key) => `shell: ${key}`));
    expect(missing.sort()).toEqual([]);
  });
});
