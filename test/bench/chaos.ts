import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeFingerprint, connected, freePort, machine, note, now, parseArgs, Peer, percentile, pool, postJson, round, seeded, sleep, startAppServer, waitUntil, type AppServer } from './lib.ts';

// `npm run chaos [-- --phones 1000 --kills 20 --votes 10 --seed S]`
//
// 1,000 phones vote in a burst of secret votes while the production server is killed with SIGKILL
// at random (seeded) moments and restarted each time on the same port and DATA_DIR. Phones
// reconnect with socket.io-client's reconnection and resend every unacknowledged vote with the
// SAME cid (as the app's outbox does). At the end, every acknowledged vote must be counted once,
// with no duplicates, and the tally must equal a recount of the stored log: the SQLite file is
// opened read-only and the `VoteCast` events of each vote are counted and compared with the
// voters the server reports, the closed result and the secret_tallies counters.
// Last stdout line: one JSON object (kills, acked, counted, lost, duplicates, ...).

const args = parseArgs(process.argv.slice(2));
const PHONES = Math.max(1, Math.min(5000, Number(args.phones ?? 1000)));
const KILLS = Math.max(1, Number(args.kills ?? 20));
const VOTES = Math.max(1, Math.min(100, Number(args.votes ?? 10)));
const SEED = Number(args.seed ?? 20240611);
const random = seeded(SEED);
const CHOICES = ['for', 'against', 'abstain'] as const;

// Bounded: the whole run stops by itself.
const watchdog = setTimeout(
  () => {
    note('chaos: watchdog fired (15 min)');
    void server?.kill9().finally(() => process.exit(3));
  },
  15 * 60_000,
);
watchdog.unref();

let server: AppServer | null = null;
let dataDir = '';

interface Phone {
  index: number;
  seatCode: string;
  memberId: string;
  token: string;
  peer: Peer | null;
  queue: string[];
  current: { voteId: string; cid: string; choice: string } | null;
  inFlight: number;
  sends: number;
  acked: Set<string>;
  refused: Map<string, string>;
  done: boolean;
}

