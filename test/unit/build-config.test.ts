import { describe, expect, it } from 'vitest';
import config from '../../vite.config.ts';

// `npm start` builds with --logLevel warn: what it prints should be a real warning. Rolldown's
// "bundler timings" check (warning PLUGIN_TIMINGS, a block of which plugin took the build's time)
// printed on every start (issue 18, item 8). Building here to look for it would be slow and would
// not show it anyway (it needs a build of 3 s or more), so the config is checked: that check is
// off, and it is the only one, so real warnings still print.
describe('vite.config.ts', () => {
  it('turns off the bundler-timings check and no other', () => {
    const checks = (config as { build?: { rolldownOptions?: { checks?: Record<string, boolean> } } }).build?.rolldownOptions?.checks;
    expect(checks).toEqual({ bundlerTimings: false });
  });
});
