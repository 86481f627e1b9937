import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

// Writes a .gz and a .br beside every text asset of the build, at the highest levels (done
// once per build, not per request): server/app.ts sends them to browsers that accept them.

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;
/** Below this, the headers cost more than the bytes saved. */
const MIN_BYTES = 512;

export function gzip(data: Buffer): Buffer {
  return gzipSync(data, { level: 9 });
}

export function brotli(data: Buffer): Buffer {
  return brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  });
}

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
      handler(options) {
        const dir = options.dir ?? outDir;
        for (const file of files(dir)) {
          if (!COMPRESSIBLE.test(file) || file.includes('/.vite/')) continue;
          const data = readFileSync(file);
          if (data.length < MIN_BYTES) continue;
          writeFileSync(`${file}.gz`, gzip(data));
          writeFileSync(`${file}.br`, brotli(data));
        }
      },
    },
  };
}
