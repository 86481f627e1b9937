import { monitorEventLoopDelay } from 'node:perf_hooks';
import { connected, note, now, Peer, peakInWindow, percentile, pool, postJson, probeSummary, procStats, round, seeded, sleep, waitUntil, type ProcStats } from './lib.ts';

// The load generator, in a process of its own (spawned by run.ts), so phones never share the
// server's event loop. It drives the production server (`target: 'app'`) or the bare relay
// (`target: 'relay'`) with the same code: the facilitator reads the roster, N phones take their
// seats with POST /api/join and connect (socket.io-client, websocket), a projector follows the
// screen channel, then the measured phases run. The result goes back to run.ts over IPC.
//
// Modes: `full` (room pace, then saturation), `hold` (connect and measure memory only), `flaky`
// (phones lose the connection every ~15 s for ~2 s while a vote is open).

export interface LoadConfig {
  target: 'app' | 'relay';
  url: string;
  facilitatorKey: string;
  projectorKey: string;
  sessionCode: string;
  phones: number;
  serverPid: number;
  mode: 'full' | 'hold' | 'flaky';
  seed: number;
  /** Room pace: each phone votes once at a uniform random moment of this window. */
  spreadMs: number;
  /** After the last ack and projector update: time left for trailing (coalesced) patches. */
  settleMs: number;
  flaky: { durationMs: number; everyMs: number; downMs: number };
  /** Where probe.ts (loaded in the server) writes its event-loop samples, if it is. */
  probeFile?: string;
}

export interface PhaseResult {
  votes: number;
  ok: number;
  refused: Record<string, number>;
  ackP50Ms: number | null;
  ackP99Ms: number | null;
  ackMaxMs: number | null;
  toScreenP50Ms: number | null;
  toScreenP99Ms: number | null;
  toScreenMaxMs: number | null;
  /** Acked votes the projector never showed within the phase. */
  notShown: number;
  votesPerSec: number | null;
  durationMs: number;
  projectorMsgs: number;
  projectorPerSec: number | null;
  projectorPeak1s: number;
  phoneMsgs: number;
  phonePerSec: number | null;
  phonePeak1sMax: number;
  phonePeak1sP99: number | null;
  /** Per channel kind: messages per phone per second, and the busiest 1 s of any phone. */
  phoneByKind: Record<string, { perSec: number | null; peak1s: number }>;
  serverCpuMs: number | null;
  serverCpuPct: number | null;
  serverCpuMsPerVote: number | null;
  tallied: number | null;
  lost: number | null;
  extra: number | null;
  /** Share of the phase the server's event loop was busy (JS or a synchronous call), from probe.ts. */
  serverLoopBusyPct: number | null;
  /** The server's worst event-loop delay during the phase (ms), from probe.ts. */
  serverLoopMaxDelayMs: number | null;
  /** Time the server's main thread was runnable but waiting for a CPU (other load), ms and % of the phase. */
  serverRunWaitMs: number | null;
  serverRunWaitPct: number | null;
  /** The load generator's worst event-loop delay during the phase (ms). */
  loadLoopDelayMaxMs: number | null;
  /** Patches the projector could not apply (version gap: it asked for a resync), during the phase. */
  projectorGaps: number;
  /** Longest silence of the projector while votes were being counted (ms). */
  projectorMaxGapMs: number | null;
}

export interface LoadResult {
  target: 'app' | 'relay';
  mode: LoadConfig['mode'];
  phones: number;
  connectedPhones: number;
  /** Handshakes that timed out or failed (each phone tries 3 times). */
  connectFailures: number;
  joinMs: number;
  connectMs: number;
  baseline: ProcStats | null;
  held: ProcStats | null;
  rssPerPhoneKb: number | null;
  rssTotalKb: number | null;
  connectCpuMsPerPhone: number | null;
  idleCpuPct: number | null;
  gaps: number;
  /** Why connecting stopped before every phone was in (the server stopped keeping up), if it did. */
  collapsed: string | null;
  /** The most phones connected at the same time, the RSS per phone then, and when (from the first connection). */
  peakHeld: number;
  peakRssPerPhoneKb: number | null;
  peakAfterMs: number | null;
  /** Phones disconnected by something else than the flaky mode (e.g. a ping timeout), by reason. */
  disconnects: Record<string, number>;
  room?: PhaseResult;
  saturation?: PhaseResult;
  flaky?: FlakyResult;
}

