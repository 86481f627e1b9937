import { readdirSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompress, brotliCompressSync, constants, gzip as gzipAsync, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

// Writes a .gz and a .br beside every text asset of the build, at the highest levels (done
// once per build, not per request): server/app.ts sends them to browsers that accept them.

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;
/** Below this, the headers cost more than the bytes saved. */
const MIN_BYTES = 512;

export function gzip(data: Buffer): Buffer {
  return gzipSync(data, { level: 9 });
}

const brotliOptions = (data: Buffer) => ({
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
});

export function brotli(data: Buffer): Buffer {
  return brotliCompressSync(data, brotliOptions(data));
}

const gzipLater = (data: Buffer) => new Promise<Buffer>((done, fail) => gzipAsync(data, { level: 9 }, (error, result) => (error ? fail(error) : done(result))));
const brotliLater = (data: Buffer) => new Promise<Buffer>((done, fail) => brotliCompress(data, brotliOptions(data), (error, result) => (error ? fail(error) : done(result))));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
}

export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'convergence:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    writeBundle: {
      sequential: true,
      order: 'post',
      // zlib's threads compress the files side by side (brotli at 11 is the slow part).
      async handler(options) {
        const dir = options.dir ?? outDir;
        const todo = files(dir).filter((file) => COMPRESSIBLE.test(file) && !file.includes('/.vite/'));
        await Promise.all(
          todo.map(async (file) => {
            const data = await readFile(file);
            if (data.length < MIN_BYTES) {
              // A watch rebuild (npm run dev) must not leave an older twin beside a new file.
              await Promise.all([rm(`${file}.gz`, { force: true }), rm(`${file}.br`, { force: true })]);
              return;
            }
            const [gz, br] = await Promise.all([gzipLater(data), brotliLater(data)]);
            await Promise.all([writeFile(`${file}.gz`, gz), writeFile(`${file}.br`, br)]);
          }),
        );
      },
    },
  };
}
