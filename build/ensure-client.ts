import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

// `npm start` runs this before the server: it builds the client only when client/dist is missing
// or was built from other inputs than the ones on disk, instead of on every start (a build takes
// about 11 s on the room's laptop; this check, a fraction of a second). The inputs are every
// file the build reads: the client, the shared code it imports, the build's config and plugins,
// and the locked dependencies. After a build, their hash is stamped into client/dist; a dot
// file, which the server never serves (server/http/static-files.ts). `npm test` and
// `npm run build` always build.

const ROOT = resolve(import.meta.dirname, '..');
/** Where the stamp is, under client/dist. */
export const STAMP = '.inputs.sha256';
const INPUTS = ['client', 'shared', 'build', 'vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** Every input file under `path` (client/dist and dot files left out), sorted. */
function files(root: string, path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!readdirSafe(full)) return [path];
  return readdirSync(full, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.') && !(path === 'client' && entry.name === 'dist') && entry.name !== 'node_modules')
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => files(root, join(path, entry.name)));
}

function readdirSafe(path: string): boolean {
  try {
    readdirSync(path);
    return true;
  } catch {
    return false;
  }
}

/** sha-256 over each input's path and content: a renamed, added or removed file changes it too. */
export function inputsHash(root = ROOT): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => files(root, input))) hash.update(file.split(sep).join('/')).update('\0').update(readFileSync(join(root, file))).update('\0');
  return hash.digest('hex');
}

/** Whether client/dist was built from the inputs on disk now. */
export function clientUpToDate(root = ROOT, hash = inputsHash(root)): boolean {
  const dist = join(root, 'client/dist');
  return existsSync(join(dist, 'index.html')) && existsSync(join(dist, STAMP)) && readFileSync(join(dist, STAMP), 'utf8').trim() === hash;
}

async function main(): Promise<void> {
  const hash = inputsHash();
  if (clientUpToDate(ROOT, hash)) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  // Stamped after the build (which empties client/dist first): a build cut short leaves no stamp.
  writeFileSync(join(ROOT, 'client/dist', STAMP), `${hash}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