export interface FlakyResult {
  durationMs: number;
  drops: number;
  /** From the drop to the first reconnection attempt (the Wi-Fi gap). */
  outageP50Ms: number | null;
  outageMaxMs: number | null;
  resyncs: number;
  notResynced: number;
  resyncP50Ms: number | null;
  resyncP99Ms: number | null;
  maxResyncMs: number | null;
  over5s: number;
  votes: number;
  acked: number;
  retries: number;
  refused: Record<string, number>;
  tallied: number | null;
  lost: number | null;
  phoneMsgs: number;
  phonePerSec: number | null;
}

interface Phone {
  index: number;
  seatCode: string;
  memberId: string;
  token: string;
  peer: Peer | null;
  msgTimes: number[];
  /** The channel kind of each message in msgTimes. */
  msgKinds: string[];
  // flaky mode
  awaitingResync: boolean;
  attemptAt: number | null;
  dropAt: number;
  snapshotKindsSinceAttempt: Set<string>;
  pending: { cid: string; voteId: string; choice: string } | null;
  /** The vote.cast attempt awaiting its ack (0: none). */
  inFlight: number;
  sent: number;
  acked: boolean;
  refusedCode: string | null;
}

const config = JSON.parse(process.env.BENCH_LOAD ?? '{}') as LoadConfig;
/** Why phones lost their connection, outside the flaky mode's own drops. */
const disconnects: Record<string, number> = {};
/** The load generator's own event-loop delay: if it stalls, the latencies it measures are its own. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const random = seeded(config.seed);
const CHOICES = ['for', 'against', 'abstain'] as const;
const runId = Math.floor(random() * 1e9).toString(36);

// What the projector saw: every message, and the `voted` count of the tracked vote over time.
const projectorTimes: number[] = [];
let trackedVote: string | null = null;
let screenSeries: { at: number; voted: number }[] = [];
let lastVoted = -1;

function screenVote(peer: Peer, voteId: string): { status: string; voted: number } | undefined {
  const view = peer.view<{ session?: { votes?: { current?: { id: string; status: string; voted: number }[] } | null } | null }>('screen');
  return view?.session?.votes?.current?.find((v) => v.id === voteId);
}

function onProjector(peer: Peer, _type: 'snapshot' | 'patch', _kind: string, at: number): void {
  projectorTimes.push(at);
  if (!trackedVote) return;
  const voted = screenVote(peer, trackedVote)?.voted ?? 0;
  if (voted > lastVoted) {
    lastVoted = voted;
    screenSeries.push({ at, voted });
  }
}

function stats(): ProcStats | null {
  return procStats(config.serverPid);
}

async function main(): Promise<LoadResult> {
  const { url, target } = config;
  const appTarget = target === 'app';

  // The facilitator reads the roster (seat codes) and the live session, then leaves while phones join.
  let facilitator = new Peer(url, config.facilitatorKey);
  await connected(facilitator, ['console']);
  let roster = facilitator.view<ConsoleLike>('console')!;
  if (appTarget && activeMembers(roster).length < config.phones) {
    // The demo's name generator stops at 1,600 names: the rest come in as a roster import, like a real convention's.
    await importRoster(config.phones - activeMembers(roster).length);
    await facilitator.waitFor((p) => activeMembers(p.view<ConsoleLike>('console')!).length >= config.phones, 120_000, 'imported roster');
    roster = facilitator.view<ConsoleLike>('console')!;
  }
  const sessionId = roster.liveSessionId!;
  const leverId = roster.levers[0]!.id;
  const seats = activeMembers(roster).slice(0, config.phones);
  if (seats.length < config.phones) throw new Error(`only ${seats.length} seats for ${config.phones} phones`);
  facilitator.close();

  const projector = new Peer(url, config.projectorKey, { onSync: onProjector });
  await connected(projector, ['screen']);
  await sleep(1000);
  const baseline = stats();

  // Seats: POST /api/join, a few at a time (the limiter counts failures only).
  const allPhones: Phone[] = seats.map((s, index) => ({ index, seatCode: s.seatCode, memberId: '', token: '', peer: null, msgTimes: [], msgKinds: [], awaitingResync: false, attemptAt: null, dropAt: 0, snapshotKindsSinceAttempt: new Set(), pending: null, inFlight: 0, sent: 0, acked: false, refusedCode: null }));
  note(`${target}: joining ${allPhones.length} seats`);
  const joinStart = now();
  await pool(allPhones, 32, async (phone) => {
    for (let attempt = 0; ; attempt++) {
      const res = await postJson(`${url}/api/join`, { sessionCode: config.sessionCode, seatCode: phone.seatCode }).catch((error: unknown) => ({ status: 0, body: String(error) }));
      if (res.status === 200 && res.body?.ok) {
        phone.token = res.body.data.token as string;
        phone.memberId = res.body.data.memberId as string;
        return;
      }
      if (attempt >= 3) throw new Error(`join refused: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      await sleep(200);
    }
  });
  const joinMs = now() - joinStart;

  // Phones connect, each waiting for its welcome and (app) the public and member snapshots.
  note(`${target}: connecting ${allPhones.length} phones`);
  const flaky = config.mode === 'flaky';
  const connectStart = now();
  const connectCpu0 = stats();
  let connectFailures = 0;
  let connectedSoFar = 0;
  // The server may stop keeping up (event loop blocked past the ping timeout, phones dropped):
  // then connecting stops, and the most phones held at once is what gets reported.
  let collapsed: string | null = null;
  let stopConnecting: () => void = () => undefined;
  const stopped = new Promise<void>((done) => (stopConnecting = done));
  let peak = { held: 0, stats: null as ProcStats | null, at: 0 };
  let lastProgressAt = now();
  const holding = () => allPhones.filter((p) => p.peer?.socket.connected).length;
  const watch = setInterval(() => {
    const held = holding();
    if (held > peak.held) {
      peak = { held, stats: stats(), at: now() };
      lastProgressAt = now();
    }
    if (!collapsed && held < peak.held * 0.99 - 5) collapsed = `${peak.held - held} of ${peak.held} phones dropped by the server`;
    if (!collapsed && now() - lastProgressAt > 120_000 && connectedSoFar < allPhones.length) collapsed = 'no phone got in for 120 s';
    if (collapsed) stopConnecting();
  }, 2000);
  const progress = setInterval(() => note(`${target}: ${connectedSoFar} phones connected, ${holding()} held now`), 30_000);
  await pool(allPhones, 100, async (phone) => {
    // A handshake the server does not answer in time is retried (a phone would retry too).
    for (let attempt = 1; !collapsed; attempt++) {
      const peer = new Peer(url, phone.token, {
        onSync: (_peer, type, kind, at) => onPhoneSync(phone, type, kind, at),
        ...(flaky ? { reconnection: true, reconnectionDelay: config.flaky.downMs, reconnectionDelayMax: config.flaky.downMs, randomizationFactor: 0.25 } : {}),
      });
      try {
        await Promise.race([connected(peer, appTarget ? ['public', 'member'] : [], 60_000), stopped.then(() => Promise.reject(new Error('stopped')))]);
        phone.peer = peer;
        connectedSoFar++;
        peer.socket.on('disconnect', (reason) => {
          if (!flaky) disconnects[reason] = (disconnects[reason] ?? 0) + 1;
        });
        return;
      } catch {
        peer.close();
        if (collapsed) return;
        connectFailures++;
        if (attempt >= 3) return;
        await sleep(1000);
      }
    }
  });
  clearInterval(progress);
  clearInterval(watch);
  if (!collapsed && holding() > peak.held) peak = { held: holding(), stats: stats(), at: now() };
  if (collapsed) note(`${target}: the server stopped keeping up: ${collapsed}; most phones held at once: ${peak.held}`);
  const connectMs = now() - connectStart;
  // Phones that never got in (after 3 attempts) take no part in the phases; they are reported.
  const phones = allPhones.filter((p) => p.peer !== null);
  const connectCpu1 = stats();
  await sleep(2000);
  const held = stats();
  const connectedPhones = phones.filter((p) => p.peer?.socket.connected).length;
  // Idle: pings and nothing else, with every phone connected.
  const idleMs = config.mode === 'hold' ? 5000 : 2000;
  const idle0 = stats();
  await sleep(idleMs);
  const idle1 = stats();
  const result: LoadResult = {
    target,
    mode: config.mode,
    phones: allPhones.length,
    connectedPhones,
    connectFailures,
    joinMs: Math.round(joinMs),
    connectMs: Math.round(connectMs),
    baseline,
    held,
    rssPerPhoneKb: baseline && held && phones.length > 0 ? round((held.rssKb - baseline.rssKb) / phones.length) : null,
    rssTotalKb: held?.rssKb ?? null,
    connectCpuMsPerPhone: connectCpu0 && connectCpu1 && phones.length > 0 ? round((connectCpu1.cpuMs - connectCpu0.cpuMs) / phones.length, 2) : null,
    idleCpuPct: idle0 && idle1 ? round(((idle1.cpuMs - idle0.cpuMs) / (idle1.at - idle0.at)) * 100) : null,
    gaps: 0,
    disconnects,
    collapsed,
    peakHeld: peak.held,
    peakRssPerPhoneKb: baseline && peak.stats && peak.held > 0 ? round((peak.stats.rssKb - baseline.rssKb) / peak.held) : null,
    peakAfterMs: peak.at ? Math.round(peak.at - connectStart) : null,
  };
  note(`${target}: ${connectedPhones} phones connected in ${Math.round(connectMs)} ms; server RSS ${held?.rssKb ?? '?'} KiB (${result.rssPerPhoneKb ?? '?'} KiB per phone)`);
  if (config.mode === 'hold' || collapsed) {
    result.gaps = phones.reduce((n, p) => n + (p.peer?.gaps ?? 0), 0);
    return result;
  }

  facilitator = new Peer(url, config.facilitatorKey);
  await connected(facilitator, ['console']);

  const openVote = async (title: string): Promise<string> => {
    const proposal = await must(facilitator.send('proposal.enter', { title, text: `${title}: texte de la proposition mise aux voix.`, leverId, channel: 'paper', reference: '', authorIds: [], receivedAt: null }, `p-${runId}-${title.length}-${Math.floor(random() * 1e9)}`));
    const created = await must(facilitator.send('vote.create', { sessionId, proposalIds: [proposal.proposalId], secret: true, thresholdBp: 5000, basis: 'expressed', batch: false }, `vc-${runId}-${Math.floor(random() * 1e9)}`));
    const voteId = (created.voteIds as string[])[0]!;
    await must(facilitator.send('vote.open', { voteIds: [voteId] }, `vo-${runId}-${Math.floor(random() * 1e9)}`));
    await projector.waitFor((p) => screenVote(p, voteId)?.status === 'open', 15_000, 'the projector to show the open vote');
    if (appTarget) {
      const seen = await waitUntil(() => phones.every((p) => phoneSeesVote(p, voteId)), 60_000, 50);
      if (!seen) note(`${target}: only ${phones.filter((p) => phoneSeesVote(p, voteId)).length} phones show the vote`);
    }
    return voteId;
  };

  const closeVote = async (voteId: string, ok: number): Promise<number | null> => {
    if (appTarget) await waitUntil(() => consoleVoted(facilitator, voteId) >= ok, 30_000);
    const closed = await facilitator.send('vote.close', { voteIds: [voteId] }, `vx-${runId}-${Math.floor(random() * 1e9)}`, 60_000);
    if (!closed.ok) return null;
    const tally = (closed.data as { results: Record<string, { tally: { for: number; against: number; abstain: number } }> }).results[voteId]?.tally;
    return tally ? tally.for + tally.against + tally.abstain : null;
  };

  if (flaky) {
    result.flaky = await flakyPhase(phones, openVote, closeVote, (id) => (appTarget ? consoleVoted(facilitator, id) : 0));
  } else {
    note(`${target}: room pace (${phones.length} votes over ${config.spreadMs} ms)`);
    const roomVote = await openVote('Rythme de la salle');
    await sleep(1000);
    result.room = await phase(phones, projector, roomVote, 'spread', closeVote);
    note(`${target}: saturation (${phones.length} votes at once)`);
    const satVote = await openVote('Saturation du serveur');
    await sleep(1000);
    result.saturation = await phase(phones, projector, satVote, 'burst', closeVote);
  }
  result.gaps = phones.reduce((n, p) => n + (p.peer?.gaps ?? 0), 0);
  facilitator.close();
  projector.close();
  for (const phone of phones) phone.peer?.close();
  return result;

  // ---- helpers that need the run's state ----

  async function importRoster(count: number): Promise<void> {
    note(`${target}: importing ${count} more members (roster CSV)`);
    for (let start = 0; start < count; start += 2000) {
      const rows = Array.from({ length: Math.min(2000, count - start) }, (_, i) => `Membre Banc ${String(start + i + 1).padStart(5, '0')}`);
      const res = await fetch(`${url}/api/roster/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${config.facilitatorKey}`, 'content-type': 'text/csv' },
        body: `Nom complet\n${rows.join('\n')}\n`,
        signal: AbortSignal.timeout(120_000),
      });
      if (!res.ok) throw new Error(`roster import refused: ${res.status} ${await res.text()}`);
    }
  }
}

interface ConsoleLike {
  members: { id: string; seatCode: string; active?: boolean }[];
  levers: { id: string }[];
  liveSessionId: string | null;
  sessions: { id: string; votes: { id: string; voted: number }[] }[];
}

function activeMembers(view: ConsoleLike) {
  return view.members.filter((m) => m.active !== false);
}

function consoleVoted(facilitator: Peer, voteId: string): number {
  const view = facilitator.view<ConsoleLike>('console');
  for (const s of view?.sessions ?? []) for (const v of s.votes) if (v.id === voteId) return v.voted;
  return 0;
}

function phoneSeesVote(phone: Phone, voteId: string, status = 'open'): boolean {
  const votes = phone.peer?.view<{ votes?: { id: string; status: string }[] }>('public')?.votes;
  return Boolean(votes?.some((v) => v.id === voteId && v.status === status));
}

async function must(ack: Promise<{ ok: boolean; data?: unknown; error?: { code: string; message: string } }>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error?.code}: ${result.error?.message}`);
  return result.data;
}

let flakyVoteId: string | null = null;

function onPhoneSync(phone: Phone, type: 'snapshot' | 'patch', kind: string, at: number): void {
  phone.msgTimes.push(at);
  phone.msgKinds.push(kind);
  if (type !== 'snapshot' || !phone.awaitingResync || phone.attemptAt === null) return;
  phone.snapshotKindsSinceAttempt.add(kind);
  // Resynced: the phone has its own channel again and the public one shows the open vote.
  if (phone.snapshotKindsSinceAttempt.has('member') && flakyVoteId && phoneSeesVote(phone, flakyVoteId)) {
    resyncTimes.push(at - phone.attemptAt);
    phone.awaitingResync = false;
  }
}

const resyncTimes: number[] = [];

/** One measured vote: every phone votes once (spread over the window, or all at once). */
async function phase(phones: Phone[], projector: Peer, voteId: string, schedule: 'spread' | 'burst', closeVote: (voteId: string, ok: number) => Promise<number | null>): Promise<PhaseResult> {
  trackedVote = voteId;
  screenSeries = [];
  const projectorGaps0 = projector.gaps;
  lastVoted = screenVote(projector, voteId)?.voted ?? 0;
  const casts = phones.map(() => ({ emitAt: 0, ackAt: 0, ok: false, code: '' }));
  let answered = 0;
  const cpu0 = stats();
  loopDelay.reset();
  const wall0 = Date.now();
  const t0 = now();
  const cast = (i: number) => {
    const phone = phones[i]!;
    const choice = CHOICES[Math.floor(random() * 3)]!;
    const record = casts[i]!;
    record.emitAt = now();
    void phone.peer!.send('vote.cast', { voteId, choice }, `v-${runId}-${voteId.slice(0, 12)}-${i}`, 30_000).then((ack) => {
      record.ackAt = now();
      record.ok = ack.ok;
      if (!ack.ok) record.code = ack.error.code;
      answered++;
    });
  };
  if (schedule === 'spread') {
    const offsets = phones.map(() => random() * config.spreadMs);
    offsets.forEach((offset, i) => setTimeout(() => cast(i), offset));
  } else {
    for (let i = 0; i < phones.length; i++) cast(i);
  }
  // The last secret ballots (k to 2k - 1) wait in the server's ballot box and are acknowledged by
  // the close (server/engine/ballot-box.ts): once the projector counts every phone as having
  // voted, the vote closes, as the facilitator does after the last voter.
  await waitUntil(() => answered === phones.length || lastVoted >= phones.length, 60_000 + config.spreadMs, 5);
  let tallied: number | null | undefined;
  if (answered < phones.length) {
    tallied = await closeVote(voteId, phones.length);
    await waitUntil(() => answered === phones.length, 30_000, 5);
  }
  const okCasts = casts.filter((c) => c.ok);
  await waitUntil(() => lastVoted >= okCasts.length, 10_000, 5);
  const lastEvent = Math.max(...casts.map((c) => c.ackAt), screenSeries.at(-1)?.at ?? 0);
  await sleep(Math.max(0, lastEvent + config.settleMs - now()));
  const t1 = now();
  const wall1 = Date.now();
  const cpu1 = stats();
  const probe = probeSummary(config.probeFile, wall0, wall1);
  const loadLoopDelayMaxMs = round(loopDelay.max / 1e6);
  trackedVote = null;

  const ackLatencies = okCasts.map((c) => c.ackAt - c.emitAt);
  // Vote-to-projector: the k-th vote sent (in emit order) is on the projector once `voted` >= k.
  const byEmit = [...okCasts].sort((a, b) => a.emitAt - b.emitAt);
  const toScreen: number[] = [];
  let s = 0;
  let notShown = 0;
  byEmit.forEach((c, k) => {
    while (s < screenSeries.length && screenSeries[s]!.voted < k + 1) s++;
    const shown = screenSeries[s];
    if (shown) toScreen.push(Math.max(0, shown.at - c.emitAt));
    else notShown++;
  });
  const refused: Record<string, number> = {};
  for (const c of casts) if (!c.ok) refused[c.code || 'NO_ANSWER'] = (refused[c.code || 'NO_ANSWER'] ?? 0) + 1;
  const firstEmit = Math.min(...casts.map((c) => c.emitAt));
  const lastAck = Math.max(...okCasts.map((c) => c.ackAt));
  const durationMs = t1 - t0;
  const inPhase = (t: number) => t >= t0 && t <= t1;
  const projectorIn = projectorTimes.filter(inPhase);
  const phonePeaks = phones.map((p) => peakInWindow(p.msgTimes.filter(inPhase)));
  const phoneMsgs = phones.reduce((n, p) => n + p.msgTimes.filter(inPhase).length, 0);
  const phoneByKind: PhaseResult['phoneByKind'] = {};
  for (const kind of new Set(phones.flatMap((p) => p.msgKinds))) {
    const times = phones.map((p) => p.msgTimes.filter((t, i) => p.msgKinds[i] === kind && inPhase(t)));
    phoneByKind[kind] = { perSec: round(times.reduce((n, t) => n + t.length, 0) / phones.length / (durationMs / 1000), 2), peak1s: Math.max(0, ...times.map((t) => peakInWindow(t))) };
  }
  const serverCpuMs = cpu0 && cpu1 ? cpu1.cpuMs - cpu0.cpuMs : null;
  tallied ??= await closeVote(voteId, okCasts.length);
  return {
    votes: phones.length,
    ok: okCasts.length,
    refused,
    ackP50Ms: round(percentile(ackLatencies, 50)),
    ackP99Ms: round(percentile(ackLatencies, 99)),
    ackMaxMs: round(percentile(ackLatencies, 100)),
    toScreenP50Ms: round(percentile(toScreen, 50)),
    toScreenP99Ms: round(percentile(toScreen, 99)),
    toScreenMaxMs: round(percentile(toScreen, 100)),
    notShown,
    votesPerSec: okCasts.length > 0 ? round(okCasts.length / ((lastAck - firstEmit) / 1000), 0) : null,
    durationMs: Math.round(durationMs),
    projectorMsgs: projectorIn.length,
    projectorPerSec: round(projectorIn.length / (durationMs / 1000)),
    projectorPeak1s: peakInWindow(projectorIn),
    phoneMsgs,
    phonePerSec: round(phoneMsgs / phones.length / (durationMs / 1000), 2),
    phonePeak1sMax: Math.max(0, ...phonePeaks),
    phonePeak1sP99: percentile(phonePeaks, 99),
    phoneByKind,
    serverCpuMs: round(serverCpuMs, 0),
    serverCpuPct: serverCpuMs === null ? null : round((serverCpuMs / durationMs) * 100),
    serverCpuMsPerVote: serverCpuMs === null || okCasts.length === 0 ? null : round(serverCpuMs / okCasts.length, 3),
    tallied,
    lost: tallied === null ? null : Math.max(0, okCasts.length - tallied),
    extra: tallied === null ? null : Math.max(0, tallied - okCasts.length),
    projectorGaps: projector.gaps - projectorGaps0,
    serverLoopBusyPct: probe.loopBusyPct,
    serverLoopMaxDelayMs: probe.loopMaxDelayMs,
    serverRunWaitMs: cpu0 && cpu1 ? round(cpu1.runWaitMs - cpu0.runWaitMs, 0) : null,
    serverRunWaitPct: cpu0 && cpu1 ? round(((cpu1.runWaitMs - cpu0.runWaitMs) / durationMs) * 100) : null,
    loadLoopDelayMaxMs,
    projectorMaxGapMs: round(screenSeries.reduce((gap, s, i) => Math.max(gap, s.at - (i === 0 ? t0 : screenSeries[i - 1]!.at)), 0), 0),
  };
}

