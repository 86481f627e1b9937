import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION, type SnapshotMessage } from '../../shared/protocol.ts';
import type { ConsoleView } from '../../shared/views/console-view.ts';

// The real production server as a child process (`tsx server/main.ts`), so a scenario can kill
// it with SIGKILL and start it again on the same port and data folder.

export interface ServerProcessOptions {
  /** Started without the demo (DEMO=off): an empty data folder stays empty. */
  demo?: boolean;
  /** More environment for the server (OPERATOR_KEY…). */
  env?: Record<string, string>;
  /** Command-line arguments after server/main.ts (`--no-demo`). */
  args?: string[];
}

export interface ServerProcess {
  url: string;
  /** The operator's page, as the start banner prints it. */
  operatorUrl: string;
  operatorKey: string;
  consoleUrl: string;
  screenUrl: string;
  facilitatorKey: string;
  dataDir: string;
  /** The console's view, read through a real facilitator socket. */
  consoleView(): Promise<ConsoleView>;
  kill9(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'convergence-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let facilitatorKey = '';
  let screenKey = '';
  let operatorKey = '';

  async function start(): Promise<void> {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...(options.args ?? [])], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, PUBLIC_URL: url, LOG_LEVEL: 'warn', ...(options.demo === false ? { DEMO: 'off' } : {}), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        // The operator's line comes last in the banner: once it is here, the banner is whole.
        const operatorMatch = /\/operator\/([\w-]+)/.exec(output);
        if (operatorMatch) {
          operatorKey = operatorMatch[1]!;
          facilitatorKey = /\/console\/([\w-]+)/.exec(output)?.[1] ?? '';
          screenKey = /\/screen\/([\w-]+)/.exec(output)?.[1] ?? '';
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${output}`));
      });
    });
  }

  await start();

  return {
    url,
    get operatorUrl() {
      return `${url}/operator/${operatorKey}`;
    },
    get operatorKey() {
      return operatorKey;
    },
    get consoleUrl() {
      return `${url}/console/${facilitatorKey}`;
    },
    get screenUrl() {
      return `${url}/screen/${screenKey}`;
    },
    get facilitatorKey() {
      return facilitatorKey;
    },
    dataDir,
    // A new socket gets the last commit's view (the hub flushes a pending change before a
    // snapshot: test/unit/hub.test.ts), so the first console snapshot is what the console shows.
    consoleView: () =>
      new Promise<ConsoleView>((resolve, reject) => {
        const socket = io(url, { auth: { protocol: PROTOCOL_VERSION, token: facilitatorKey }, transports: ['websocket'], forceNew: true });
        socket.on('sync:snapshot', (message: SnapshotMessage) => {
          if (message.kind !== 'console') return;
          socket.close();
          resolve(message.view as ConsoleView);
        });
        socket.on('connect_error', (error) => {
          socket.close();
          reject(error);
        });
      }),
    kill9: async () => {
      const proc = child;
      if (!proc || proc.exitCode !== null) return;
      proc.removeAllListeners('exit');
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGKILL');
      await exited;
    },
    start,
    stop: async () => {
      const proc = child;
      if (proc && proc.exitCode === null) {
        proc.removeAllListeners('exit');
        const exited = new Promise((resolve) => proc.once('exit', resolve));
        proc.kill('SIGTERM');
        // A server that does not stop within 10 s is killed: a test must never hang on it.
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
