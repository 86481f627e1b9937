import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppOptions } from '../../server/app.ts';
import { DEFAULT_SMALL_GROUP_MIN } from '../../shared/domain/small-groups.ts';
import type { Ack } from '../../shared/protocol.ts';
import { batchedAnalystBound, baselineGroups, scoreAuthors, scoreBallots, seeded, shuffled, stratumPublishedGroups, tableGroups, type Score, type Truth } from '../helpers/analyst.ts';
import { capturedLogger, downloadExports, linesNaming, rosterOf, seatingOf } from '../helpers/analyst-observe.ts';
import { analyse } from '../helpers/analyst-run.ts';
import { copyDataFolder, type FolderCopy } from '../helpers/analyst-wal.ts';
import { closeAllClients, connectClient, connectMember, type TestClient } from '../helpers/client.ts';
import { closeAll, startServer, type TestServer } from '../helpers/server.ts';

// Issue 14, item 3: an adversary in the tests. Members cast known, seeded choices from their own
// phones (real sockets) through every secret activity: a secret adoption vote, a consensus check
// at tables with several proposals, a majority-judgment grading and anonymous minority opinions.
// Meanwhile the analyst takes what an operator could: copies of the data folder at random
// moments (every commit still in the WAL counts), backup files, every export, the server's log
// and the console's live stream. It links what it can (test/helpers/analyst*.ts) and the test
// compares its accuracy with what k-anonymous storage may legitimately give away.
// Issue 17: the members have roster attributes and the results are read by stratum; the analyst
// reads the counts per stratum too and crosses each stratum with every batch, table and console
// step (test/helpers/analyst.ts, intersections). The consensus check is asked again as a second
// wave with transitions: the analyst reads its `trans:` counters (where each member came from)
// like any other, and they must give away no more than k-batches allow.
//
// The verdict, per activity:
// - no choice (or author) is tied to a group of fewer than k members that holds the truth;
// - the analyst's accuracy stays within the chance baseline (guessing from the published result
//   alone) plus MARGIN: the accuracy an analyst reaches when shown every batch of exactly k
//   ballots (random batches, the last one k to 2k-1), at its 99.9th percentile over 1000 seeded
//   batchings of the same ballots (batchedAnalystBound). For authors, 1/k: one of k candidates.
// docs/security.md ("The analyst test") gives the reasoning and the figures.
//
// The same analyst runs against the leaky storage (each ballot committed at once, as before
// issue 14) and must find the links there: otherwise it proves nothing.

const K = DEFAULT_SMALL_GROUP_MIN;
const MEMBERS = 24;
const TABLES = 5; // 5, 5, 5, 5 and 4: one table under k
const OPINIONS = 6;
/**
 * Issue 17: the results are read by stratum. Age brackets of 9, 8, 4 and 3 members (the last two
 * under k, merged at close), gender 12 / 11 and one member without (merged with the 11).
 */
const STRATA = ['ageBracket', 'gender'];
const AGE_SIZES: [string, number][] = [['18-34', 9], ['35-49', 8], ['50-64', 4], ['65+', 3]];
const ageOf = (i: number) => AGE_SIZES.find((_, a) => i < AGE_SIZES.slice(0, a + 1).reduce((n, [, size]) => n + size, 0))![0];
const genderOf = (i: number) => (i === MEMBERS - 1 ? '' : i % 2 === 0 ? 'F' : 'H');
/** Ballots are sent over this long, each at a random moment, several at once. */
const SPREAD_MS = 1800;
const TRIALS = 1000;
const QUANTILE = 0.999;

/**
 * Every seed that ever failed stays here as a regression row: 14 found a check's lone table of
 * four merged alone into the room-level row at close (shared/domain/secret-ballots.ts,
 * closeCheckCounts). ADVERSARY_SEEDS=15,16,... tries others (15 to 22 passed).
 */
const SEEDS = (process.env.ADVERSARY_SEEDS ?? '14').split(',').map(Number);

const CONFIGURATIONS: { name: string; leaky: boolean; app: Partial<AppOptions> }[] = [
  { name: 'mixed ballots (default)', leaky: false, app: {} },
  { name: 'leaky: each ballot committed at once', leaky: true, app: { ballotMixing: false } },
];

type Phone = TestClient & { memberId: string };

