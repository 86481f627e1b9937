import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDemoConvention } from '../../server/demo/create-demo.ts';
import { Engine } from '../../server/engine/engine.ts';
import { systemContext } from '../../server/ids.ts';
import { ChannelHub } from '../../server/realtime/hub.ts';
import { computeView } from '../../server/realtime/views.ts';
import { EventStore } from '../../server/store/event-store.ts';
import { accept } from '../../shared/domain/context.ts';
import { claimSeat, newMember } from '../../shared/features/core/roster.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { diff } from '../../shared/sync/patch.ts';
import { channelKey, type ChannelKey } from '../../shared/views/channels.ts';
import { codeFingerprint, machine, parseArgs, percentile, round } from './lib.ts';

// `node --import tsx test/bench/costs.ts [--phones 1000]`: where a vote's server time goes, in
// one process, with the app's own modules (no sockets): one group commit (SQLite, fsync), the
// view + JSON diff of each channel kind after one vote, and the hub's fan-out (touching every
// open channel of the convention on each commit). CPU time (process.cpuUsage) beside wall time,
// so other load on the machine does not inflate the CPU figures. Last line: one JSON object.

const args = parseArgs(process.argv.slice(2));
const N = Math.max(10, Math.min(10_000, Number(args.phones ?? 1000)));

function measure<T>(fn: () => T): { wallMs: number; cpuMs: number; value: T } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

async function measureAsync<T>(fn: () => Promise<T>): Promise<{ wallMs: number; cpuMs: number; value: T }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

