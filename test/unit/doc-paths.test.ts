import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every path the docs and the source comments name must exist: a file moves, the sentence that
// points at it moves too. A path may be a pattern: `<...>` and `*` stand for one path segment (or
// part of one), `{a,b}` for each of its alternatives; a pattern holds if at least one file matches
// each of its alternatives.
const root = fileURLToPath(new URL('../../', import.meta.url));

const PREFIX = String.raw`(?:shared|server|client|test|docs|build|\.ci)/`;
const EXTENSION = String.raw`\.(?:ts|svelte|md|json|css|mjs|csv)`;
// A path: the prefix, then path characters (placeholders and braces included), then an extension
// that is not the start of a longer word (`x.ts` in `x.tsx` or `x.ts.bak` is not a path).
const PATH = new RegExp(
  String.raw`(?<![\w./<>*{}-])(?:\.\.?/)*(${PREFIX}(?:[\w.*<>{},-]+/)*[\w.*<>{},-]*?${EXTENSION})(?![\w/-]|\.\w)`,
  'g',
);

function walk(dir: string, keep: (path: string) => boolean, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, keep, found);
    else if (keep(path)) found.push(path);
  }
  return found;
}

const rel = (path: string) => relative(root, path).split('\\').join('/');

/** `a/{b,c}/d` → `a/b/d`, `a/c/d` (nested braces included). */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  for (let i = open; i < pattern.length; i += 1) {
    if (pattern[i] === '{') depth += 1;
    else if (pattern[i] === '}' && --depth === 0) {
      const options: string[] = [];
      let start = open + 1;
      let inner = 0;
      for (let j = open + 1; j < i; j += 1) {
        if (pattern[j] === '{') inner += 1;
        else if (pattern[j] === '}') inner -= 1;
        else if (pattern[j] === ',' && inner === 0) {
          options.push(pattern.slice(start, j));
          start = j + 1;
        }
      }
      options.push(pattern.slice(start, i));
      const before = pattern.slice(0, open);
      const after = pattern.slice(i + 1);
      return options.flatMap((option) => expandBraces(before + option + after));
    }
  }
  return [pattern];
}

/** Whether some file under the repository root matches `pattern` (no braces left). */
export function matches(pattern: string): boolean {
  const segments = pattern.split('/');
  const isPattern = (segment: string) => /[<*]/.test(segment);
  const toRegExp = (segment: string) =>
    new RegExp(
      '^' +
        segment
          .split(/(<[^>]*>|\*)/)
          .map((part, i) => (i % 2 === 1 ? '[^/]+' : part.replace(/[.+?^$()|[\]\\]/g, '\\$&')))
          .join('') +
        '$',
    );
  const search = (dir: string, index: number): boolean => {
    const segment = segments[index]!;
    const last = index === segments.length - 1;
    const candidates = isPattern(segment)
      ? safeList(dir).filter((name) => toRegExp(segment).test(name))
      : [segment];
    return candidates.some((name) => {
      const path = join(dir, name);
      if (!existsSync(path)) return false;
      return last ? statSync(path).isFile() : statSync(path).isDirectory() && search(path, index + 1);
    });
  };
  return search(root, 0);
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name !== 'node_modules');
  } catch {
    return [];
  }
}

/** The paths a piece of text names. */
export function pathsIn(text: string): string[] {
  return [...text.matchAll(PATH)].map((match) => match[1]!);
}

/** The stale ones among `paths`: a pattern is stale if one of its brace alternatives matches nothing. */
export function stale(paths: string[]): string[] {
  return paths.filter((path) => expandBraces(path).some((alternative) => !matches(alternative)));
}

interface Mention {
  where: string;
  path: string;
}

/**
 * In Markdown: paths inside backticks and link targets, and every path in a shell block (the files
 * its commands run on). Other fenced code is left out: it may be written for another checkout (the
 * script of test/fixtures/legacy-log/README.md runs on the code before the feature folders).
 */
export function markdownMentions(file: string, text: string): Mention[] {
  const mentions: Mention[] = [];
  let fence: string | null = null;
  text.split('\n').forEach((line, i) => {
    const marker = /^\s*```\s*(\S*)/.exec(line);
    if (marker) {
      fence = fence === null ? marker[1]! : null;
      return;
    }
    let spans: string[];
    if (fence === null) {
      spans = [
        ...[...line.matchAll(/`([^`]+)`/g)].map((match) => match[1]!),
        ...[...line.matchAll(/\]\(([^)\s]+)/g)].map((match) => match[1]!),
      ];
    } else spans = /^(sh|bash|shell|console)$/.test(fence) ? [line] : [];
    for (const span of spans) {
      for (const path of pathsIn(span)) mentions.push({ where: `${file}:${i + 1}`, path });
    }
  });
  return mentions;
}

