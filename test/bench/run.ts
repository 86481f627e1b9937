import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeFingerprint, freePort, machine, note, parseArgs, PROBE_ARGS, round, ROOT, spawnNode, startAppServer, type AppServer, type Child } from './lib.ts';
import type { LoadConfig, LoadResult, PhaseResult } from './load.ts';

// `npm run bench [-- --phones N] [--quick] [--flaky] [--hold-only] [--seed S] [--no-relay] [--no-probe]`
// `npm run bench -- --restart [--events N] [--runs N]`: time to /api/health on a big log (restart.ts).
// `npm run bench -- --batch [--proposals N] [--members N]`: a session-5 consensus batch (consensus-batch.ts).
//
// Starts the production server (node --import tsx server/main.ts) on 127.0.0.1 with a temporary
// DATA_DIR and DEMO_MEMBERS=N, drives it from a separate load process (load.ts), then does the same
// against a bare socket.io relay (relay.ts) and prints each figure beside the relay's. The last
// stdout line is one JSON object with the figures, the targets and whether each is met.
// Everything runs on loopback, every wait is bounded, and the script stops by itself.

const args = parseArgs(process.argv.slice(2));
if (args.restart === true) {
  const { benchRestart } = await import('./restart.ts');
  await benchRestart(args);
  process.exit(0);
}
if (args.batch === true) {
  const { benchConsensusBatch } = await import('./consensus-batch.ts');
  await benchConsensusBatch(args);
  process.exit(0);
}
const quick = args.quick === true;
const flaky = args.flaky === true;
const holdOnly = args['hold-only'] === true;
const phones = Math.max(1, Math.min(10_000, Number(args.phones ?? (quick ? 300 : 1000))));
const seed = Number(args.seed ?? 20240611);
const withRelay = args['no-relay'] !== true && !flaky;
const withProbe = args['no-probe'] !== true;
// The demo's name generator has 1,600 distinct names: beyond that load.ts imports the rest.
const DEMO_MAX = 1500;

const children = new Set<Child>();
let finished = false;

// Bounded: the whole run stops by itself, whatever happens.
// 20 min for 1,000 phones; more for 10,000 (connecting them takes long, see docs/performance.md).
const watchdogMs = (20 + 2 * Math.ceil(phones / 400)) * 60_000;
const watchdog = setTimeout(() => {
  note(`bench: watchdog fired (${watchdogMs / 60_000} min), stopping`);
  void cleanup().then(() => process.exit(3));
}, watchdogMs);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanup().then(() => process.exit(130)));

async function cleanup(): Promise<void> {
  await Promise.all([...children].map((c) => c.stop(3000)));
}

function runLoad(config: LoadConfig): Promise<LoadResult> {
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'test/bench/load.ts'], {
      cwd: ROOT,
      env: { ...process.env, BENCH_LOAD: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: LoadResult | null = null;
    let error = '';
    const timer = setTimeout(() => proc.kill('SIGKILL'), watchdogMs - 60_000);
    proc.on('message', (message: { type: string; result?: LoadResult; message?: string }) => {
      if (message.type === 'result' && message.result) result = message.result;
      if (message.type === 'error') error = message.message ?? 'error';
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      if (result) done(result);
      else fail(new Error(`load generator failed (${code}): ${error}`));
    });
  });
}

function baseConfig(target: LoadConfig['target']): Omit<LoadConfig, 'url' | 'facilitatorKey' | 'projectorKey' | 'sessionCode' | 'serverPid'> {
  return {
    target,
    phones,
    mode: holdOnly ? 'hold' : flaky ? 'flaky' : 'full',
    seed,
    spreadMs: 2000,
    settleMs: quick ? 600 : 1100,
    flaky: { durationMs: quick ? 20_000 : 40_000, everyMs: 15_000, downMs: 2000 },
  };
}

