import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// One Svelte app serves the three screens (phone, projector, console).
// The server serves client/dist in production; `npm run dev` rebuilds it on change.
export default defineConfig({
  root: 'client',
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // BigInt (exact thresholds in shared/math) needs es2020: Safari 14, Chrome 67, Firefox 68.
    target: 'es2020',
  },
  test: {
    root: '.',
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
