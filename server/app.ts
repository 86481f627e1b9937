import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { join, resolve } from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { Server } from 'socket.io';
import type { DecideContext } from '../shared/domain/context.ts';
import { LIMITS } from '../shared/limits.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/protocol.ts';
import { Engine } from './engine/engine.ts';
import { apiRoutes } from './http/routes.ts';
import type { GuestJoinLimits } from './http/guest-joins.ts';
import { operatorRoutes } from './http/operator-routes.ts';
import { publicResultsRoutes } from './public-results/routes.ts';
import { followUpSections } from './public-results/follow-up.ts';
import { clientFiles, sendClientFile } from './http/static-files.ts';
import { systemContext } from './ids.ts';
import { createLogger, type Logger } from './logger.ts';
import { loadOperatorKey } from './operator-key.ts';
import { serverWideSessionCodes } from './session-codes.ts';
import { AccessIndex } from './realtime/access.ts';
import { Connections } from './realtime/connections.ts';
import { ChannelHub } from './realtime/hub.ts';
import { FailureLimiter } from './realtime/rate-limit.ts';
import { wireSockets } from './realtime/socket-server.ts';
import { EventStore } from './store/event-store.ts';
import { wireErasure } from './privacy/erasure.ts';
import { RETENTION_SWEEP_MS, scheduleRetention } from './privacy/retention.ts';

export interface AppOptions {
  dataDir: string;
  /** Base address for join links and QR codes; see public-url.ts. */
  publicUrl: string;
  ctx?: DecideContext;
  logger?: Logger;
  /** Per-socket command rate. */
  rate?: { burst: number; perSecond: number };
  /** Failed joins allowed per address per window. */
  joinFailures?: { max: number; windowMs: number };
  /** Caps on guest requests per address and per convention (server/http/guest-joins.ts). */
  guestLimits?: GuestJoinLimits;
  /** Where the built client is; tests without a build leave it out. */
  clientDir?: string | null;
  /** The operator's key (main.ts: OPERATOR_KEY); without it, the one kept in the data folder (operator-key.ts). */
  operatorKey?: string;
  /**
   * false: the deliberately leaky configuration of the adversary test (issue 14), secret ballots
   * committed one by one as before the ballot box. Tests only: main.ts never sets it. Its exact
   * meaning is at its definition, server/engine/engine.ts (EngineOptions.ballotMixing).
   */
  ballotMixing?: boolean;
  /** false: a close writes counts per table and stratum without crossing them with batches; one test only (EngineOptions.batchCrossing). */
  batchCrossing?: boolean;
  /** How often the retention sweep runs (server/privacy/retention.ts); an hour by default. */
  retentionSweepMs?: number;
}

export interface App {
  http: HttpServer;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  engine: Engine;
  /** The key of the operator's page and routes (/operator/<key>, /api/operator/...). */
  operatorKey: string;
  /** Runs the retention sweep now (it also runs at start and periodically); how many members it erased. */
  sweepRetention(): Promise<number>;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

const DEFAULT_CLIENT_DIR = resolve(import.meta.dirname, '../client/dist');

/** The composition root: tests build it on port 0 with a temporary data folder. */
export function createApp(options: AppOptions): App {
  mkdirSync(options.dataDir, { recursive: true });
  const operatorKey = options.operatorKey ?? loadOperatorKey(options.dataDir).key;
  const logger = options.logger ?? createLogger();
  const ballotMixing = options.ballotMixing ?? true;
  const store = new EventStore(join(options.dataDir, 'convergence.sqlite'), { secureDelete: ballotMixing });
  const connections = new Connections();
  const conventions = () => engine.conventions.values();
  const engine: Engine = new Engine(store, serverWideSessionCodes(options.ctx ?? systemContext(), conventions), (id) => connections.connected(id), { ballotMixing, ...(options.batchCrossing === false ? { batchCrossing: false } : {}) });
  const access = new AccessIndex(() => engine.conventions.values(), (id) => engine.conventions.get(id));

  const web = express();
  web.disable('x-powered-by');
  web.set('trust proxy', 'loopback');
  web.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'upgrade-insecure-requests': null,
        },
      },
      // Phones reach a laptop over plain http on the room's Wi-Fi: no HSTS.
      strictTransportSecurity: false,
      crossOriginOpenerPolicy: false,
      originAgentCluster: false,
    }),
  );
  // The public results page (no key) and the static export (facilitator key): public-results/routes.ts;
  // the follow-up's progress table is one of its sections (public-results/follow-up.ts).
  web.use(publicResultsRoutes({ engine, access, extras: followUpSections }));
  web.use('/api/operator', operatorRoutes({ engine, access, store, logger, operatorKey, publicUrl: options.publicUrl }));
  web.use('/api', apiRoutes({ engine, access, logger, publicUrl: options.publicUrl, joinFailures: new FailureLimiter(options.joinFailures?.max ?? 20, options.joinFailures?.windowMs ?? 10 * 60_000), ...(options.guestLimits ? { guestLimits: options.guestLimits } : {}) }));
  const clientDir = options.clientDir === undefined ? DEFAULT_CLIENT_DIR : options.clientDir;
  if (clientDir && existsSync(clientDir)) {
    // Precompressed (br, gz), hashed assets cached for good, index.html revalidated: static-files.ts.
    web.use(clientFiles(clientDir));
    // One app, every screen: every other path is the app, which routes itself.
    const indexHtml = join(resolve(clientDir), 'index.html');
    web.get(/^\/(?!api\/|socket\.io\/).*/, (req, res, next) => sendClientFile(req, res, next, indexHtml, '/index.html'));
  }

  const http = createServer(web);
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    maxHttpBufferSize: LIMITS.socketPayloadBytes,
    serveClient: false,
    pingInterval: 10_000,
    pingTimeout: 8_000,
  });
  const epoch = randomUUID().slice(0, 8);
  // Views read the state with the participation of the ballots waiting in a box (engine.viewState).
  const hub = new ChannelHub(io, epoch, (id) => engine.viewState(id), (id) => ({ connected: connections.connected(id), publicUrl: options.publicUrl }));
  // A ballot entering the box changes participation with no commit: views refresh, and the
  // sender's own channels at once (as after an ack, socket-server.ts), so the phone shows it in the box.
  engine.onParticipation((changes) => {
    for (const id of changes.keys()) hub.touchConvention(id);
    for (const [id, actors] of changes) for (const actor of actors) for (const key of hub.ownChannels(id, actor)) hub.flushNow(key);
  });
  wireSockets({ io: io as never, engine, hub, access, connections, logger, rate: options.rate ?? { burst: 40, perSecond: 20 } });
  // After the sockets: a rewritten log resyncs them as a restore does (realtime/restored.ts).
  const erasure = wireErasure(engine, store, logger);
  // At start and then periodically: conventions past their retention lose their members' data;
  // an erasure a crash cut short is finished on the way (docs/privacy.md).
  const retention = scheduleRetention(engine, logger, options.retentionSweepMs ?? RETENTION_SWEEP_MS, erasure.finishPending);

  return {
    http,
    io,
    engine,
    operatorKey,
    sweepRetention: () => retention.sweep(),
    listen: (port, host) =>
      new Promise((done, fail) => {
        http.once('error', fail);
        http.listen(port, host, () => {
          const address = http.address();
          done(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: async () => {
      retention.stop();
      hub.close();
      const closed = new Promise<void>((done) => {
        io.close(() => done());
      });
      // Browsers keep idle HTTP connections open: without this, closing waits for them to time out.
      http.closeAllConnections();
      await closed;
      engine.drain();
      store.close();
    },
  };
}