afterEach(async () => {
  await closeAllClients();
  await closeAll();
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function ok(ack: Promise<Ack>): Promise<any> {
  const result = await ack;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** A cell drawn with these weights. */
function draw<T>(random: () => number, weighted: [T, number][]): T {
  let r = random() * weighted.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of weighted) if ((r -= w) < 0) return value;
  return weighted[weighted.length - 1]![0];
}

/**
 * The analyst's side of the run: copies of the data folder and backup files at random moments
 * while `work` runs, and once after it.
 */
class Observer {
  readonly copies: FolderCopy[] = [];
  readonly backups: unknown[] = [];
  private readonly keep = mkdtempSync(join(tmpdir(), 'convergence-analyst-'));

  constructor(
    private readonly server: TestServer,
    private readonly random: () => number,
  ) {}

  copy(): void {
    this.copies.push(copyDataFolder(this.server.dataDir, this.keep, String(this.copies.length)));
  }

  async backup(): Promise<void> {
    const res = await fetch(`${this.server.url}/api/backup`, { headers: { authorization: `Bearer ${this.server.facilitatorKey}` } });
    if (res.ok) this.backups.push(await res.json());
  }

  async during(work: Promise<unknown>): Promise<void> {
    let done = false;
    const finished = work.finally(() => (done = true));
    while (!done) {
      await Promise.race([sleep(40 + this.random() * 260), finished]);
      if (done) break;
      this.copy();
      if (this.random() < 0.25) await this.backup();
    }
    await finished;
    this.copy();
    await this.backup();
  }

  dispose(): void {
    rmSync(this.keep, { recursive: true, force: true });
  }
}

/**
 * Sends each command at a random moment within SPREAD_MS, then waits until the console shows
 * every one of them arrived (`arrived`: participation counts, which move as ballots reach the
 * box). Under mixing the last ballots of a box are acknowledged only by the close's commit, so
 * the acks are returned to be awaited after the close.
 */
async function spreadOut(random: () => number, sends: (() => Promise<Ack>)[], facilitator: TestClient, arrived: (session: any) => boolean): Promise<{ acks: Promise<Ack>[] }> {
  const acks = sends.map((send) => sleep(random() * SPREAD_MS).then(send));
  await sleep(SPREAD_MS);
  await facilitator.waitFor((c) => arrived(c.view('console')!.sessions.find((s) => s.id === c.view('console')!.liveSessionId)), 20_000, 'every command arrived');
  return { acks };
}

interface Outcome {
  /** Per activity: the analyst's score, and the accuracy it may reach (chance + margin). */
  score: Map<string, Score & { bound: number; batched: number }>;
  /** Per activity: the groups the counts per stratum gave (alone or crossed), and the score from those alone. */
  strata: Map<string, Score & { groups: number }>;
  /** Log lines naming a member. */
  logLeaks: string[];
  /** One line per activity for the report, then the material the analyst had. */
  summary: string[];
}

/** Runs the convention with these createApp options, then plays the analyst on what it left. */
async function runConvention(seed: number, app: Partial<AppOptions>): Promise<Outcome> {
  // One stream per purpose, so that changing how one is used leaves the others' draws alone.
  const random = seeded(seed); // the members' choices and the opinions' authors
  const timing = seeded(seed + 2); // when each command is sent
  const seats = seeded(seed + 3);
  const { logger, lines } = capturedLogger();
  const server = await startServer({ members: MEMBERS, app: { ...app, logger } });
  const observer = new Observer(server, seeded(seed + 1));
  try {
    const facilitator = await connectClient(server.url, server.facilitatorKey);
    // The roster's attributes, drawn from the seed, and the strata reported before anything opens.
    for (const [i, id] of shuffled(server.conv.memberOrder, seats).entries()) {
      await ok(facilitator.send('member.update', { memberId: id, name: server.conv.members[id]!.name, attributes: { ...server.conv.members[id]!.attributes, ageBracket: ageOf(i), gender: genderOf(i) } }));
    }
    await ok(facilitator.send('strata.choose', { attributes: STRATA }));
    const phones: Phone[] = [];
    for (const id of server.conv.memberOrder) phones.push(await connectMember(server.url, server.live.code, server.conv.members[id]!.seatCode));
    const sessionId = server.live.id;
    await ok(facilitator.send('tables.create', { sessionId, count: TABLES }));
    // Seated from the seed, not the server's draw: the same tables (and so the same published
    // per-table groups and margin) on every run.
    const tableIds = server.live.tables.map((t) => t.id);
    for (const [i, p] of shuffled(phones, seats).entries()) await ok(facilitator.send('tables.seat', { sessionId, memberId: p.memberId, tableId: tableIds[i % TABLES] }));
    await Promise.all(phones.map((p) => p.waitFor((c) => c.view('table'))));
    const proposalIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { proposalId } = await ok(facilitator.send('proposal.enter', { title: `Proposition ${i + 1} pour le climat`, text: 'Texte.', leverId: server.conv.levers[i]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
      proposalIds.push(proposalId);
    }
    const truth: Truth = { ballots: new Map(), authors: new Map() };
    const record = (question: string, memberId: string, cell: string) => truth.ballots.set(question, (truth.ballots.get(question) ?? new Map()).set(memberId, cell));

    // 1. A secret adoption vote.
    const { voteIds } = await ok(facilitator.send('vote.create', { sessionId, proposalIds: [proposalIds[0]], secret: true, thresholdBp: 6000, basis: 'expressed', batch: false }));
    const voteId = voteIds[0] as string;
    await ok(facilitator.send('vote.open', { voteIds: [voteId] }));
    const voteSends = phones.map((p) => {
      const choice = draw(random, [['for', 5], ['against', 3], ['abstain', 2]] as [string, number][]);
      record(`vote:${voteId}`, p.memberId, choice);
      return () => p.send('vote.cast', { voteId, choice });
    });
    const vote = spreadOut(timing, voteSends, facilitator, (s) => s.votes.find((v: { id: string }) => v.id === voteId)?.voted === MEMBERS);
    await observer.during(vote);
    await ok(facilitator.send('vote.close', { voteIds: [voteId] }));
    await Promise.all((await vote).acks.map(ok));
    await observer.during(sleep(50));

    // 2. A consensus check at tables, three proposals at once, with minority opinions.
    const { checkId } = await ok(facilitator.send('consensus.create', { sessionId, title: 'Mesure du consensus', proposalIds, mode: 'batch', levels: null, allowUnsure: true, live: false }));
    // Issue 17: the check will be asked again, with transitions: prepared before it opens
    // (series.setTransitions refuses a check that opened), so each phone keeps its own answers
    // and sends them with the next wave's.
    const { seriesId, activityId: secondWave } = await ok(facilitator.send('series.askAgain', { kind: 'check', id: checkId, sessionId, label: 'Après les experts' }));
    await ok(facilitator.send('series.setTransitions', { seriesId, enabled: true }));
    await ok(facilitator.send('consensus.open', { checkId }));
    const levelWeights: [number | null, number][][] = [
      [[0, 4], [1, 3], [2, 1], [3, 1], [4, 1], [null, 1]],
      [[0, 1], [1, 2], [2, 3], [3, 2], [4, 1], [null, 1]],
      [[0, 1], [1, 1], [2, 1], [3, 3], [4, 4], [null, 1]],
    ];
    const checkSends = phones.flatMap((p) =>
      proposalIds.map((proposalId, i) => {
        const level = draw(random, levelWeights[i]!);
        record(`agree:${checkId}:${proposalId}`, p.memberId, String(level ?? 5));
        return () => p.send('consensus.answer', { checkId, proposalId, level });
      }),
    );
    const writers = shuffled(phones, random).slice(0, OPINIONS);
    const opinionSends = writers.map((p, i) => {
      const text = `Avis minoritaire ${i + 1} : ${['trop coûteux', 'trop lent', 'injuste', 'flou', 'prématuré', 'mal ciblé'][i]} (${Math.floor(random() * 1e6)})`;
      truth.authors.set(text, p.memberId);
      const proposalId = proposalIds[Math.floor(random() * proposalIds.length)]!;
      return () => p.send('consensus.opinion', { checkId, proposalId, text });
    });
    const check = spreadOut(timing, [...checkSends, ...opinionSends], facilitator, (s) => {
      const view = s.deliberation.checks.find((c: { id: string }) => c.id === checkId);
      const opinions = Object.values(view?.opinions ?? {}).flat().length;
      return proposalIds.every((p) => view?.answered[p] === MEMBERS) && opinions === OPINIONS;
    });
    await observer.during(check);
    await ok(facilitator.send('consensus.close', { checkId }));
    await Promise.all((await check).acks.map(ok));
    await observer.during(sleep(50));

    // 2b. Its second wave: each member answers again (most keep their level, some move), and
    // their phone sends the first wave's level as `previous`: counted in `trans:` counters, in
    // the same batches as the room's.
    await ok(facilitator.send('consensus.open', { checkId: secondWave }));
    const firstWave = (memberId: string, proposalId: string) => truth.ballots.get(`agree:${checkId}:${proposalId}`)!.get(memberId)!;
    const waveSends = phones.flatMap((p) =>
      proposalIds.map((proposalId, i) => {
        const before = Number(firstWave(p.memberId, proposalId));
        const level = random() < 0.6 ? (before === 5 ? null : before) : draw(random, levelWeights[i]!);
        const now = String(level ?? 5);
        record(`agree:${secondWave}:${proposalId}`, p.memberId, now);
        record(`trans:${secondWave}:${proposalId}`, p.memberId, `${before}>${now}`);
        return () => p.send('consensus.answer', { checkId: secondWave, proposalId, level, previous: before === 5 ? null : before });
      }),
    );
    const wave = spreadOut(timing, waveSends, facilitator, (s) => proposalIds.every((p) => s.deliberation.checks.find((c: { id: string }) => c.id === secondWave)?.answered[p] === MEMBERS));
    await observer.during(wave);
    await ok(facilitator.send('consensus.close', { checkId: secondWave }));
    await Promise.all((await wave).acks.map(ok));
    await observer.during(sleep(50));

    // 3. A majority-judgment grading of the same proposals, one ballot of three grades each.
    const { gradingId } = await ok(facilitator.send('grading.create', { sessionId, title: 'Hiérarchisation', proposalIds }));
    await ok(facilitator.send('grading.open', { gradingId }));
    const gradeWeights = [[3, 4, 3, 2, 1, 1, 1], [1, 1, 2, 4, 3, 1, 1], [1, 1, 1, 2, 3, 4, 3]];
    const gradingSends = phones.map((p) => {
      const grades = Object.fromEntries(proposalIds.map((proposalId, i) => [proposalId, draw(random, gradeWeights[i]!.map((w, g) => [g, w] as [number, number]))]));
      for (const [proposalId, grade] of Object.entries(grades)) record(`grade:${gradingId}:${proposalId}`, p.memberId, String(grade));
      return () => p.send('grading.grade', { gradingId, grades });
    });
    const grading = spreadOut(timing, gradingSends, facilitator, (s) => proposalIds.every((p) => s.deliberation.gradings.find((g: { id: string }) => g.id === gradingId)?.graded[p] === MEMBERS));
    await observer.during(grading);
    await ok(facilitator.send('grading.close', { gradingId }));
    await Promise.all((await grading).acks.map(ok));
    await observer.during(sleep(50));

    // The analyst's desk: everything gathered, then everything downloadable now.
    const exports = await downloadExports(server.url, server.facilitatorKey, sessionId);
    observer.backups.push(exports.backup);
    const seating = seatingOf(exports.exportJson, sessionId);
    const roster = rosterOf(exports.exportJson, STRATA);
    const analysing = Date.now();
    const findings = analyse({ copies: observer.copies, backups: observer.backups, consoleReceived: facilitator.received(), seating, roster });
    const everyone = phones.map((p) => p.memberId);
    const names = server.conv.memberOrder.flatMap((id) => [id, server.conv.members[id]!.name, server.conv.members[id]!.seatCode]);

    const activities = [
      { name: 'adoption vote', questions: [`vote:${voteId}`], tables: false },
      { name: 'consensus check', questions: proposalIds.map((p) => `agree:${checkId}:${p}`), tables: true },
      { name: 'consensus check, second wave', questions: proposalIds.map((p) => `agree:${secondWave}:${p}`), tables: true },
      { name: 'consensus transitions', questions: proposalIds.map((p) => `trans:${secondWave}:${p}`), tables: false },
      { name: 'grading', questions: proposalIds.map((p) => `grade:${gradingId}:${p}`), tables: false },
    ].map((a) => ({ ...a, published: [...baselineGroups(truth, a.questions), ...(a.tables ? tableGroups(truth, a.questions, seating, K) : []), ...stratumPublishedGroups(truth, a.questions, roster, STRATA, K)] }));
    const score = new Map<string, Score & { bound: number; batched: number }>();
    const strata = new Map<string, Score & { groups: number }>();
    const fromStrata = findings.ballots.filter((g) => /strat/.test(g.source));
    for (const a of activities) {
      const { bound, mean } = batchedAnalystBound(truth, a.questions, K, a.published, TRIALS, QUANTILE, seed * 7919);
      score.set(a.name, { ...scoreBallots(findings.ballots, truth, a.questions, K), bound, batched: mean });
      strata.set(a.name, { ...scoreBallots(fromStrata, truth, a.questions, K), groups: fromStrata.filter((g) => a.questions.includes(g.question)).length });
    }
    score.set('minority opinions (author)', { ...scoreAuthors(findings.authors, truth, everyone, K), bound: 1 / K, batched: 1 / K });
    const summary = [...score].map(([name, s]) =>
      `${name}: accuracy ${s.accuracy.toFixed(2)} (chance ${s.baseline.toFixed(2)}, k-batches ${s.batched.toFixed(2)} on average, allowed ≤ ${s.bound.toFixed(2)}: margin ${(s.bound - s.baseline).toFixed(2)}), smallest true set ${s.smallestSet} (${s.smallestSource}), ${s.belowK}/${s.items} guessed from a set < ${K}`,
    );
    // Which material gave what, each source on its own (with the published result).
    const sources = [...new Set(findings.ballots.map((g) => g.source.replace(/, final state$/, '')))];
    for (const a of activities) {
      const bySource = sources.map((source) => `${source} ${scoreBallots(findings.ballots.filter((g) => g.source.startsWith(source)), truth, a.questions, K).accuracy.toFixed(2)}`);
      summary.push(`${a.name}, accuracy by source: ${bySource.join('; ')}`);
    }
    for (const [name, st] of strata) summary.push(`${name}, from the counts per stratum alone: ${st.groups} groups, accuracy ${st.accuracy.toFixed(2)}, smallest true set ${st.smallestSet} (${st.smallestSource})`);
    summary.push(`analysis: ${((Date.now() - analysing) / 1000).toFixed(1)} s`);
    summary.push(`material: ${observer.copies.length} folder copies (${findings.states} database states, up to ${findings.walCommits} commits in one WAL, ${findings.walLeftovers} leftover frames), ${observer.backups.length} backups, ${Object.keys(exports.texts).length} exports, ${lines.length} log lines, ${facilitator.received().length} console messages`);
    return { score, strata, logLeaks: linesNaming(lines, names), summary };
  } finally {
    observer.dispose();
  }
}

describe.each(CONFIGURATIONS)('the analyst against $name', ({ name, leaky, app }) => {
  // 15 to 23 s alone on two cores (9 to 14 s of it the analysis, strata crossed with every
  // group); about five times that allowed for a busy machine.
  it.each(SEEDS)('seed %i', { timeout: 120_000 }, async (seed) => {
    const started = Date.now();
    const outcome = await runConvention(seed, app);
    for (const line of outcome.summary) console.log(`[${leaky ? 'leaky' : 'mixed'} seed ${seed}] ${line}`);
    console.log(`[${leaky ? 'leaky' : 'mixed'} seed ${seed}] ran in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(outcome.logLeaks, 'log lines naming a member').toEqual([]);
    for (const [activity, s] of outcome.score) {
      if (leaky) {
        // The leaky storage must be caught: otherwise this test could never fail. Ballots that
        // arrive within a few ms share a group commit (and so a group), more of them on a busy
        // machine: most, not all, are tied to fewer than k members, and the accuracy is well
        // above chance but may come near the bound on a slow run (0.83 against 0.79 seen once).
        expect(s.smallestSet, `${name}, ${activity}: smallest set`).toBeLessThan(K);
        expect(s.belowK, `${name}, ${activity}: ballots guessed from a set under k`).toBeGreaterThanOrEqual(s.items / 2);
        expect(s.accuracy, `${name}, ${activity}: accuracy`).toBeGreaterThan(s.baseline);
      } else {
        expect(s.smallestSet, `${activity}: a choice tied to fewer than k members`).toBeGreaterThanOrEqual(K);
        expect(s.accuracy, `${activity}: accuracy above chance + margin`).toBeLessThanOrEqual(s.bound);
      }
    }
    // Issue 17: the analyst did read the counts per stratum (every stratum of a closed result
    // is a group, crossed with every batch and table); in the leaky storage their rows alone,
    // moving by one ballot, tie choices to single members.
    for (const [activity, st] of outcome.strata) {
      // Transitions are counted for the room only (no stratum): nothing per stratum to read.
      if (activity.startsWith('minority') || activity.includes('transitions')) continue;
      expect(st.groups, `${name}, ${activity}: groups from the counts per stratum`).toBeGreaterThan(0);
      if (leaky) expect(st.smallestSet, `${name}, ${activity}: smallest set from the counts per stratum`).toBeLessThan(K);
    }
  });
});
