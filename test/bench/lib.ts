import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type PatchMessage, type SnapshotMessage, type Welcome } from '../../shared/protocol.ts';
import { mulberry32 } from '../../shared/math/mulberry32.ts';
import { applyPatch } from '../../shared/sync/patch.ts';

// What the benchmark scripts share: starting the production server (or the bare relay) as a
// child process, reading its CPU time and memory from /proc, a light socket.io client that keeps
// its channels in sync like the real one, seeded randomness, percentiles and bounded waits.
// Benchmarks, not tests: nothing here is run by `npm test`.

export const ROOT = resolve(import.meta.dirname, '../..');
export const now = () => performance.now();
/** What probe.ts wrote between two wall-clock times: event-loop busy share and worst delay. */
export function probeSummary(file: string | undefined, fromMs: number, toMs: number): { loopBusyPct: number | null; loopMaxDelayMs: number | null } {
  if (!file) return { loopBusyPct: null, loopMaxDelayMs: null };
  let active = 0;
  let idle = 0;
  let maxDelay = 0;
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      const s = JSON.parse(line) as { at: number; activeMs: number; idleMs: number; delayMaxMs: number };
      if (s.at < fromMs + 250 || s.at > toMs + 250) continue;
      active += s.activeMs;
      idle += s.idleMs;
      maxDelay = Math.max(maxDelay, s.delayMaxMs);
    }
  } catch {
    return { loopBusyPct: null, loopMaxDelayMs: null };
  }
  return active + idle > 0 ? { loopBusyPct: Number(((active / (active + idle)) * 100).toFixed(1)), loopMaxDelayMs: Number(maxDelay.toFixed(0)) } : { loopBusyPct: null, loopMaxDelayMs: null };
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** `--phones 300 --quick` → { phones: '300', quick: true }. */
export function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) out[key] = inline;
    else if (next !== undefined && !next.startsWith('--')) {
      out[key] = next;
      i++;
    } else out[key] = true;
  }
  return out;
}

/** mulberry32: a small seeded generator, so a run's schedule can be replayed. */
export const seeded = mulberry32;

/** Nearest-rank percentile; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (value: number | null, digits = 1): number | null => (value === null || !Number.isFinite(value) ? null : Number(value.toFixed(digits)));

/** The most events of a sorted list of times that fall in any half-open window [t, t + width). */
export function peakInWindow(sortedTimes: readonly number[], width = 1000): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < sortedTimes.length; end++) {
    while (sortedTimes[end]! - sortedTimes[start]! >= width) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** Polls a condition until it holds or the time is up; returns whether it held. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, pollMs = 20): Promise<boolean> {
  const deadline = now() + timeoutMs;
  while (!condition()) {
    if (now() > deadline) return false;
    await sleep(pollMs);
  }
  return true;
}

/** Runs `task` over `items` with at most `limit` at a time. */
export async function pool<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

// ---- /proc ----------------------------------------------------------------------------------

let clockTicks = 0;
function ticksPerSecond(): number {
  if (!clockTicks) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export interface ProcStats {
  /** User + system CPU time since the process started, in ms (all threads). */
  cpuMs: number;
  /**
   * Time the main thread (the event loop) was ready to run but waited for a CPU, in ms
   * (/proc/<pid>/schedstat): what other load on the machine costs the server.
   */
  runWaitMs: number;
  /** Resident memory, in KiB. */
  rssKb: number;
  at: number;
}

/** CPU time (utime + stime of /proc/<pid>/stat) and VmRSS of a process; null once it is gone. */
export function procStats(pid: number): ProcStats | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    let runWaitMs = 0;
    try {
      runWaitMs = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
    } catch {
      runWaitMs = 0;
    }
    return { cpuMs: ((utime + stime) * 1000) / ticksPerSecond(), runWaitMs, rssKb: rss ? Number(rss[1]) : 0, at: now() };
  } catch {
    return null;
  }
}

export function machine(): { cores: number; load1: number; load5: number; cpu: string; node: string } {
  let cpu = '?';
  try {
    cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '?';
  } catch {
    /* not Linux */
  }
  const [load1 = 0, load5 = 0] = loadavg();
  let cores = 0;
  try {
    cores = Number(execFileSync('nproc').toString().trim());
  } catch {
    cores = 0;
  }
  return { cores, load1: Number(load1.toFixed(2)), load5: Number(load5.toFixed(2)), cpu, node: process.version };
}