async function main() {
  const host = machine();
  const started = now();
  dataDir = mkdtempSync(join(tmpdir(), 'convergence-chaos-'));
  const port = await freePort();
  const start = async () => {
    const t = now();
    server = await startAppServer({ port, dataDir, demoMembers: PHONES });
    return now() - t;
  };
  note(`chaos: ${PHONES} phones, up to ${VOTES} secret votes each, ${KILLS} kills (seed ${SEED}), ${host.cores} cores, load ${host.load1}`);
  await start();
  const url = server!.url;

  // The facilitator opens a batch of secret votes, one per proposal.
  let facilitator = new Peer(url, server!.facilitatorKey);
  await connected(facilitator, ['console']);
  const roster = facilitator.view<{ members: { id: string; seatCode: string }[]; levers: { id: string }[]; liveSessionId: string }>('console')!;
  const sessionId = roster.liveSessionId;
  const proposalIds: string[] = [];
  for (let i = 0; i < VOTES; i++) {
    const ack = await facilitator.send('proposal.enter', { title: `Proposition ${i + 1} mise aux voix`, text: `Texte de la proposition ${i + 1}.`, leverId: roster.levers[i % roster.levers.length]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }, `chaos-p-${SEED}-${i}`);
    if (!ack.ok) throw new Error(`proposal.enter: ${ack.error.code}`);
    proposalIds.push((ack.data as { proposalId: string }).proposalId);
  }
  const created = await facilitator.send('vote.create', { sessionId, proposalIds, secret: true, thresholdBp: 5000, basis: 'expressed', batch: true }, `chaos-vc-${SEED}`);
  if (!created.ok) throw new Error(`vote.create: ${created.error.code}`);
  const voteIds = (created.data as { voteIds: string[] }).voteIds;
  const opened = await facilitator.send('vote.open', { voteIds }, `chaos-vo-${SEED}`);
  if (!opened.ok) throw new Error(`vote.open: ${opened.error.code}`);
  facilitator.close();

  // Seats and sockets.
  const phones: Phone[] = roster.members.slice(0, PHONES).map((m, index) => ({ index, seatCode: m.seatCode, memberId: '', token: '', peer: null, queue: shuffle([...voteIds]), current: null, inFlight: 0, sends: 0, acked: new Set(), refused: new Map(), done: false }));
  note(`chaos: ${phones.length} phones join`);
  await pool(phones, 32, async (phone) => {
    const res = await postJson(`${url}/api/join`, { sessionCode: server!.sessionCode, seatCode: phone.seatCode });
    if (res.status !== 200 || !res.body?.ok) throw new Error(`join refused: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    phone.token = res.body.data.token as string;
    phone.memberId = res.body.data.memberId as string;
  });
  note('chaos: phones connect');
  await pool(phones, 100, async (phone) => {
    phone.peer = new Peer(url, phone.token, { reconnection: true, reconnectionDelay: 300, reconnectionDelayMax: 2000, randomizationFactor: 0.5 });
    await connected(phone.peer, ['member'], 60_000);
  });

  // Each phone votes on every vote, one at a time, with a short think between votes; an
  // unacknowledged vote is resent with the same cid after every reconnection.
  let acked = 0;
  let retries = 0;
  let attemptSeq = 0;
  const thinkTimers = new Set<NodeJS.Timeout>();
  // Phones keep voting (up to VOTES votes each) until the last kill, so every kill lands in the
  // burst; then each finishes the vote it has started.
  let stopNew = false;
  const next = (phone: Phone) => {
    const voteId = stopNew ? undefined : phone.queue.shift();
    if (!voteId) {
      phone.current = null;
      phone.done = true;
      return;
    }
    phone.current = { voteId, cid: `chaos-${SEED}-${phone.index}-${voteId.slice(0, 16)}`, choice: CHOICES[Math.floor(random() * 3)]! };
    phone.sends = 0;
    trySend(phone);
  };
  const trySend = (phone: Phone) => {
    const current = phone.current;
    if (!current || phone.inFlight || !phone.peer!.socket.connected) return;
    const attempt = ++attemptSeq;
    phone.inFlight = attempt;
    if (phone.sends++ > 0) retries++;
    void phone.peer!.send('vote.cast', { voteId: current.voteId, choice: current.choice }, current.cid, 10_000).then((ack) => {
      if (phone.inFlight !== attempt) return; // sent before a disconnection: its fate is settled by the resend
      phone.inFlight = 0;
      if (!ack.ok && (ack.error.code === 'ACK_TIMEOUT' || ack.error.code === 'RATE_LIMITED' || ack.error.code === 'INTERNAL')) {
        const timer = setTimeout(() => {
          thinkTimers.delete(timer);
          trySend(phone);
        }, 200);
        thinkTimers.add(timer);
        return;
      }
      if (ack.ok) {
        if (!phone.acked.has(current.voteId)) acked++;
        phone.acked.add(current.voteId);
      } else phone.refused.set(current.voteId, ack.error.code);
      // Done with this vote: nothing to resend if the connection drops during the think time.
      phone.current = null;
      const timer = setTimeout(
        () => {
          thinkTimers.delete(timer);
          next(phone);
        },
        200 + random() * 1300,
      );
      thinkTimers.add(timer);
    });
  };
  for (const phone of phones) {
    const socket = phone.peer!.socket;
    socket.on('disconnect', () => (phone.inFlight = 0));
    socket.on('connect', () => trySend(phone));
  }
  const burstStart = now();
  for (const phone of phones) next(phone);

  // The kills: at seeded random moments of the server's uptime, while votes are in flight.
  const restarts: number[] = [];
  const inFlightAtKill: number[] = [];
  let kills = 0;
  const ackedBeforeKill: number[] = [];
  for (let k = 0; k < KILLS; k++) {
    // A random moment once votes flow again (some acked since the restart), so the kill lands
    // mid-burst rather than before the phones are back; bounded if they never flow.
    const ackedAtStart = acked;
    await waitUntil(() => acked - ackedAtStart >= 20 || phones.every((p) => p.done), 30_000, 20);
    await sleep(random() * 2000);
    ackedBeforeKill.push(acked - ackedAtStart);
    inFlightAtKill.push(phones.filter((p) => p.inFlight > 0).length);
    await server!.kill9();
    kills++;
    restarts.push(await start());
    note(`chaos: kill ${kills}/${KILLS}: ${ackedBeforeKill.at(-1)} acked since the restart, ${inFlightAtKill.at(-1)} votes in flight; restarted in ${Math.round(restarts.at(-1)!)} ms; ${acked} votes acked so far`);
  }
  stopNew = true;
  // What the server says: voters per vote (console, ballots waiting in the ballot box included).
  facilitator = new Peer(url, server!.facilitatorKey);
  await connected(facilitator, ['console'], 90_000);
  const readConsole = () => {
    const voted = new Map<string, number>();
    for (const s of facilitator.view<{ sessions: { votes: { id: string; voted: number }[] }[] }>('console')?.sessions ?? []) for (const v of s.votes) voted.set(v.id, v.voted);
    return voted;
  };
  // The last ballots of each vote (k to 2k - 1) wait in the server's ballot box and are
  // acknowledged only when the votes close (server/engine/ballot-box.ts): the room closes them
  // once the server holds every ballot still unanswered (each phone that is not done is
  // waiting for the ack of a ballot the console counts), as a facilitator closes after the last voter.
  const expected = (voteId: string) => phones.filter((p) => p.acked.has(voteId) || p.current?.voteId === voteId).length;
  const held = await waitUntil(() => phones.every((p) => p.done || p.current !== null) && voteIds.every((id) => readConsole().get(id) === expected(id)), 240_000, 100);
  if (!held) note(`chaos: ${phones.filter((p) => !p.done).length} phones still had a vote the server did not hold at the deadline`);
  const consoleVotes = readConsole();
  const closed = await facilitator.send('vote.close', { voteIds }, `chaos-vx-${SEED}`);
  const results = closed.ok ? (closed.data as { results: Record<string, { tally: { for: number; against: number; abstain: number } }> }).results : {};
  facilitator.close();
  const allDone = await waitUntil(() => phones.every((p) => p.done || (p.current === null && p.inFlight === 0)), 60_000, 100);
  const burstMs = now() - burstStart;
  for (const timer of thinkTimers) clearTimeout(timer);
  if (!allDone) note(`chaos: ${phones.filter((p) => !p.done && (p.current !== null || p.inFlight !== 0)).length} phones still had a vote unanswered after the close`);
  for (const phone of phones) phone.peer?.close();
  await server!.stop();

  // The recount, from the stored log alone.
  const db = new Database(join(dataDir, 'convergence.sqlite'), { readonly: true, fileMustExist: true });
  const castRows = db.prepare("SELECT data FROM events WHERE type = 'VoteCast'").all() as { data: string }[];
  const stored = new Map<string, Map<string, number>>();
  for (const row of castRows) {
    const event = JSON.parse(row.data) as { voteId: string; memberId: string };
    let byMember = stored.get(event.voteId);
    if (!byMember) stored.set(event.voteId, (byMember = new Map()));
    byMember.set(event.memberId, (byMember.get(event.memberId) ?? 0) + 1);
  }
  // secret_tallies: (counter, choice, count); the counter column is the first one, holding the
  // vote's id, or `vote:<id>` since secret counters also serve other kinds of ballots.
  const counterColumn = (db.prepare('PRAGMA table_info(secret_tallies)').all() as { name: string }[])[0]?.name ?? 'vote_id';
  const secret = new Map<string, number>();
  for (const row of db.prepare(`SELECT "${counterColumn}" AS id, count FROM secret_tallies`).all() as { id: string; count: number }[]) {
    const voteId = row.id.startsWith('vote:') ? row.id.slice(5) : row.id;
    secret.set(voteId, (secret.get(voteId) ?? 0) + row.count);
  }
  db.close();

  const memberOf = new Map(phones.map((p) => [p.memberId, p]));
  let counted = 0;
  let duplicates = 0;
  let lost = 0;
  let countedNotAcked = 0;
  const mismatches: string[] = [];
  for (const voteId of voteIds) {
    const byMember = stored.get(voteId) ?? new Map<string, number>();
    const events = [...byMember.values()].reduce((a, b) => a + b, 0);
    counted += byMember.size;
    duplicates += events - byMember.size;
    for (const [memberId] of byMember) if (!memberOf.get(memberId)?.acked.has(voteId)) countedNotAcked++;
    const tally = results[voteId]?.tally;
    const resultSum = tally ? tally.for + tally.against + tally.abstain : null;
    const voters = consoleVotes.get(voteId) ?? null;
    const secretSum = secret.get(voteId) ?? 0;
    if (voters !== events || resultSum !== events || secretSum !== events) mismatches.push(`${voteId}: log ${events}, voters ${voters}, result ${resultSum}, secret_tallies ${secretSum}`);
  }
  for (const phone of phones) for (const voteId of phone.acked) if (!stored.get(voteId)?.has(phone.memberId)) lost++;
  const sent = phones.reduce((n, p) => n + p.acked.size + p.refused.size, 0);
  const refused: Record<string, number> = {};
  for (const phone of phones) for (const code of phone.refused.values()) refused[code] = (refused[code] ?? 0) + 1;
  rmSync(dataDir, { recursive: true, force: true });
  for (const m of mismatches.slice(0, 10)) note(`chaos: mismatch ${m}`);

  const summary = {
    phones: PHONES,
    votesPerPhone: VOTES,
    kills,
    acked,
    counted,
    lost,
    duplicates,
    countedNotAcked,
    tallyMismatches: mismatches.length,
    refused,
    retries,
    unfinishedPhones: phones.filter((p) => !p.done && (p.current !== null || p.inFlight !== 0)).length,
    votesAnswered: sent,
    killsWithVotesInFlight: inFlightAtKill.filter((n) => n > 0).length,
    inFlightAtKillMedian: percentile(inFlightAtKill, 50),
    ackedSinceRestartAtKillMedian: percentile(ackedBeforeKill, 50),
    restartMsP50: round(percentile(restarts, 50), 0),
    restartMsMax: round(percentile(restarts, 100), 0),
    burstSeconds: round(burstMs / 1000),
    ok: lost === 0 && duplicates === 0 && mismatches.length === 0 && countedNotAcked === 0 && Object.keys(refused).length === 0 && kills >= KILLS,
    machine: { cores: host.cores, loadBefore: host.load1, loadAfter: machine().load1 },
    code: codeFingerprint(),
    seconds: Math.round((now() - started) / 1000),
  };
  console.log(`\nchaos: ${kills} SIGKILLs during a burst of ${PHONES} phones voting on up to ${VOTES} secret votes each (${sent} votes answered); ${acked} acknowledged, ${counted} in the log, ${lost} lost, ${duplicates} duplicates, ${mismatches.length} tally mismatches\n`);
  console.log(JSON.stringify(summary));

  function shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  }
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    note(`chaos failed: ${error instanceof Error ? error.stack : String(error)}`);
    await server?.stop(3000);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    process.exit(1);
  },
);
