import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every word a person reads goes through the catalogues (client/i18n), so English is complete
// and French stays the reference. This scans the markup of every Svelte component for words
// written in it directly: text between tags and the attributes people read or hear
// (aria-label, title, placeholder, alt, aria-description, aria-roledescription).

const CLIENT = new URL('../../client/', import.meta.url).pathname;
const READ_ATTRIBUTES = ['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-roledescription', 'aria-valuetext'];

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return svelteFiles(path);
    return entry.name.endsWith('.svelte') ? [path] : [];
  });
}

/** Removes what is not markup: scripts, styles, comments, and every {expression} or {#block}. */
function markupOf(source: string): string {
  let out = source
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  // Braces nest (objects inside expressions): drop balanced {…} groups from the inside out.
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(/\{[^{}]*\}/g, ' ');
  }
  return out;
}

/** A word: two letters in a row (so "×", "·", "–", "1/6", "%" and "#" are fine). */
const WORD = /\p{L}{2,}/u;

export function literalTexts(source: string): string[] {
  const markup = markupOf(source);
  const found: string[] = [];
  // Text between tags.
  for (const match of markup.matchAll(/>([^<>]+)</g)) {
    // Entities (&nbsp;) are typography, not words.
    const text = match[1]!.replace(/&#?\w+;/g, ' ').trim();
    if (text && WORD.test(text)) found.push(text);
  }
  // Read attributes with a literal value.
  for (const attribute of READ_ATTRIBUTES) {
    for (const match of markup.matchAll(new RegExp(`\\s${attribute}="([^"]*)"`, 'g'))) {
      const value = match[1]!.trim();
      if (value && WORD.test(value)) found.push(`${attribute}="${value}"`);
    }
  }
  return found;
}

describe('no literal user-facing text in components', () => {
  it('finds literal text when there is some (the scanner works)', () => {
    expect(literalTexts('<p>Bonjour</p><button aria-label="Fermer">×</button>')).toEqual(['Bonjour', 'aria-label="Fermer"']);
    expect(literalTexts('<script>const a = "<p>Non</p>";</script><p>{t("a.b")}</p><span>{count} · {x ? "oui" : "non"}</span>')).toEqual([]);
    expect(literalTexts('<p>{t(key, { n: {a: 1}.a })} ×</p>')).toEqual([]);
  });

  const files = svelteFiles(CLIENT);
  it('scans the client’s components', () => expect(files.length).toBeGreaterThan(50));

  it.each(files.map((f) => relative(CLIENT, f)))('%s', (file) => {
    expect(literalTexts(readFileSync(join(CLIENT, file), 'utf8'))).toEqual([]);
  });
});