async function benchApp(): Promise<LoadResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'convergence-bench-'));
  const port = await freePort();
  note(`app: starting the server (DEMO_MEMBERS=${Math.min(phones, DEMO_MAX)}, DATA_DIR=${dataDir})`);
  const probeFile = withProbe ? join(dataDir, 'probe.jsonl') : undefined;
  let server: AppServer | null = null;
  try {
    server = await startAppServer({ port, dataDir, demoMembers: Math.min(phones, DEMO_MAX), ...(probeFile ? { probeFile } : {}) });
    children.add(server);
    return await runLoad({ ...baseConfig('app'), url: server.url, facilitatorKey: server.facilitatorKey, projectorKey: server.projectorKey, sessionCode: server.sessionCode, serverPid: server.pid, ...(probeFile ? { probeFile } : {}) });
  } finally {
    if (server) {
      await server.stop();
      children.delete(server);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchRelay(): Promise<LoadResult> {
  note('relay: starting the bare socket.io relay');
  const probeDir = mkdtempSync(join(tmpdir(), 'convergence-relay-'));
  const probeFile = withProbe ? join(probeDir, 'probe.jsonl') : undefined;
  let relay: Child & { matches: RegExpExecArray[] };
  try {
    relay = await spawnNode(
      'test/bench/relay.ts',
      { PORT: '0', HOST: '127.0.0.1', RELAY_MEMBERS: String(phones), ...(probeFile ? { BENCH_PROBE_FILE: probeFile } : {}) },
      [/relay listening on (\d+)/, /\/console\/([\w-]+)/, /\/screen\/([\w-]+)/, /session code (\w+)/],
      60_000,
      probeFile ? PROBE_ARGS : [],
    );
  } catch (error) {
    rmSync(probeDir, { recursive: true, force: true });
    throw error;
  }
  children.add(relay);
  try {
    const [portMatch, consoleMatch, screenMatch, codeMatch] = relay.matches;
    return await runLoad({ ...baseConfig('relay'), url: `http://127.0.0.1:${portMatch![1]}`, facilitatorKey: consoleMatch![1]!, projectorKey: screenMatch![1]!, sessionCode: codeMatch![1]!, serverPid: relay.pid, ...(probeFile ? { probeFile } : {}) });
  } finally {
    await relay.stop();
    children.delete(relay);
    rmSync(probeDir, { recursive: true, force: true });
  }
}

const ratio = (a: number | null | undefined, b: number | null | undefined, digits = 2) => (a == null || b == null || b === 0 ? null : round(a / b, digits));
const fmt = (v: unknown) => (v === null || v === undefined ? '–' : String(v));

function table(rows: [string, unknown, unknown?][]): string {
  const lines = [`${'figure'.padEnd(42)} ${'app'.padStart(12)} ${'relay'.padStart(12)} ${'app/relay'.padStart(10)}`];
  for (const [label, app, relay] of rows) {
    const r = typeof app === 'number' && typeof relay === 'number' ? ratio(app, relay) : null;
    lines.push(`${label.padEnd(42)} ${fmt(app).padStart(12)} ${fmt(relay).padStart(12)} ${fmt(r).padStart(10)}`);
  }
  return lines.join('\n');
}

function phaseRows(name: string, app?: PhaseResult, relay?: PhaseResult): [string, unknown, unknown?][] {
  return [
    [`${name}: votes acked / sent`, app && `${app.ok}/${app.votes}`, relay && `${relay.ok}/${relay.votes}`],
    [`${name}: ack p50 (ms)`, app?.ackP50Ms, relay?.ackP50Ms],
    [`${name}: ack p99 (ms)`, app?.ackP99Ms, relay?.ackP99Ms],
    [`${name}: vote-to-projector p50 (ms)`, app?.toScreenP50Ms, relay?.toScreenP50Ms],
    [`${name}: vote-to-projector p99 (ms)`, app?.toScreenP99Ms, relay?.toScreenP99Ms],
    [`${name}: acked votes per second`, app?.votesPerSec, relay?.votesPerSec],
    [`${name}: projector messages/s (avg)`, app?.projectorPerSec, relay?.projectorPerSec],
    [`${name}: projector messages, busiest 1 s`, app?.projectorPeak1s, relay?.projectorPeak1s],
    [`${name}: messages/s per phone (avg)`, app?.phonePerSec, relay?.phonePerSec],
    [`${name}: messages per phone, busiest 1 s`, app?.phonePeak1sMax, relay?.phonePeak1sMax],
    ...Object.entries(app?.phoneByKind ?? {}).map(([kind, k]): [string, unknown, unknown?] => [`${name}:   ${kind} channel, per phone /s | busiest 1 s`, `${k.perSec} | ${k.peak1s}`, '–']),
    [`${name}: server CPU (ms)`, app?.serverCpuMs, relay?.serverCpuMs],
    [`${name}: server CPU (% of one core)`, app?.serverCpuPct, relay?.serverCpuPct],
    [`${name}: server CPU per vote (ms)`, app?.serverCpuMsPerVote, relay?.serverCpuMsPerVote],
    [`${name}: server event loop busy (%)`, app?.serverLoopBusyPct, relay?.serverLoopBusyPct],
    [`${name}: server worst event-loop delay (ms)`, app?.serverLoopMaxDelayMs, relay?.serverLoopMaxDelayMs],
    [`${name}: server waited for a CPU (% of phase)`, app?.serverRunWaitPct, relay?.serverRunWaitPct],
    [`${name}: lost (acked, not in tally)`, app?.lost, relay?.lost],
    [`${name}: longest projector silence (ms)`, app?.projectorMaxGapMs, relay?.projectorMaxGapMs],
    [`${name}: projector patches out of sequence`, app?.projectorGaps, relay?.projectorGaps],
    [`${name}: load generator's worst loop delay (ms)`, app?.loadLoopDelayMaxMs, relay?.loadLoopDelayMaxMs],
  ];
}

async function main(): Promise<void> {
  const host = machine();
  note(`bench: ${phones} phones, mode ${holdOnly ? 'hold-only' : flaky ? 'flaky' : 'full'}, ${host.cores} cores, load ${host.load1}`);
  const started = Date.now();
  const app = await benchApp();
  const relay = withRelay ? await benchRelay() : null;
  const after = machine();

  const common: [string, unknown, unknown?][] = [
    ['phones connected', app.connectedPhones, relay?.connectedPhones],
    ['handshakes failed (retried up to 3 times)', app.connectFailures, relay?.connectFailures],
    ['joins (POST /api/join), total ms', app.joinMs, relay?.joinMs],
    ['connect all phones, total ms', app.connectMs, relay?.connectMs],
    ['server CPU per phone connect (ms)', app.connectCpuMsPerPhone, relay?.connectCpuMsPerPhone],
    ['server RSS with phones (KiB)', app.rssTotalKb, relay?.rssTotalKb],
    ['server RSS per connected phone (KiB)', app.rssPerPhoneKb, relay?.rssPerPhoneKb],
    ['server CPU idle, phones connected (% core)', app.idleCpuPct, relay?.idleCpuPct],
    ['phones disconnected during the run', JSON.stringify(app.disconnects), relay && JSON.stringify(relay.disconnects)],
    ['most phones held at once', app.peakHeld, relay?.peakHeld],
    ['server RSS per phone at that moment (KiB)', app.peakRssPerPhoneKb, relay?.peakRssPerPhoneKb],
  ];
  console.log(`\nConvergence bench: ${phones} phones, ${host.cores} cores (${host.cpu}), node ${host.node}, load average ${host.load1} before / ${after.load1} after\n`);
  const phases = [...(app.room ? phaseRows('room pace', app.room, relay?.room) : []), ...(app.saturation ? phaseRows('saturation', app.saturation, relay?.saturation) : [])];
  console.log(table([...common, ...phases]));
  if (app.collapsed) console.log(`\napp: the server stopped keeping up while phones connected (${app.collapsed}); most phones held at once: ${app.peakHeld}, after ${Math.round((app.peakAfterMs ?? 0) / 1000)} s`);
  if (app.flaky) {
    const f = app.flaky;
    console.log(`\nflaky Wi-Fi over ${f.durationMs} ms: ${f.drops} drops (gap p50 ${f.outageP50Ms} ms, max ${f.outageMaxMs} ms), ${f.resyncs} resyncs, time from reconnecting to the snapshot showing the vote p50 ${f.resyncP50Ms} ms, p99 ${f.resyncP99Ms} ms, max ${f.maxResyncMs} ms (${f.over5s} over 5 s, ${f.notResynced} never)`);
    console.log(`votes: ${f.acked}/${f.votes} acknowledged, ${f.retries} resent with the same cid, ${f.tallied} in the closed tally, ${f.lost} lost; ${f.phonePerSec} messages per phone per second`);
  }
  console.log('');

  const lost = app.room || app.saturation ? (app.room?.lost ?? 0) + (app.saturation?.lost ?? 0) : app.flaky ? app.flaky.lost : null;
  const projectorPeak = app.room && app.saturation ? Math.max(app.room.projectorPeak1s, app.saturation.projectorPeak1s) : null;
  const phonePeak = app.room && app.saturation ? Math.max(app.room.phonePeak1sMax, app.saturation.phonePeak1sMax) : null;
  const phoneAvg = app.room && app.saturation ? Math.max(app.room.phonePerSec ?? 0, app.saturation.phonePerSec ?? 0) : null;
  const toScreenRatio = ratio(app.room?.toScreenP99Ms, relay?.room?.toScreenP99Ms);
  const votesRatio = ratio(app.saturation?.votesPerSec, relay?.saturation?.votesPerSec);
  const met = (value: number | null | undefined, ok: (v: number) => boolean) => (value == null ? null : ok(value));
  const targets = {
    projectorUpdatesPerSec: { target: '<= 10 in any 1 s', value: projectorPeak, met: met(projectorPeak, (v) => v <= 10) },
    phoneUpdatesPerSec: { target: '<= 2 in any 1 s, per phone', value: phonePeak, average: phoneAvg, met: met(phonePeak, (v) => v <= 2) },
    roomToScreenP99Ms: { target: '<= 150', value: app.room?.toScreenP99Ms ?? null, met: met(app.room?.toScreenP99Ms, (v) => v <= 150) },
    roomToScreenVsRelay: { target: '<= 1.2x relay', value: toScreenRatio, met: met(toScreenRatio, (v) => v <= 1.2) },
    saturationVsRelay: { target: '>= 0.5x relay', value: votesRatio, met: met(votesRatio, (v) => v >= 0.5) },
    lost: { target: '0', value: lost, met: met(lost, (v) => v === 0) },
    hold10000: {
      target: '10,000 phones held, <= 40 KiB each',
      value: phones >= 10_000 ? (app.collapsed ? app.peakRssPerPhoneKb : app.rssPerPhoneKb) : null,
      held: phones >= 10_000 ? app.peakHeld : null,
      met: phones >= 10_000 && holdOnly ? !app.collapsed && app.connectedPhones >= 10_000 && met(app.rssPerPhoneKb, (v) => v <= 40) === true : null,
    },
    ...(app.flaky
      ? {
          flakyResync: { target: 'every phone resynced within 5 s', value: app.flaky.maxResyncMs, met: app.flaky.over5s === 0 && app.flaky.notResynced === 0 },
          flakyLost: { target: '0', value: app.flaky.lost, met: app.flaky.lost === 0 && app.flaky.acked === app.flaky.votes },
        }
      : {}),
  };
  const summary = {
    phones,
    mode: holdOnly ? 'hold-only' : flaky ? 'flaky' : 'full',
    connected: app.connectedPhones,
    peakHeld: app.peakHeld,
    collapsed: app.collapsed,
    ackP50Ms: app.room?.ackP50Ms ?? null,
    ackP99Ms: app.room?.ackP99Ms ?? null,
    relayAckP99Ms: relay?.room?.ackP99Ms ?? null,
    toScreenP50Ms: app.room?.toScreenP50Ms ?? null,
    toScreenP99Ms: app.room?.toScreenP99Ms ?? null,
    relayToScreenP99Ms: relay?.room?.toScreenP99Ms ?? null,
    ratioToScreenP99: toScreenRatio,
    satAckP99Ms: app.saturation?.ackP99Ms ?? null,
    satToScreenP99Ms: app.saturation?.toScreenP99Ms ?? null,
    votesPerSec: app.saturation?.votesPerSec ?? null,
    relayVotesPerSec: relay?.saturation?.votesPerSec ?? null,
    ratioVotesPerSec: votesRatio,
    projectorPeakPerSec: projectorPeak,
    phonePeakPerSec: phonePeak,
    phoneAvgPerSec: phoneAvg,
    serverCpuMsPerVote: app.saturation?.serverCpuMsPerVote ?? null,
    relayCpuMsPerVote: relay?.saturation?.serverCpuMsPerVote ?? null,
    rssPerPhoneKb: app.collapsed ? app.peakRssPerPhoneKb : app.rssPerPhoneKb,
    relayRssPerPhoneKb: relay?.rssPerPhoneKb ?? null,
    rssTotalKb: app.rssTotalKb,
    lost,
    ...(app.flaky ? { maxResyncMs: app.flaky.maxResyncMs, resyncP99Ms: app.flaky.resyncP99Ms, drops: app.flaky.drops, resyncs: app.flaky.resyncs, flakyAcked: app.flaky.acked, flakyRetries: app.flaky.retries } : {}),
    gaps: app.gaps,
    targets,
    allMet: Object.values(targets).every((t) => t.met !== false),
    machine: { cores: host.cores, loadBefore: host.load1, loadAfter: after.load1 },
    code: codeFingerprint(),
    seconds: Math.round((Date.now() - started) / 1000),
  };
  finished = true;
  console.log(JSON.stringify(summary));
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    note(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    await cleanup();
    if (!finished) console.log(JSON.stringify({ phones, error: error instanceof Error ? error.message : String(error) }));
    process.exit(1);
  },
);
