import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

// Loaded into the server under test with `node --import ./test/bench/probe.ts` (run.ts does it
// unless --no-probe): every 250 ms it appends to BENCH_PROBE_FILE how busy the event loop was
// (event-loop utilization: running JavaScript or blocked in a synchronous call such as SQLite's
// fsync) and its worst delay. It changes nothing in the server; it only looks.

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const current = performance.eventLoopUtilization();
    const d = performance.eventLoopUtilization(current, last);
    last = current;
    appendFileSync(file, `${JSON.stringify({ at: Date.now(), activeMs: d.active, idleMs: d.idle, delayMaxMs: delay.max / 1e6 })}\n`);
    delay.reset();
  }, 250);
  timer.unref();
}
