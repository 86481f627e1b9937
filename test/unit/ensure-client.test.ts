import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clientUpToDate, inputsHash, STAMP } from '../../build/ensure-client.ts';

// `npm start` rebuilds the client only when what the build reads changed (build/ensure-client.ts):
// any change to the client, the shared code, the build's config or the locked dependencies must
// be seen, and nothing the build writes may count.

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'convergence-ensure-'));
  roots.push(root);
  const files: Record<string, string> = {
    'client/index.html': '<div id="app"></div>',
    'client/main.ts': 'export {};',
    'client/views/App.svelte': '<p>{1}</p>',
    'shared/limits.ts': 'export const A = 1;',
    'build/precompress.ts': 'export {};',
    'vite.config.ts': 'export default {};',
    'package-lock.json': '{"lockfileVersion":3}',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('build/ensure-client.ts', () => {
  it('changes its hash with any input: content, a new file, a rename, the lock file', () => {
    const root = project();
    const seen = new Set([inputsHash(root)]);
    const changed = (what: () => void) => {
      what();
      const hash = inputsHash(root);
      expect(seen.has(hash)).toBe(false);
      seen.add(hash);
    };
    changed(() => writeFileSync(join(root, 'client/views/App.svelte'), '<p>{2}</p>'));
    changed(() => writeFileSync(join(root, 'shared/limits.ts'), 'export const A = 2;'));
    changed(() => writeFileSync(join(root, 'client/views/New.svelte'), ''));
    changed(() => renameSync(join(root, 'client/views/New.svelte'), join(root, 'client/views/Other.svelte')));
    changed(() => writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3,"x":1}'));
    changed(() => writeFileSync(join(root, 'vite.config.ts'), 'export default { a: 1 };'));
    changed(() => writeFileSync(join(root, 'build/precompress.ts'), 'export const b = 1;'));
  });

  it('ignores what the build writes, and says the client is up to date only with its stamp', () => {
    const root = project();
    const hash = inputsHash(root);
    expect(clientUpToDate(root)).toBe(false);
    mkdirSync(join(root, 'client/dist/assets'), { recursive: true });
    writeFileSync(join(root, 'client/dist/index.html'), '<html></html>');
    writeFileSync(join(root, 'client/dist/assets/app-123.js'), '');
    expect(inputsHash(root)).toBe(hash);
    expect(clientUpToDate(root)).toBe(false);
    writeFileSync(join(root, 'client/dist', STAMP), `${hash}\n`);
    expect(clientUpToDate(root)).toBe(true);
    writeFileSync(join(root, 'client/main.ts'), 'export const changed = true;');
    expect(clientUpToDate(root)).toBe(false);
  });
});
