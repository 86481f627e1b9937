import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { precompress } from './build/precompress.ts';
import { socketTransports } from './build/socket-transports.ts';

// One Svelte app serves every screen (phone, projector, console, support, speaker), each screen
// its own chunk (client/screens.ts) with its words (client/i18n). The server serves client/dist
// in production, precompressed (.br, .gz); `npm run dev` rebuilds it on change.
export default defineConfig({
  root: 'client',
  // Every component in runes mode: none switches Svelte's runtime to its legacy mode.
  plugins: [svelte({ compilerOptions: { runes: true } }), precompress(), socketTransports()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // BigInt (exact thresholds in shared/math) needs es2020: Safari 14, Chrome 67, Firefox 68.
    target: 'es2020',
    // .vite/manifest.json: which chunks each screen loads (test/build/bundle-budget.test.ts).
    manifest: true,
    // No modulepreload polyfill in the entry: index.html preloads nothing, and for the chunks a
    // screen imports later Vite's loader falls back to <link rel=preload> where modulepreload is
    // unknown (Safari before 17), so they still download side by side.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // Rolldown's "bundler timings" check prints which plugins took the build's time (Svelte's
      // compiler, precompression) as a warning, so `npm start`'s --logLevel warn showed it on every
      // start. It is a profile, not a problem with the code: off. Every other check stays on.
      checks: { bundlerTimings: false },
      treeshake: {
        // Svelte declares no `sideEffects`, so every part of its runtime that any screen uses
        // lands in the entry chunk, which every phone downloads first. These parts have none,
        // and neither the join page nor the member's home uses them (<select> bindings,
        // transitions, <svelte:element>): declared so, they go to the chunks of the screens and
        // parts that do (docs/performance.md, "Download size").
        moduleSideEffects: [
          {
            test: /[\\/]svelte[\\/]src[\\/]internal[\\/]client[\\/]dom[\\/](elements[\\/]transitions|elements[\\/]bindings[\\/]select|blocks[\\/]svelte-element)\.js$/,
            sideEffects: false,
          },
        ],
      },
    },
  },
  test: {
    root: '.',
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/build/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
