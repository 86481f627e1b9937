import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp, type App, type AppOptions } from '../../server/app.ts';
import { createDemoConvention } from '../../server/demo/create-demo.ts';
import type { DecideContext } from '../../shared/domain/context.ts';
import type { Convention } from '../../shared/domain/types.ts';
import type { Session } from '../../shared/features/core/types.ts';
import { closeAllClients } from './client.ts';

// A real server on 127.0.0.1, port 0, with a temporary data folder and the demo convention.
// Every server started here is closed (and its folder removed) by closeAll() in afterEach.

export const PUBLIC_URL = 'http://192.0.2.10:3000';

export interface StartOptions {
  /** Members in the demo convention (the demo's default is 100; 12 keeps tests fast). */
  members?: number;
  ctx?: DecideContext;
  rate?: AppOptions['rate'];
  joinFailures?: AppOptions['joinFailures'];
  /** A built client to serve (test/integration/static-files.test.ts); none by default. */
  clientDir?: string;
  /** false: no demo convention, an empty server (conventionId is then ''). */
  demo?: boolean;
  operatorKey?: string;
  /** Any other createApp option (the adversary test's captured logger and storage mode). */
  app?: Partial<AppOptions>;
}

export interface TestServer {
  app: App;
  url: string;
  port: number;
  dataDir: string;
  conventionId: string;
  /** The convention's current state, read from the engine at each access. */
  readonly conv: Convention;
  /** The live session (session 1 of the demo, opened by createDemoConvention). */
  readonly live: Session;
  readonly facilitatorKey: string;
  readonly projectorKey: string;
  readonly supportKey: string;
  readonly operatorKey: string;
  /** Closes the app and starts a new one on the same data folder and a new port: the log is replayed. */
  restart(): Promise<TestServer>;
  /** Closes the app and removes the data folder. */
  close(): Promise<void>;
}

const servers = new Set<TestServer>();

const silent = () => pino({ level: 'silent' });

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'convergence-it-'));
  const options = (): AppOptions => ({
    dataDir,
    publicUrl: PUBLIC_URL,
    clientDir: opts.clientDir ?? null,
    logger: silent(),
    ...(opts.ctx ? { ctx: opts.ctx } : {}),
    ...(opts.rate ? { rate: opts.rate } : {}),
    ...(opts.joinFailures ? { joinFailures: opts.joinFailures } : {}),
    ...(opts.operatorKey ? { operatorKey: opts.operatorKey } : {}),
    ...opts.app,
  });

  let app = createApp(options());
  let port = await app.listen(0, '127.0.0.1');
  let closed = false;
  const created = opts.demo === false ? null : await createDemoConvention(app.engine, opts.members ?? 12);

  const server: TestServer = {
    app,
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    conventionId: created?.id ?? '',
    get conv() {
      const conv = server.app.engine.conventions.get(server.conventionId);
      if (!conv) throw new Error('the test convention is gone');
      return conv;
    },
    get live() {
      const conv = server.conv;
      const session = conv.liveSessionId ? conv.sessions[conv.liveSessionId] : undefined;
      if (!session) throw new Error('no live session');
      return session;
    },
    get facilitatorKey() {
      return server.conv.keys.facilitator;
    },
    get projectorKey() {
      return server.conv.keys.projector;
    },
    get supportKey() {
      return server.conv.keys.support;
    },
    get operatorKey() {
      return server.app.operatorKey;
    },
    async restart() {
      // Sockets still open are disconnected by the server; they do not reconnect (see client.ts).
      await app.close();
      app = createApp(options());
      port = await app.listen(0, '127.0.0.1');
      server.app = app;
      server.port = port;
      server.url = `http://127.0.0.1:${port}`;
      return server;
    },
    async close() {
      if (closed) return;
      closed = true;
      servers.delete(server);
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  servers.add(server);
  return server;
}

/** For afterEach: closes every client socket, then every server started by this file. */
export async function closeAll(): Promise<void> {
  await closeAllClients();
  await Promise.all([...servers].map((s) => s.close()));
}

/** Polls a condition on the server side (no message to wait for), every 10 ms. */
export async function waitUntil(condition: () => unknown, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waitUntil(${what}) timed out after ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 10));
  }
}
