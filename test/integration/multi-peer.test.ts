import type { CommandInput, CommandName, CommandResult } from '../../shared/registry.ts';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelSync } from '../../client/lib/channel-sync.ts';
import { OptimisticEdit } from '../../client/lib/optimistic-edit.ts';
import { CommandQueue, memoryStorage, Outbox } from '../../client/lib/outbox.ts';
import type { CommandSocket } from '../../client/lib/socket.ts';
import { computeView } from '../../server/realtime/views.ts';
import { seededContext } from '../../shared/domain/context.ts';
import type { VoteChoice } from '../../shared/features/votes/types.ts';
import { PROTOCOL_VERSION, type Ack } from '../../shared/protocol.ts';
import type { ChannelKey, ChannelViews } from '../../shared/views/channels.ts';
import { connectClient, joinWithSeat } from '../helpers/client.ts';
import { closeAll, PUBLIC_URL, startServer, waitUntil, type TestServer } from '../helpers/server.ts';

// Issue 11, part 4: several phones running the client's own sync code (ChannelSync applying
// shared/sync/patch.ts, CommandQueue resending the outbox with the same cid, OptimisticEdit on a
// base version) against a real server, doing random table-ranking moves, vision saves and votes
// while their connections drop and come back. At the end, every phone's copy of each channel is
// the server's view, and every acknowledged action is in the server's state.
//
// MULTI_PEER_SEED=<n> runs one more seed; failing seeds are pinned in REGRESSION_SEEDS.

const RUN_SEED = process.env.MULTI_PEER_SEED ? Number(process.env.MULTI_PEER_SEED) >>> 0 : 20_260_711;
/**
 * Seeds that once failed, replayed every run:
 * - 12: a command sent while the outbox was being resent after a reconnection was left in the
 *   outbox until the next connection (CommandQueue.flush iterated the list it started with); the
 *   phone's move never got an answer.
 */
const REGRESSION_SEEDS: number[] = [12];
const PEERS = 6;
const STEPS_PER_PEER = 14;
const NO_RATE_LIMIT = { burst: 1e9, perSecond: 1e9 };

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

type Acked =
  | { kind: 'move'; tableId: string; version: number }
  | { kind: 'vision'; tableId: string; version: number; text: string }
  | { kind: 'vote'; voteId: string; choice: VoteChoice };

/** A phone: a real socket.io client, the client's channel copies and command queue. */
class Peer {
  readonly socket: Socket;
  readonly sync: ChannelSync;
  readonly queue: CommandQueue;
  readonly acked: Acked[] = [];
  /** The vision text being written here, on its base version (client/lib/optimistic-edit.ts). */
  vision: OptimisticEdit<string> | null = null;

  constructor(
    url: string,
    token: string,
    readonly memberId: string,
  ) {
    // Reconnecting as the app's socket does (client/lib/socket.ts): a connection the server drops
    // (a ping missed on a busy machine) comes back by itself; the test's own drops
    // (socket.disconnect()) stay down until the test reconnects them.
    this.socket = io(url, { auth: { protocol: PROTOCOL_VERSION, token }, transports: ['websocket'], forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 500 });
    this.sync = new ChannelSync(
      () => this.onViews(),
      () => this.socket.emit('sync:resync'),
    );
    this.socket.on('sync:snapshot', (m) => this.sync.snapshot(m));
    this.socket.on('sync:patch', (m) => this.sync.patch(m));
    this.socket.on('sync:drop', (key) => this.sync.drop(key));
    this.queue = new CommandQueue(this.socket as unknown as CommandSocket, new Outbox(`peer.${memberId}`, memoryStorage()), () => {}, 2000);
  }

  view<K extends keyof ChannelViews>(kind: K): ChannelViews[K] | undefined {
    const key = this.sync.keys().find((k) => k.startsWith(`${kind}:`));
    return key ? (this.sync.view(key) as ChannelViews[K]) : undefined;
  }

  private onViews(): void {
    const vision = this.view('table')?.vision;
    if (vision && this.vision) this.vision.receive({ value: vision.text, version: vision.version });
  }