const dir = mkdtempSync(join(tmpdir(), 'convergence-costs-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const store = new EventStore(join(dir, 'convergence.sqlite'));
const ctx = systemContext();
const engine = new Engine(store, ctx);
const demo = await createDemoConvention(engine, Math.min(N, 1500));
const conventionId = demo.id;
const conv = () => engine.conventions.get(conventionId)!;
if (N > 1500) {
  const csv = ['nom', ...Array.from({ length: N - 1500 }, (_, i) => `Membre Banc ${i + 1}`)].join('\n');
  const imported = await engine.command({ role: 'facilitator', conventionId }, 'roster.import', { csv });
  if (!imported.ok) throw new Error(imported.error.message);
}
const live = conv().sessions[conv().liveSessionId!]!;
const memberIds = conv().memberOrder.slice(0, N);
// Every member takes a seat (present), all in one turn: one group commit.
await Promise.all(
  memberIds.map((id) =>
    engine.command({ role: 'visitor', conventionId, tokenHash: createHash('sha256').update(id).digest('base64url') }, 'seat.claim', { sessionCode: live.code, seatCode: conv().members[id]!.seatCode }),
  ),
);
const facilitator: Actor = { role: 'facilitator', conventionId };
const must = async (name: string, a: unknown) => {
  const ack = await engine.execute(facilitator, name, { cid: `costs-${name.replace(".", "_")}-${Date.now()}`, args: a });
  if (!ack.ok) throw new Error(`${name}: ${ack.error.code}`);
  return ack.data as Record<string, any>;
};
const { proposalId } = await must('proposal.enter', { title: 'Proposition mise aux voix', text: 'Texte.', leverId: conv().levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null });
// A public vote: a secret ballot is not committed alone (it waits in the ballot box for k others,
// server/engine/ballot-box.ts), so "one vote, one commit" is measured on the public path.
const { voteIds } = await must('vote.create', { sessionId: live.id, proposalIds: [proposalId], secret: false, thresholdBp: 5000, basis: 'expressed', batch: false });
const voteId = voteIds[0] as string;
await must('vote.open', { voteIds: [voteId] });

const facts = { connected: new Set(memberIds), publicUrl: 'http://127.0.0.1:3000' };
let voter = 0;
const cast = (memberId: string) => engine.execute({ role: 'member', conventionId, memberId }, 'vote.cast', { cid: `costs-v-${memberId}`, args: { voteId, choice: 'for' } });

// 1. Views and diffs: every channel's view before and after one vote.
const keys: ChannelKey[] = [channelKey('console', conventionId), channelKey('screen', conventionId), channelKey('public', conventionId), ...memberIds.map((id) => channelKey('member', conventionId, id))];
const before = new Map(keys.map((k) => [k, computeView(k, conv(), facts)]));
await cast(memberIds[voter++]!);
const viewCost: Record<string, { views: number; cpuUsEach: number | null; patchOps: number }> = {};
for (const kind of ['console', 'screen', 'public', 'member'] as const) {
  const ofKind = keys.filter((k) => k.startsWith(`${kind}:`));
  let ops = 0;
  const reps = kind === 'member' ? 1 : 20;
  const m = measure(() => {
    for (let r = 0; r < reps; r++) for (const k of ofKind) ops = diff(before.get(k), computeView(k, conv(), facts)).length;
  });
  viewCost[kind] = { views: ofKind.length, cpuUsEach: round((m.cpuMs * 1000) / (ofKind.length * reps), 1), patchOps: ops };
}

// 2. Commits: one vote alone (one transaction, one fsync), then 200 votes in one turn (one transaction).
const single: { wall: number; cpu: number }[] = [];
for (let i = 0; i < 30; i++) {
  const m = await measureAsync(() => cast(memberIds[voter++]!));
  single.push({ wall: m.wallMs, cpu: m.cpuMs });
}
const groupSize = Math.min(200, memberIds.length - voter - 1);
const group = await measureAsync(() => Promise.all(memberIds.slice(voter, voter + groupSize).map((id) => cast(id))));
voter += groupSize;
const sqlOnly = measure(() => store.append([{ conventionId, events: [{ type: 'VoteCast', voteId, memberId: memberIds[0]!, choice: null }], at: Date.now() }]));

// 3. The hub: on each commit, every open channel of the convention is touched.
const fakeIo = { to: () => ({ emit: () => undefined }), sockets: { adapter: { rooms: new Map() } } };
const hub = new ChannelHub(fakeIo as never, 'costs', (id) => engine.conventions.get(id), () => facts);
for (const k of keys) hub.snapshot(k);
// Within one turn, as the engine does after each group commit; the first touch sends every
// channel's first patch, the next ones show what a commit costs while windows are running.
const touchCold = measure(() => hub.touchConvention(conventionId));
const touches: number[] = [];
for (let i = 0; i < 10; i++) touches.push(measure(() => hub.touchConvention(conventionId)).cpuMs);
// And after one more vote (views change again), in a later turn.
await cast(memberIds[voter++]!);
const touchAfterVote = measure(() => hub.touchConvention(conventionId));
hub.close();
store.close();
rmSync(dir, { recursive: true, force: true });

const memberUs = viewCost.member!.cpuUsEach ?? 0;
const host = machine();
const result = {
  phones: N,
  commitOneVoteWallMsP50: round(percentile(single.map((s) => s.wall), 50), 2),
  commitOneVoteCpuMsP50: round(percentile(single.map((s) => s.cpu), 50), 2),
  group: { votes: groupSize, wallMs: round(group.wallMs, 1), cpuMsPerVote: round(group.cpuMs / groupSize, 3) },
  sqliteAppendOneEventWallMs: round(sqlOnly.wallMs, 2),
  views: viewCost,
  /** All member channels recomputed and diffed once (the hub does it on every commit, see touch). */
  memberChannelsPerWindowCpuMs: round((memberUs * memberIds.length) / 1000, 1),
  touchAllChannelsCpuMs: { first: round(touchCold.cpuMs, 2), nextP50: round(percentile(touches, 50), 2), afterAnotherVote: round(touchAfterVote.cpuMs, 2), channels: keys.length },
  machine: { cores: host.cores, load1: host.load1 },
  code: codeFingerprint(),
};
console.log(`\nServer costs with ${N} members seated and connected (CPU time; wall time where it includes the disk)\n`);
console.log(`one vote, one commit (decide, SQLite transaction + fsync, ack): wall p50 ${result.commitOneVoteWallMsP50} ms, CPU p50 ${result.commitOneVoteCpuMsP50} ms`);
console.log(`${groupSize} votes in one turn (one transaction): wall ${result.group.wallMs} ms, CPU ${result.group.cpuMsPerVote} ms per vote`);
for (const [kind, c] of Object.entries(viewCost)) console.log(`view + diff, ${kind.padEnd(7)}: ${String(c.cpuUsEach).padStart(8)} µs CPU per channel, ${c.views} channel(s), ${c.patchOps} patch op(s) after one vote`);
console.log(`all ${memberIds.length} member channels, recomputed and diffed once: ${result.memberChannelsPerWindowCpuMs} ms CPU`);
console.log(`hub.touchConvention over ${keys.length} channels (what every commit does): first ${result.touchAllChannelsCpuMs.first} ms CPU, next ones p50 ${result.touchAllChannelsCpuMs.nextP50} ms, after another vote ${result.touchAllChannelsCpuMs.afterAnotherVote} ms\n`);
console.log(JSON.stringify(result));
process.exit(0);