/**
 * Flaky Wi-Fi: a vote is open; each phone drops its connection every ~15 s for ~2 s (the engine.io
 * transport is closed, socket.io-client reconnects), votes once at a random moment and resends an
 * unacknowledged vote with the same cid after reconnecting, like the app's outbox.
 */
async function flakyPhase(phones: Phone[], openVote: (title: string) => Promise<string>, closeVote: (voteId: string, ok: number) => Promise<number | null>, voted: (voteId: string) => number): Promise<FlakyResult> {
  const { durationMs, everyMs } = config.flaky;
  const voteId = await openVote('Wi-Fi capricieux');
  flakyVoteId = voteId;
  let drops = 0;
  let retries = 0;
  let attemptSeq = 0;
  const outages: number[] = [];
  const timers: NodeJS.Timeout[] = [];
  const trySend = (phone: Phone) => {
    const socket = phone.peer!.socket;
    if (!phone.pending || phone.acked || phone.refusedCode || !socket.connected || phone.inFlight > 0) return;
    const attempt = ++attemptSeq;
    if (phone.sent++ > 0) retries++;
    phone.inFlight = attempt;
    const { cid, choice } = phone.pending;
    void phone.peer!.send('vote.cast', { voteId, choice }, cid, 10_000).then((ack) => {
      if (phone.inFlight !== attempt) return; // an attempt from before a disconnection
      phone.inFlight = 0;
      if (ack.ok) phone.acked = true;
      else if (ack.error.code === 'ACK_TIMEOUT') trySend(phone);
      else phone.refusedCode = ack.error.code;
    });
  };
  const t0 = now();
  for (const phone of phones) {
    const socket = phone.peer!.socket;
    socket.on('disconnect', () => {
      // Whatever was in flight may or may not have reached the server: resend it (same cid) later.
      phone.inFlight = 0;
    });
    socket.on('connect', () => trySend(phone));
    socket.io.on('reconnect_attempt', () => {
      if (phone.awaitingResync && phone.attemptAt === null) {
        phone.attemptAt = now();
        outages.push(phone.attemptAt - phone.dropAt);
      }
    });
    const drop = () => {
      if (now() - t0 > durationMs - config.flaky.downMs) return;
      if (socket.connected) {
        drops++;
        phone.awaitingResync = true;
        phone.attemptAt = null;
        phone.dropAt = now();
        phone.snapshotKindsSinceAttempt = new Set();
        socket.io.engine.close();
      }
      timers.push(setTimeout(drop, everyMs * (0.9 + 0.2 * random())));
    };
    timers.push(setTimeout(drop, random() * everyMs));
    timers.push(
      setTimeout(
        () => {
          phone.pending = { cid: `f-${runId}-${phone.index}`, voteId, choice: CHOICES[Math.floor(random() * 3)]! };
          trySend(phone);
        },
        1000 + random() * (durationMs - 6000),
      ),
    );
  }
  await sleep(durationMs);
  for (const timer of timers) clearTimeout(timer);
  // Everyone back, every vote answered, every reconnection resynced (bounded). The last secret
  // ballots wait in the ballot box for the close: once the console counts every phone, it closes.
  const allAnswered = () => phones.every((p) => p.peer!.socket.connected && (p.acked || p.refusedCode !== null) && !p.awaitingResync);
  await waitUntil(() => allAnswered() || (phones.every((p) => p.peer!.socket.connected && !p.awaitingResync) && voted(voteId) >= phones.length), 30_000, 50);
  let tallied: number | null | undefined;
  if (!allAnswered()) {
    tallied = await closeVote(voteId, phones.length);
    await waitUntil(allAnswered, 30_000, 50);
  }
  const t1 = now();
  const acked = phones.filter((p) => p.acked).length;
  const refused: Record<string, number> = {};
  for (const p of phones) if (!p.acked) refused[p.refusedCode ?? 'NO_ANSWER'] = (refused[p.refusedCode ?? 'NO_ANSWER'] ?? 0) + 1;
  const phoneMsgs = phones.reduce((n, p) => n + p.msgTimes.filter((t) => t >= t0 && t <= t1).length, 0);
  tallied ??= await closeVote(voteId, acked);
  return {
    durationMs: Math.round(t1 - t0),
    drops,
    outageP50Ms: round(percentile(outages, 50), 0),
    outageMaxMs: round(percentile(outages, 100), 0),
    resyncs: resyncTimes.length,
    notResynced: phones.filter((p) => p.awaitingResync).length,
    resyncP50Ms: round(percentile(resyncTimes, 50)),
    resyncP99Ms: round(percentile(resyncTimes, 99)),
    maxResyncMs: round(percentile(resyncTimes, 100)),
    over5s: resyncTimes.filter((t) => t > 5000).length,
    votes: phones.length,
    acked,
    retries,
    refused,
    tallied,
    lost: tallied === null ? null : Math.max(0, acked - tallied),
    phoneMsgs,
    phonePerSec: round(phoneMsgs / phones.length / ((t1 - t0) / 1000), 2),
  };
}

// Bounded: the whole run, whatever happens.
const watchdogMs = (15 + Math.ceil(config.phones / 400)) * 60_000;
const watchdog = setTimeout(() => {
  note(`load: watchdog fired (${watchdogMs / 60_000} min)`);
  process.exit(3);
}, watchdogMs);
watchdog.unref();

main().then(
  (result) => {
    process.send?.({ type: 'result', result });
    setTimeout(() => process.exit(0), 200);
  },
  (error: unknown) => {
    note(`load failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.send?.({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    setTimeout(() => process.exit(1), 200);
  },
);
