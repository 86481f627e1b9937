import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { precompress } from './build/precompress.ts';

// One Svelte app serves every screen (phone, projector, console, support, speaker), each screen
// its own chunk (client/screens.ts) with its words (client/i18n). The server serves client/dist
// in production, precompressed (.br, .gz); `npm run dev` rebuilds it on change.
export default defineConfig({
  root: 'client',
  plugins: [svelte(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // BigInt (exact thresholds in shared/math) needs es2020: Safari 14, Chrome 67, Firefox 68.
    target: 'es2020',
    // .vite/manifest.json: which chunks each screen loads (test/build/bundle-budget.test.ts).
    manifest: true,
  },
  test: {
    root: '.',
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/build/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