/**
 * The comments of a TypeScript or Svelte file (`// …`, `/* … *\/`, `<!-- … -->`), each with its
 * line number; quoted strings are skipped, so a `//` or `/*` inside one opens no comment.
 */
export function comments(text: string): { line: number; text: string }[] {
  const found: { line: number; text: string }[] = [];
  let line = 1;
  let state: 'code' | 'line' | 'block' | 'html' | '"' | "'" | '`' = 'code';
  let current = '';
  const flush = () => {
    if (current.trim()) found.push({ line, text: current });
    current = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (char === '\n') {
      if (state === 'line' || state === 'block' || state === 'html') flush();
      if (state === 'line' || state === '"' || state === "'") state = 'code';
      line += 1;
      continue;
    }
    switch (state) {
      case 'code':
        if (text.startsWith('//', i) && text[i - 1] !== ':') {
          state = 'line';
          i += 1;
        } else if (text.startsWith('/*', i)) {
          state = 'block';
          i += 1;
        } else if (text.startsWith('<!--', i)) {
          state = 'html';
          i += 3;
        } else if (char === '"' || char === "'" || char === '`') state = char;
        break;
      case '"':
      case "'":
      case '`':
        if (char === '\\') i += 1;
        else if (char === state) state = 'code';
        break;
      case 'block':
      case 'html': {
        const close = state === 'block' ? '*/' : '-->';
        if (text.startsWith(close, i)) {
          flush();
          state = 'code';
          i += close.length - 1;
        } else current += char;
        break;
      }
      case 'line':
        current += char;
        break;
    }
  }
  flush();
  return found;
}

/** In TypeScript and Svelte: paths inside comments. */
export function commentMentions(file: string, text: string): Mention[] {
  return comments(text).flatMap((comment) =>
    pathsIn(comment.text).map((path) => ({ where: `${file}:${comment.line}`, path })),
  );
}

const markdownFiles = walk(root, (path) => {
  const file = rel(path);
  return (
    file === 'README.md' ||
    /^docs\/[^/]+\.md$/.test(file) ||
    /^test\/fixtures\/.+\/README\.md$/.test(file)
  );
}).map(rel);

const sourceFiles = ['shared', 'server', 'client', 'test']
  .flatMap((dir) => walk(join(root, dir), (path) => /\.(ts|svelte)$/.test(path)))
  .map(rel);

describe('paths named in the docs and comments', () => {
  it('finds the files it checks', () => {
    expect(markdownFiles).toContain('README.md');
    expect(markdownFiles).toContain('docs/protocol.md');
    expect(sourceFiles).toContain('shared/registry.ts');
  });

  it('catches a stale path, a stale pattern, and accepts live ones', () => {
    const text = [
      'See `shared/registry.ts` and [the protocol](docs/protocol.md),',
      '`shared/features/<feature>/commands.ts`, `shared/domain/{context,lookup}.ts`, `test/unit/*.test.ts`,',
      'but not `shared/commands.ts`, `shared/domain/<feature>/commands.ts` nor `shared/domain/{context,decide}.ts`.',
      '```sh',
      'npx tsx server/cli/recount.ts test/fixtures/recount/nowhere.json',
      '```',
      '```ts',
      "import { commandSchemas } from './shared/schemas/old.ts'; // `shared/old.ts`",
      '```',
    ].join('\n');
    const mentions = markdownMentions('example.md', text).map((mention) => mention.path);
    expect(stale(mentions)).toEqual([
      'shared/commands.ts',
      'shared/domain/<feature>/commands.ts',
      'shared/domain/{context,decide}.ts',
      'test/fixtures/recount/nowhere.json',
    ]);
    const code = [
      "import x from '../shared/commands.ts'; // see ../shared/domain/decide.ts",
      '/* shared/features/timer/math.ts and',
      '   shared/domain/evolve.ts */ const url = "https://example.org//shared/x.ts";',
      "const glob = 'client/*.ts // shared/y.ts'; // client/lib/join.ts",
      '<!-- client/lib/nowhere.ts -->',
    ].join('\n');
    expect(stale(commentMentions('example.ts', code).map((mention) => mention.path))).toEqual([
      'shared/domain/decide.ts',
      'shared/domain/evolve.ts',
      'client/lib/nowhere.ts',
    ]);
  });

  it.each(markdownFiles)('every path %s names exists', (file) => {
    const mentions = markdownMentions(file, readFileSync(join(root, file), 'utf8'));
    const missing = mentions.filter((mention) => stale([mention.path]).length > 0);
    expect(missing.map((mention) => `${mention.where}: ${mention.path}`)).toEqual([]);
  });

  it('every path a source comment names exists', () => {
    const missing = sourceFiles.flatMap((file) =>
      commentMentions(file, readFileSync(join(root, file), 'utf8')).filter(
        (mention) => stale([mention.path]).length > 0,
      ),
    );
    expect(missing.map((mention) => `${mention.where}: ${mention.path}`)).toEqual([]);
  });
});
