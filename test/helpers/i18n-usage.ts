import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// Which catalogue keys a screen's code can ask for: every file the screen's root reaches through
// its imports (static or dynamic, type-only ones left out; a lazy() part on its own), inside
// client/, and in those files every quoted word that is a key, and every template literal
// (`error.${code}`) read as a pattern.

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const CLIENT = join(ROOT, 'client');

const IMPORT = /\bimport\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

const LAZY = /\blazy\(\s*\(\)\s*=>\s*import\(\s*['"]([^'"]+)['"]\s*\)\s*(?:,\s*\[([^\]]*)\])?\s*\)/g;

/** A part of a screen loaded later with lazy() (client/lib/lazy.ts), and the catalogue parts it adds. */
export interface LazyPart {
  root: string;
  parts: string[];
}

/**
 * The files a root reaches through its imports, inside client/ (the catalogues left out), and
 * the lazy() parts met on the way, which are not followed: they come with their own words.
 */
export function reachable(root: string): { files: string[]; lazy: LazyPart[] } {
  const seen = new Set<string>();
  const lazy: LazyPart[] = [];
  const queue = [resolve(ROOT, root)];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const lazySpecs = new Set<string>();
    for (const match of source.matchAll(LAZY)) {
      lazySpecs.add(match[1]!);
      const parts = [...(match[2] ?? '').matchAll(/['"]([\w-]+)['"]/g)].map((m) => m[1]!);
      lazy.push({ root: relative(ROOT, resolve(dirname(file), match[1]!)), parts });
    }
    for (const match of source.matchAll(IMPORT)) {
      if (match[1]) continue; // import type: erased
      const spec = match[2] ?? match[3]!;
      if (!spec.startsWith('.') || (match[3] && lazySpecs.has(spec))) continue;
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(CLIENT + '/') || target.startsWith(join(CLIENT, 'i18n') + '/')) continue;
      if (!/\.(svelte|ts)$/.test(target) || !existsSync(target)) continue;
      queue.push(target);
    }
  }
  return { files: [...seen].map((file) => relative(ROOT, file)).sort(), lazy };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Keys a file may ask for: literal strings that are keys, and keys matching its templates. */
export function keysUsedIn(source: string, allKeys: readonly string[]): { literal: Set<string>; patterns: RegExp[] } {
  const known = new Set(allKeys);
  const literal = new Set<string>();
  // Key-like quoted words only: an apostrophe in a comment or in French text pairs with nothing.
  for (const match of source.matchAll(/(['"`])([a-zA-Z][\w.:-]*)\1/g)) {
    if (known.has(match[2]!)) literal.add(match[2]!);
  }
  const patterns: RegExp[] = [];
  for (const match of source.matchAll(/`([^`]*\$\{[^`]*)`/g)) {
    const parts = match[1]!.split(/\$\{[^}]*\}/);
    // Only key-like templates: a dotted word before the first placeholder (`error.${code}`).
    if (!/^[a-zA-Z]+(\.[a-zA-Z]+)*\.$/.test(parts[0]!)) continue;
    patterns.push(new RegExp('^' + parts.map(escape).join('[\\w.-]+') + '$'));
  }
  return { literal, patterns };
}

/** Every key the files reached from `root` can ask for (lazy() parts left out), and those parts. */
export function keysOfScreen(root: string, allKeys: readonly string[]): { files: string[]; lazy: LazyPart[]; literal: Set<string>; all: Set<string> } {
  const { files, lazy } = reachable(root);
  const literal = new Set<string>();
  const patterns: RegExp[] = [];
  for (const file of files) {
    const used = keysUsedIn(readFileSync(join(ROOT, file), 'utf8'), allKeys);
    used.literal.forEach((key) => literal.add(key));
    patterns.push(...used.patterns);
  }
  const all = new Set(literal);
  for (const key of allKeys) if (patterns.some((pattern) => pattern.test(key))) all.add(key);
  return { files, lazy, literal, all };
}
