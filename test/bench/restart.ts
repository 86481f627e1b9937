import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nanoid } from 'nanoid';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import type { CommandName } from '../../shared/registry.ts';
import { clientUpToDate } from '../../build/ensure-client.ts';
import { createDemoConvention } from '../../server/demo/create-demo.ts';
import { Engine } from '../../server/engine/engine.ts';
import { systemContext } from '../../server/ids.ts';
import { hashToken } from '../../server/realtime/access.ts';
import { EventStore } from '../../server/store/event-store.ts';
import { freePort, machine, note, percentile, round, ROOT, seeded } from './lib.ts';

// `npm run bench -- --restart [--events 100000] [--members 1000] [--runs 5] [--keep DIR]`
//
// Issue 12, item 5: how long a restart takes on a big log. Builds a data folder of about
// `--events` events through the engine, as a room makes them (members join, tables rank the
// levers in silence then together, members write proposals, secret votes on them, each ballot a
// command), then times `node --import tsx server/main.ts` from spawn to the first answer of
// /api/health, several runs, and prints the median. Target: 3 s for 100,000 events.

type Args = Record<string, string | true>;

export async function benchRestart(args: Args): Promise<void> {
  const target = Number(args.events ?? 100_000);
  const members = Number(args.members ?? 1000);
  const runs = Math.max(1, Number(args.runs ?? 5));
  const keep = typeof args.keep === 'string' ? args.keep : null;
  const dataDir = keep ?? mkdtempSync(join(tmpdir(), 'convergence-restart-'));
  mkdirSync(dataDir, { recursive: true });
  const host = machine();
  try {
    if (!existsSync(join(dataDir, 'convergence.sqlite'))) {
      const started = performance.now();
      const events = await buildLog(dataDir, target, members);
      note(`restart: ${events} events written in ${round((performance.now() - started) / 1000)} s`);
    }
    const size = statSync(join(dataDir, 'convergence.sqlite')).size;
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const ms = await timeStart(dataDir);
      times.push(ms);
      note(`restart: run ${run + 1}: ${Math.round(ms)} ms to /api/health`);
    }
    const median = percentile(times, 50)!;
    // What `npm start` adds before the server: the client check (build/ensure-client.ts), when the build is up to date.
    const checks: number[] = [];
    if (clientUpToDate()) for (let run = 0; run < runs; run++) checks.push(await timeCheck());
    const check = checks.length > 0 ? Math.round(percentile(checks, 50)!) : null;
    console.log(`\nConvergence restart: ${host.cores} cores (${host.cpu}), node ${host.node}, load average ${host.load1}`);
    console.log(`log: ${target} events target, ${round(size / 1024 / 1024)} MiB; runs (ms): ${times.map(Math.round).join(', ')}; median ${Math.round(median)} ms (target 3000)`);
    console.log(check === null ? 'client check: client/dist is not up to date, not timed (npm start would build it once)\n' : `client check before the server (npm start, client up to date): median ${check} ms\n`);
    console.log(JSON.stringify({ bench: 'restart', events: target, members, dbMiB: round(size / 1024 / 1024), runsMs: times.map(Math.round), medianMs: Math.round(median), clientCheckMs: check, targetMs: 3000, met: median <= 3000 }));
  } finally {
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `node --import tsx build/ensure-client.ts` with nothing to build: spawn to exit. */
function timeCheck(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'build/ensure-client.ts'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((done) => child.once('exit', () => done(performance.now() - started)));
}

/** Spawn to the first 200 of /api/health, then a clean stop. */
async function timeStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    for (;;) {
      if (performance.now() - started > 60_000) throw new Error('the server did not answer /api/health within 60 s');
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) return performance.now() - started;
      await new Promise((done) => setTimeout(done, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** A convention's worth of commands, through the engine, until the log holds `target` events. */
async function buildLog(dataDir: string, target: number, memberCount: number): Promise<number> {
  const store = new EventStore(join(dataDir, 'convergence.sqlite'));
  const engine = new Engine(store, systemContext());
  const random = seeded(20261207);
  try {
    const conv0 = await createDemoConvention(engine, memberCount);
    const id = conv0.id;
    const conv = () => engine.conventions.get(id) as Convention;
    const facilitator: Actor = { role: 'facilitator', conventionId: id };
    const must = async (actor: Actor, name: CommandName, args: unknown): Promise<any> => {
      const ack = await engine.command(actor, name, args);
      if (!ack.ok) throw new Error(`${name}: ${ack.error.code} ${ack.error.message}`);
      return ack.data;
    };
    /** Commands sent together share a group commit, as a room's do. */
    const all = async (items: [Actor, CommandName, unknown][]) => {
      for (let i = 0; i < items.length; i += 500) await Promise.all(items.slice(i, i + 500).map(([actor, name, args]) => engine.command(actor, name, args)));
    };
    const session = () => conv().sessions[conv().liveSessionId!]!;
    const memberIds = conv().memberOrder;
    const asMember = (memberId: string): Actor => ({ role: 'member', conventionId: id, memberId });

    // Every member joins on a phone.
    await all(memberIds.map((memberId) => [{ role: 'visitor', conventionId: id, tokenHash: hashToken(nanoid(32)) }, 'seat.claim', { sessionCode: session().code, seatCode: conv().members[memberId]!.seatCode }]));
    // Tables of about six, a lever ranking: silent round, then moves at each table.
    const sessionId = session().id;
    await must(facilitator, 'tables.create', { sessionId, count: Math.min(100, Math.max(1, Math.round(memberIds.length / 8))) });
    await must(facilitator, 'tables.assignRandom', { sessionId, balanceOn: null });
    const { activityId } = await must(facilitator, 'ranking.create', { sessionId, title: 'Priorisation des leviers', tableIds: [], silentRound: true });
    await must(facilitator, 'ranking.open', { activityId });
    const levers = conv().levers.map((l) => l.id);
    const shuffled = () => [...levers].sort(() => random() - 0.5);
    await all(memberIds.map((memberId) => [asMember(memberId), 'ranking.submitSilent', { activityId, order: shuffled() }]));
    await must(facilitator, 'ranking.startTables', { activityId });
    const tables = session().tables;
    for (let round = 0; round < 10; round++) {
      const moves: [Actor, CommandName, unknown][] = [];
      const ranking = (conv().activities[activityId] as { tables: Record<string, { order: string[]; version: number }> }).tables;
      for (const table of tables) {
        const state = ranking[table.id];
        const mover = table.memberIds[round % Math.max(1, table.memberIds.length)];
        if (!state || !mover) continue;
        const fromIndex = Math.floor(random() * state.order.length);
        moves.push([asMember(mover), 'ranking.move', { activityId, leverId: state.order[fromIndex], fromIndex, toIndex: 0, baseVersion: state.version }]);
      }
      await all(moves);
    }
    await must(facilitator, 'ranking.close', { activityId });
    // Members write proposals.
    await all(memberIds.flatMap((memberId, i) => [0, 1].map((k): [Actor, CommandName, unknown] => [asMember(memberId), 'proposal.create', { title: `Proposition ${i + 1}.${k + 1}`, text: `Le texte de la proposition ${i + 1}.${k + 1}, écrit à la table.`, leverId: levers[(i + k) % levers.length], submit: true }])));
    // Secret votes, one ballot per member, until the log is long enough.
    const proposals = conv().proposalOrder;
    const choices = ['for', 'against', 'abstain'] as const;
    for (let v = 0; store.lastSeq() < target; v++) {
      const { voteIds } = await must(facilitator, 'vote.create', { sessionId, proposalIds: [proposals[v % proposals.length]], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false });
      await must(facilitator, 'vote.open', { voteIds });
      const remaining = target - store.lastSeq();
      // Secret ballots wait in the ballot box (server/engine/ballot-box.ts): the close writes and
      // acknowledges the last ones, so their answers are awaited after it.
      const ballots = memberIds.slice(0, Math.max(1, remaining - 1)).map((memberId) => engine.command(asMember(memberId), 'vote.cast', { voteId: voteIds[0], choice: choices[Math.floor(random() * 3)] }));
      await must(facilitator, 'vote.close', { voteIds });
      await Promise.all(ballots);
    }
    return store.lastSeq();
  } finally {
    engine.drain();
    store.close();
  }
}