/**
 * A short hash of the server and shared sources measured (server/, shared/), so a figure can be
 * tied to the code it was measured on.
 */
export function codeFingerprint(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(resolve(ROOT, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) hash.update(path).update(readFileSync(resolve(ROOT, path)));
    }
  };
  walk('server');
  walk('shared');
  return hash.digest('hex').slice(0, 12);
}

// ---- child processes ------------------------------------------------------------------------

export interface Child {
  proc: ChildProcess;
  pid: number;
  /** Everything the child printed (stdout and stderr), capped. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  kill9(): Promise<void>;
  exited(): boolean;
}

/**
 * Spawns `node --import tsx <script>` from the project root and resolves once its output matches
 * every pattern (or rejects after `timeoutMs`, or when it exits first).
 */
export async function spawnNode(script: string, env: Record<string, string>, ready: RegExp[], timeoutMs = 60_000, nodeArgs: string[] = []): Promise<Child & { matches: RegExpExecArray[] }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  proc.stdout!.on('data', append);
  proc.stderr!.on('data', append);
  let gone = false;
  proc.once('exit', () => (gone = true));
  const exitedPromise = new Promise<void>((done) => proc.once('exit', () => done()));

  const matches = await new Promise<RegExpExecArray[]>((done, fail) => {
    const timer = setTimeout(() => {
      cleanup();
      proc.kill('SIGKILL');
      fail(new Error(`${script} did not start in ${timeoutMs} ms:\n${output.slice(-3000)}`));
    }, timeoutMs);
    const check = () => {
      const found = ready.map((re) => re.exec(output));
      if (found.every(Boolean)) {
        cleanup();
        done(found as RegExpExecArray[]);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      fail(new Error(`${script} exited (${code ?? signal}) before it was ready:\n${output.slice(-3000)}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      proc.stdout!.off('data', check);
      proc.off('exit', onExit);
    };
    proc.stdout!.on('data', check);
    proc.once('exit', onExit);
    check();
  });

  const child: Child & { matches: RegExpExecArray[] } = {
    proc,
    pid: proc.pid!,
    matches,
    output: () => output,
    exited: () => gone,
    kill9: async () => {
      if (gone) return;
      proc.kill('SIGKILL');
      await exitedPromise;
    },
    stop: async (graceMs = 10_000) => {
      if (gone) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
  return child;
}

/** Node flags that load probe.ts into a server under test. */
export const PROBE_ARGS = ['--import', './test/bench/probe.ts'];

export interface AppServer extends Child {
  url: string;
  facilitatorKey: string;
  projectorKey: string;
  sessionCode: string;
}

/**
 * The production server (`node --import tsx server/main.ts`) on 127.0.0.1. BENCH_SERVER_NODE_ARGS
 * adds node flags, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where the server's time goes.
 */
export async function startAppServer(opts: { port: number; dataDir: string; demoMembers: number; timeoutMs?: number; probeFile?: string }): Promise<AppServer> {
  const url = `http://127.0.0.1:${opts.port}`;
  const child = await spawnNode(
    'server/main.ts',
    { PORT: String(opts.port), HOST: '127.0.0.1', DATA_DIR: opts.dataDir, PUBLIC_URL: url, LOG_LEVEL: 'warn', DEMO_MEMBERS: String(opts.demoMembers), ...(opts.probeFile ? { BENCH_PROBE_FILE: opts.probeFile } : {}) },
    [/\/console\/([\w-]+)/, /\/screen\/([\w-]+)/, /session code (\w+)/],
    opts.timeoutMs ?? 120_000,
    [...(opts.probeFile ? PROBE_ARGS : []), ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)],
  );
  const [consoleMatch, screenMatch, codeMatch] = child.matches;
  return { ...child, url, facilitatorKey: consoleMatch![1]!, projectorKey: screenMatch![1]!, sessionCode: codeMatch![1]! };
}

// ---- a light client -------------------------------------------------------------------------

/** An ack as the server sends it, or ACK_TIMEOUT when none came in time (or the socket dropped). */
export type BenchAck = { ok: true; data?: unknown } | { ok: false; error: { code: string; message: string } };

export interface ChannelCopy {
  kind: string;
  epoch: string;
  version: number;
  view: unknown;
}

export interface PeerOptions {
  reconnection?: boolean;
  reconnectionDelay?: number;
  reconnectionDelayMax?: number;
  randomizationFactor?: number;
  /** Called for every snapshot and patch, after it is applied. */
  onSync?: (peer: Peer, type: 'snapshot' | 'patch', kind: string, at: number) => void;
}

/**
 * A socket.io client as a phone, the projector or the console opens it (websocket transport):
 * it keeps a copy of each channel (snapshot, then patches checked against the local version,
 * asking for a resync on a gap, as the real client does).
 */
export class Peer {
  readonly socket: Socket;
  readonly channels = new Map<string, ChannelCopy>();
  welcome: Welcome | null = null;
  gaps = 0;
  private readonly waiters = new Set<() => void>();

  constructor(
    url: string,
    token: string,
    private readonly opts: PeerOptions = {},
  ) {
    this.socket = io(url, {
      auth: { protocol: PROTOCOL_VERSION, token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: opts.reconnection ?? false,
      reconnectionDelay: opts.reconnectionDelay ?? 500,
      reconnectionDelayMax: opts.reconnectionDelayMax ?? 4000,
      randomizationFactor: opts.randomizationFactor ?? 0.5,
      timeout: 20_000,
    });
    this.socket.on('welcome', (welcome: Welcome) => {
      this.welcome = welcome;
      this.notify();
    });
    this.socket.on('sync:snapshot', (message: SnapshotMessage) => {
      this.channels.set(message.channel, { kind: message.kind, epoch: message.epoch, version: message.version, view: message.view });
      this.opts.onSync?.(this, 'snapshot', message.kind, now());
      this.notify();
    });
    this.socket.on('sync:patch', (message: PatchMessage) => {
      const copy = this.channels.get(message.channel);
      if (!copy || copy.epoch !== message.epoch || copy.version !== message.from) {
        this.gaps++;
        this.socket.emit('sync:resync');
        return;
      }
      copy.view = applyPatch(copy.view, message.patch);
      copy.version = message.to;
      this.opts.onSync?.(this, 'patch', copy.kind, now());
      this.notify();
    });
    this.socket.on('sync:drop', (channel: string) => {
      this.channels.delete(channel);
    });
    this.socket.on('disconnect', () => this.notify());
    this.socket.on('connect_error', () => this.notify());
  }

  view<T = any>(kind: string): T | undefined {
    for (const copy of this.channels.values()) if (copy.kind === kind) return copy.view as T;
    return undefined;
  }

  /** A command in its envelope; resolves with the ack, or an `ACK_TIMEOUT` error. */
  send(name: string, args: unknown, cid: string, timeoutMs = 15_000): Promise<BenchAck> {
    return new Promise((done) => {
      this.socket.timeout(timeoutMs).emit(name, { cid, args }, (error: Error | null, ack: BenchAck) => {
        done(error ? { ok: false, error: { code: 'ACK_TIMEOUT', message: error.message } } : ack);
      });
    });
  }

  /** Resolves with the first truthy value of `predicate`, checked after each message; rejects after `timeoutMs`. */
  waitFor<T>(predicate: (peer: Peer) => T | null | undefined | false | 0 | '', timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((done, fail) => {
      const check = (): boolean => {
        let value: T | null | undefined | false | 0 | '';
        try {
          value = predicate(this);
        } catch {
          value = undefined;
        }
        if (!value) return false;
        finish();
        done(value);
        return true;
      };
      const waiter = () => void check();
      const timer = setTimeout(() => {
        finish();
        fail(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      if (!check()) this.waiters.add(waiter);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}

/** Resolves once the socket is welcomed and has a snapshot of each of these channel kinds. */
export function connected(peer: Peer, kinds: string[], timeoutMs = 30_000): Promise<true> {
  return peer.waitFor((p) => p.welcome !== null && kinds.every((k) => p.view(k) !== undefined) && true, timeoutMs, `welcome and ${kinds.join(', ')}`);
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

/** Prints to stderr (progress), keeping stdout for the report and its last JSON line. */
export function note(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