  send<N extends CommandName>(name: N, args: CommandInput<N>): Promise<Ack<CommandResult<N>>> {
    return this.queue.send(name, args);
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}

async function runSeed(seed: number): Promise<void> {
  // The domain's seeded generator (mulberry32): the same seed gives the same run.
  const random = seededContext(seed).random;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const server: TestServer = await startServer({ members: PEERS, rate: NO_RATE_LIMIT });
  const facilitator = await connectClient(server.url, server.facilitatorKey);
  const ok = async (ack: Promise<Ack>): Promise<any> => {
    const result = await ack;
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.data;
  };
  const sessionId = server.live.id;
  // The phones join first: tables are made of the members present.
  const peers: Peer[] = [];
  for (const id of server.conv.memberOrder) {
    const { token, memberId } = await joinWithSeat(server.url, server.live.code, server.conv.members[id]!.seatCode);
    peers.push(new Peer(server.url, token, memberId));
  }
  await waitUntil(() => peers.every((p) => p.view('member')), 20_000, 'every phone connected');
  await ok(facilitator.send('tables.create', { sessionId, count: 2 }));
  await ok(facilitator.send('tables.assignRandom', { sessionId, balanceOn: null }));
  const { activityId } = await ok(facilitator.send('ranking.create', { sessionId, title: 'Leviers', tableIds: [], silentRound: false }));
  await ok(facilitator.send('ranking.open', { activityId }));
  const { visionId } = await ok(facilitator.send('vision.create', { sessionId, title: 'Vision 2050', prompt: 'Le territoire en 2050.', tableIds: [] }));
  await ok(facilitator.send('vision.open', { visionId }));
  const { proposalId } = await ok(facilitator.send('proposal.enter', { title: 'Réseau express vélo', text: 'Un réseau express vélo.', leverId: server.conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
  const { voteIds } = await ok(facilitator.send('vote.create', { sessionId, proposalIds: [proposalId], secret: false, thresholdBp: 5000, basis: 'expressed', batch: false }));
  const voteId = voteIds[0] as string;
  await ok(facilitator.send('vote.open', { voteIds: [voteId] }));

  await waitUntil(() => peers.every((p) => p.view('table')?.ranking && p.view('table')?.vision), 20_000, 'every phone has its table');
  const startVersions = new Map(Object.entries((server.conv.activities[activityId] as unknown as { tables: Record<string, { version: number }> }).tables).map(([id, t]) => [id, t.version]));

  const problems: string[] = [];
  async function act(peer: Peer, step: number): Promise<void> {
    const roll = random();
    if (roll < 0.15) {
      // The Wi-Fi goes for a while; what is sent meanwhile waits in the outbox.
      peer.socket.disconnect();
      const away = 20 + Math.floor(random() * 150);
      setTimeout(() => peer.socket.connect(), away);
      return;
    }
    const table = peer.view('table');
    if (roll < 0.55) {
      const ranking = table?.ranking;
      if (!ranking || !table) return;
      const fromIndex = Math.floor(random() * ranking.order.length);
      const toIndex = Math.floor(random() * ranking.order.length);
      if (fromIndex === toIndex) return;
      const tableId = table.id;
      const edit = new OptimisticEdit<readonly string[], { leverId: string; fromIndex: number; toIndex: number }>({
        server: { value: ranking.order, version: ranking.version },
        send: (move, baseVersion) => peer.send('ranking.move', { activityId, ...move, baseVersion }),
      });
      const ack = await edit.submit({ leverId: ranking.order[fromIndex]!, fromIndex, toIndex });
      if (ack.ok) peer.acked.push({ kind: 'move', tableId, version: edit.state.arriving?.version ?? ack.data?.version ?? 0 });
      else if (ack.error.code !== 'CONFLICT') problems.push(`move refused: ${ack.error.code}`);
      return;
    }
    if (roll < 0.85) {
      const vision = table?.vision;
      if (!vision || !table) return;
      const tableId = table.id;
      peer.vision ??= new OptimisticEdit<string>({
        server: { value: vision.text, version: vision.version },
        send: (text, baseVersion) => peer.send('vision.edit', { visionId, text, baseVersion }),
        committed: (text) => text,
      });
      const edit = peer.vision;
      if (edit.state.conflict && random() < 0.5) edit.takeCurrent();
      const text = `${edit.state.local} ${peer.memberId.slice(-4)}-${step}`.trim().slice(-400);
      edit.edit(text);
      const ack = await edit.submit(text);
      if (ack.ok) peer.acked.push({ kind: 'vision', tableId, version: edit.state.base.version, text });
      else if (ack.error.code !== 'CONFLICT') problems.push(`vision refused: ${ack.error.code}`);
      return;
    }
    const choice = pick<VoteChoice>(['for', 'against', 'abstain']);
    const ack = await peer.send('vote.cast', { voteId, choice });
    if (ack.ok) peer.acked.push({ kind: 'vote', voteId, choice });
    else problems.push(`vote refused: ${ack.error.code}`);
  }

  // Each phone acts one step at a time (as a person does), the phones all at once.
  await Promise.all(
    peers.map(async (peer) => {
      for (let step = 0; step < STEPS_PER_PEER; step++) {
        await act(peer, step);
        await sleep(Math.floor(random() * 30));
      }
    }),
  );

  // Everyone back online; the outboxes empty; the room goes quiet.
  for (const peer of peers) if (!peer.socket.connected) peer.socket.connect();
  await waitUntil(() => peers.every((p) => p.socket.connected && p.queue.pending.length === 0), 30_000, 'every outbox sent').catch((error: unknown) => {
    // Say which phone is stuck, and on what: a hang is otherwise only a timeout.
    const stuck = peers.filter((p) => !p.socket.connected || p.queue.pending.length > 0).map((p) => `${p.memberId}: ${p.socket.connected ? 'connected' : 'disconnected'}, pending ${JSON.stringify(p.queue.pending).slice(0, 300)}`);
    throw new Error(`${(error as Error).message} (seed ${seed}): ${stuck.join('; ')}`);
  });
  const conv = () => server.conv;
  const facts = () => ({ connected: new Set(peers.map((p) => p.memberId)), publicUrl: PUBLIC_URL });
  const converged = () =>
    peers.every((p) => {
      const keys = p.sync.keys();
      return keys.length === 3 && keys.every((key: ChannelKey) => JSON.stringify(p.sync.view(key)) === JSON.stringify(computeView(key, conv(), facts())));
    });
  await waitUntil(converged, 30_000, `every phone's channels equal the server's views (seed ${seed})`).catch((error: unknown) => {
    for (const p of peers)
      for (const key of p.sync.keys()) expect(p.sync.view(key), `${key} (seed ${seed})`).toEqual(computeView(key, conv(), facts()));
    throw error;
  });

  // No acknowledged action lost.
  expect(problems, `seed ${seed}`).toEqual([]);
  const state = conv();
  const ranking = state.activities[activityId] as unknown as { tables: Record<string, { version: number }> };
  const vision = state.visions[visionId]!;
  const vote = state.votes[voteId]!;
  const acked = peers.flatMap((p) => p.acked);
  for (const [tableId, table] of Object.entries(ranking.tables)) {
    const moves = acked.filter((a): a is Extract<Acked, { kind: 'move' }> => a.kind === 'move' && a.tableId === tableId);
    // Every move bumps the table's version once: as many versions as acknowledged moves, each one acknowledged once.
    expect(new Set(moves.map((m) => m.version)).size, `table ${tableId} (seed ${seed})`).toBe(moves.length);
    expect(table.version - startVersions.get(tableId)!, `table ${tableId} (seed ${seed})`).toBe(moves.length);
  }
  for (const saved of acked.filter((a): a is Extract<Acked, { kind: 'vision' }> => a.kind === 'vision')) {
    expect(vision.tables[saved.tableId]!.versions.find((v) => v.version === saved.version)?.text, `vision ${saved.tableId} v${saved.version} (seed ${seed})`).toBe(saved.text);
  }
  for (const peer of peers) {
    const last = peer.acked.filter((a): a is Extract<Acked, { kind: 'vote' }> => a.kind === 'vote').at(-1);
    if (last) expect((vote as unknown as { ballots: Record<string, VoteChoice> }).ballots[peer.memberId], `vote of ${peer.memberId} (seed ${seed})`).toBe(last.choice);
  }
  const counts = { move: 0, vision: 0, vote: 0 };
  for (const a of acked) counts[a.kind] += 1;
  expect(counts.move + counts.vision + counts.vote, `seed ${seed} acknowledged something`).toBeGreaterThan(PEERS);
  for (const peer of peers) peer.close();
}

afterEach(async () => {
  await closeAll();
});

describe('several phones syncing through drops and reconnections (seeded)', () => {
  for (const seed of [...new Set([...REGRESSION_SEEDS, RUN_SEED])]) {
    // Generous: the suite runs it beside others on two cores; alone it takes about 5 s.
    it(`converges and loses no acknowledged action: MULTI_PEER_SEED=${seed}`, () => runSeed(seed), 120_000);
  }
});
