import { mulberry32 } from '../../math/mulberry32.ts';
// The speed-meeting rotation plan: for each round, which members sit at which actor's table.
// Pure and deterministic: the same request and seed give the same plan, on the server and in
// tests. The method (greedy round by round, then local improvement by moves and swaps) and its
// weights are explained in docs/methods.md, "Speed meeting: the rotation plan".
//
// Rules, in order of strength:
//   hard   a member never meets the same actor twice;
//   bounds tables hold minTable..maxTable members (a table is below the minimum only when there
//          are not enough members to do better; members beyond every table's room stay unassigned);
//   soft   a member sits with the same members as rarely as possible (pair repeats), meets
//          different themes where possible (theme repeats), and, when a plan is re-planned, keeps
//          the table they were told (fewer changes on the phones); actors are used evenly.

export interface PlanActor {
  id: string;
  /** Theme key (see themeKey); '' when the actor has none. */
  theme: string;
}

export interface PlanTable {
  actorId: string;
  /** In the order of the request's memberIds (roster order). */
  memberIds: string[];
}

export interface PlanRound {
  tables: PlanTable[];
  /** Members expected in this round who have no table (more members than every table's room, or nothing left to meet). */
  unassigned: string[];
}

export interface PlanRequest {
  /** Members to place in the planned rounds, in roster order. */
  memberIds: readonly string[];
  /** Actors available for the planned rounds, in the console's order. */
  actors: readonly PlanActor[];
  /** Themes of actors that only appear in kept rounds (an actor gone since). */
  otherThemes?: Readonly<Record<string, string>>;
  rounds: number;
  minTable: number;
  maxTable: number;
  seed: number;
  /** Rounds already played, kept as they are; planning starts after them. */
  kept?: readonly PlanRound[];
  /** The plan being replaced: its assignments are kept where still valid (re-planning). */
  previous?: readonly PlanRound[];
}

/** Weights of the soft rules (docs/methods.md). A repeat costs (n-1)² for a pair or theme met n times. */
export const PLAN_WEIGHTS = { pair: 1, theme: 2, keep: 4 } as const;

/** Upper bound on cost evaluations in the improvement phase: keeps a 2,000-member plan bounded in time. */
const EVALUATION_BUDGET = 6_000_000;
const MAX_PASSES = 6;

/** A theme as compared: case, accents and extra spaces ignored. */
export function themeKey(theme: string): string {
  return theme.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** mulberry32, seeded: the plan's only source of randomness. */
function seededRandom(seed: number): () => number {
  return mulberry32(seed >>> 0 || 0x9e3779b9);
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Cost of something met n times: nothing for the first time, then (n-1)². */
const repeatCost = (n: number) => (n <= 1 ? 0 : (n - 1) * (n - 1));

/**
 * How many tables a round uses: as many as the actors allow while every table keeps at least
 * `min` members (every actor busy when members are enough); fewer members than one table's
 * minimum still make one table.
 */
export function tableCount(members: number, actors: number, min: number, max: number): number {
  if (members === 0 || actors === 0) return 0;
  if (members <= min) return 1;
  const most = Math.min(actors, Math.floor(members / min));
  const least = Math.ceil(members / max);
  if (least > actors) return actors;
  return Math.max(most, Math.min(least, actors));
}

export function planSpeedMeeting(request: PlanRequest): PlanRound[] {
  return new Planner(request).run();
}

class Planner {
  private readonly random: () => number;
  private readonly R: number;
  private readonly min: number;
  private readonly max: number;
  private readonly first: number;
  /** Every member and actor the plan mentions, indexed. */
  private readonly memberIds: string[] = [];
  private readonly memberIndex = new Map<string, number>();
  private readonly actorIds: string[] = [];
  private readonly actorIndex = new Map<string, number>();
  private readonly actorTheme: number[] = [];
  private readonly themeIndex = new Map<string, number>();
  /** Indices of the members to place and of the actors available. */
  private readonly placed: number[];
  private readonly available: number[];
  private readonly N: number;
  private readonly A: number;
  private readonly T: number;
  /** grid[r * N + m]: the actor member m sits with in round r, or -1. */
  private readonly grid: Int32Array;
  /** The previous plan's actor for (r, m), or -1: re-planning keeps it where it can. */
  private readonly wished: Int32Array;
  private readonly met: Uint8Array;
  private readonly pair: Uint8Array;
  private readonly themes: Uint16Array;
  private readonly load: Int32Array;
  /** seats[r][a]: members at actor a's table in round r. */
  private readonly seats: number[][][];
  private budget = EVALUATION_BUDGET;

  constructor(private readonly request: PlanRequest) {
    this.random = seededRandom(request.seed);
    this.R = request.rounds;
    this.min = Math.max(1, request.minTable);
    this.max = Math.max(this.min, request.maxTable);
    const kept = (request.kept ?? []).slice(0, this.R);
    this.first = kept.length;
    const addMember = (id: string) => {
      if (!this.memberIndex.has(id)) {
        this.memberIndex.set(id, this.memberIds.length);
        this.memberIds.push(id);
      }
      return this.memberIndex.get(id)!;
    };
    const addActor = (id: string, theme: string) => {
      if (!this.actorIndex.has(id)) {
        this.actorIndex.set(id, this.actorIds.length);
        this.actorIds.push(id);
        let t = -1;
        if (theme) {
          if (!this.themeIndex.has(theme)) this.themeIndex.set(theme, this.themeIndex.size);
          t = this.themeIndex.get(theme)!;
        }
        this.actorTheme.push(t);
      }
      return this.actorIndex.get(id)!;
    };
    this.placed = [...new Set(request.memberIds)].map(addMember);
    this.available = request.actors.filter((a, i, all) => all.findIndex((b) => b.id === a.id) === i).map((a) => addActor(a.id, a.theme));
    for (const round of kept) {
      for (const table of round.tables) {
        addActor(table.actorId, request.otherThemes?.[table.actorId] ?? '');
        table.memberIds.forEach(addMember);
      }
      round.unassigned.forEach(addMember);
    }
    this.N = this.memberIds.length;
    this.A = this.actorIds.length;
    this.T = Math.max(1, this.themeIndex.size);
    this.grid = new Int32Array(this.R * this.N).fill(-1);
    this.wished = new Int32Array(this.R * this.N).fill(-1);
    this.met = new Uint8Array(this.N * this.A);
    this.pair = new Uint8Array(this.N * this.N);
    this.themes = new Uint16Array(this.N * this.T);
    this.load = new Int32Array(this.A);
    this.seats = Array.from({ length: this.R }, () => Array.from({ length: this.A }, () => [] as number[]));
    kept.forEach((round, r) => {
      for (const table of round.tables) {
        const a = this.actorIndex.get(table.actorId)!;
        for (const id of table.memberIds) this.place(r, this.memberIndex.get(id)!, a);
      }
    });
    (request.previous ?? []).forEach((round, r) => {
      if (r < this.first || r >= this.R) return;
      for (const table of round.tables) {
        const a = this.actorIndex.get(table.actorId);
        if (a === undefined) continue;
        for (const id of table.memberIds) {
          const m = this.memberIndex.get(id);
          if (m !== undefined) this.wished[r * this.N + m] = a;
        }
      }
    });
  }

  run(): PlanRound[] {
    for (let r = this.first; r < this.R; r++) {
      this.buildRound(r);
      this.improve([r], 2);
    }
    const planned = Array.from({ length: this.R - this.first }, (_, i) => this.first + i);
    this.improve(planned, MAX_PASSES);
    return Array.from({ length: this.R }, (_, r) => (r < this.first ? this.request.kept![r]! : this.output(r)));
  }

  // ---- bookkeeping ----

  private place(r: number, m: number, a: number): void {
    const { N, A, T } = this;
    const table = this.seats[r]![a]!;
    if (table.length === 0) this.load[a]!++;
    for (const x of table) {
      this.pair[m * N + x]!++;
      this.pair[x * N + m]!++;
    }
    table.push(m);
    this.grid[r * N + m] = a;
    this.met[m * A + a]!++;
    const t = this.actorTheme[a]!;
    if (t >= 0) this.themes[m * T + t]!++;
  }

  private unplace(r: number, m: number): void {
    const { N, A, T } = this;
    const a = this.grid[r * N + m]!;
    if (a < 0) return;
    const table = this.seats[r]![a]!;
    table.splice(table.indexOf(m), 1);
    if (table.length === 0) this.load[a]!--;
    for (const x of table) {
      this.pair[m * N + x]!--;
      this.pair[x * N + m]!--;
    }
    this.grid[r * N + m] = -1;
    this.met[m * A + a]!--;
    const t = this.actorTheme[a]!;
    if (t >= 0) this.themes[m * T + t]!--;
  }

  /** m has not met a in any round (m sits elsewhere in the round being decided). */
  private canMeet(m: number, a: number): boolean {
    return this.met[m * this.A + a] === 0;
  }

  /**
   * Cost change of m joining a's table in round r, ignoring `skip` (a member about to leave it).
   * `from`: the table m leaves in the same step, whose theme then counts once less.
   */
  private joinCost(r: number, m: number, a: number, skip = -1, from = -1): number {
    const { N, T } = this;
    let cost = 0;
    for (const x of this.seats[r]![a]!) {
      if (x === skip) continue;
      const n = this.pair[m * N + x]!;
      cost += PLAN_WEIGHTS.pair * (repeatCost(n + 1) - repeatCost(n));
    }
    const t = this.actorTheme[a]!;
    if (t >= 0) {
      const n = this.themes[m * T + t]! - (from >= 0 && this.actorTheme[from] === t ? 1 : 0);
      cost += PLAN_WEIGHTS.theme * (repeatCost(n + 1) - repeatCost(n));
    }
    const wish = this.wished[r * N + m]!;
    if (wish >= 0 && wish !== a) cost += PLAN_WEIGHTS.keep;
    return cost;
  }

  /** Cost change of m leaving its table in round r (negative or zero). */
  private leaveCost(r: number, m: number): number {
    const { N, T } = this;
    const a = this.grid[r * N + m]!;
    let cost = 0;
    for (const x of this.seats[r]![a]!) {
      if (x === m) continue;
      const n = this.pair[m * N + x]!;
      cost += PLAN_WEIGHTS.pair * (repeatCost(n - 1) - repeatCost(n));
    }
    const t = this.actorTheme[a]!;
    if (t >= 0) {
      const n = this.themes[m * T + t]!;
      cost += PLAN_WEIGHTS.theme * (repeatCost(n - 1) - repeatCost(n));
    }
    const wish = this.wished[r * N + m]!;
    if (wish >= 0 && wish !== a) cost -= PLAN_WEIGHTS.keep;
    return cost;
  }

  // ---- one round ----

  private buildRound(r: number): void {
    const { N, min, max } = this;
    const members = this.placed;
    const k = tableCount(members.length, this.available.length, min, max);
    if (k === 0) return;

    // Anchors: where the replaced plan had a member, if that table can still be.
    const anchored = new Map<number, number[]>();
    for (const m of members) {
      const a = this.wished[r * N + m]!;
      if (a >= 0 && this.available.includes(a) && this.canMeet(m, a)) {
        if (!anchored.has(a)) anchored.set(a, []);
        anchored.get(a)!.push(m);
      }
    }

    // Actors this round: tables the old plan had first, then the least used actors, then those
    // most of the members can still meet; ties drawn at random.
    const reachable = (a: number) => members.reduce((n, m) => n + (this.canMeet(m, a) ? 1 : 0), 0);
    const ranked = this.available
      .map((a) => ({ a, anchors: anchored.get(a)?.length ?? 0, load: this.load[a]!, reach: reachable(a), draw: this.random() }))
      .filter((x) => x.reach > 0)
      .sort((x, y) => y.anchors - x.anchors || x.load - y.load || y.reach - x.reach || x.draw - y.draw);
    const chosen = ranked.slice(0, k).map((x) => x.a);

    // Target sizes: the members spread evenly over the chosen tables (the +1s drawn at random).
    const seats = Math.min(members.length, chosen.length * max);
    const target = new Map<number, number>();
    const base = Math.floor(seats / Math.max(1, chosen.length));
    const plusOne = new Set(shuffle(chosen.slice(), this.random).slice(0, seats - base * chosen.length));
    for (const a of chosen) target.set(a, base + (plusOne.has(a) ? 1 : 0));

    // Anchored members first, up to the table's maximum.
    const free: number[] = [];
    const chosenSet = new Set(chosen);
    for (const m of members) {
      const a = this.wished[r * N + m]!;
      if (a >= 0 && chosenSet.has(a) && anchored.get(a)?.includes(m) && this.seats[r]![a]!.length < max) this.place(r, m, a);
      else free.push(m);
    }

    // The others, the most constrained first: those left without a table before, then those with
    // the fewest tables they may still join.
    const missed = (m: number) => {
      let n = 0;
      for (let q = 0; q < r; q++) if (this.grid[q * N + m]! < 0) n++;
      return n;
    };
    const options = (m: number) => chosen.reduce((n, a) => n + (this.canMeet(m, a) ? 1 : 0), 0);
    const order = free.map((m) => ({ m, missed: missed(m), options: options(m), draw: this.random() })).sort((x, y) => y.missed - x.missed || x.options - y.options || x.draw - y.draw);
    const left: number[] = [];
    for (const { m } of order) {
      const best = this.bestTable(r, m, chosen, (a) => this.seats[r]![a]!.length < target.get(a)!) ?? this.bestTable(r, m, chosen, (a) => this.seats[r]![a]!.length < max);
      if (best === null) left.push(m);
      else this.place(r, m, best);
    }

    this.fillSmallTables(r, chosen, left);
    for (const m of left.slice()) {
      const best = this.bestTable(r, m, chosen, (a) => this.seats[r]![a]!.length > 0 && this.seats[r]![a]!.length < max);
      if (best !== null) {
        this.place(r, m, best);
        left.splice(left.indexOf(m), 1);
      }
    }
    this.shareWaiting(r, left, missed);
  }

  /**
   * When there are more members than seats, being left without a table goes round: a member left
   * out before takes the seat of one who never was (at a table they may still join).
   */
  private shareWaiting(r: number, left: number[], missed: (m: number) => number): void {
    const { N } = this;
    const seated = this.placed.filter((m) => this.grid[r * N + m]! >= 0);
    for (const m of left.slice().sort((x, y) => missed(y) - missed(x))) {
      const mine = missed(m);
      let pick = -1;
      let pickKey = Infinity;
      for (const x of seated) {
        const a = this.grid[r * N + x]!;
        if (a < 0 || missed(x) >= mine || !this.canMeet(m, a)) continue;
        const key = missed(x) * 1000 + this.joinCost(r, m, a, x);
        if (key < pickKey) {
          pickKey = key;
          pick = x;
        }
      }
      if (pick >= 0) {
        const a = this.grid[r * N + pick]!;
        this.unplace(r, pick);
        this.place(r, m, a);
        left.splice(left.indexOf(m), 1, pick);
        continue;
      }
      // Two steps: m takes y's seat, y takes the seat of x (who waits this round).
      chain: for (const x of seated) {
        const a = this.grid[r * N + x]!;
        if (a < 0 || missed(x) >= mine) continue;
        for (const y of seated) {
          if (--this.budget <= 0) return;
          const b = this.grid[r * N + y]!;
          if (y === x || b < 0 || b === a || !this.canMeet(m, b) || !this.canMeet(y, a)) continue;
          this.unplace(r, x);
          this.unplace(r, y);
          this.place(r, y, a);
          this.place(r, m, b);
          left.splice(left.indexOf(m), 1, x);
          break chain;
        }
      }
    }
  }

  private bestTable(r: number, m: number, tables: readonly number[], room: (a: number) => boolean): number | null {
    let best: number | null = null;
    let bestCost = Infinity;
    for (const a of tables) {
      if (!room(a) || !this.canMeet(m, a)) continue;
      // A tiny draw breaks ties without favouring the actors listed first.
      const cost = this.joinCost(r, m, a) + this.random() * 1e-3;
      if (cost < bestCost) {
        bestCost = cost;
        best = a;
      }
    }
    return best;
  }

  /**
   * Tables below the minimum take members from tables above it (or members left without a
   * table); a table that still cannot reach the minimum is closed and its members go to tables
   * with room.
   */
  private fillSmallTables(r: number, tables: readonly number[], left: number[]): void {
    const { min, max } = this;
    const size = (a: number) => this.seats[r]![a]!.length;
    for (const a of tables) {
      while (size(a) > 0 && size(a) < min) {
        const fromLeft = left.filter((m) => this.canMeet(m, a));
        if (fromLeft.length > 0) {
          const m = fromLeft.reduce((b, m) => (this.joinCost(r, m, a) < this.joinCost(r, b, a) ? m : b));
          left.splice(left.indexOf(m), 1);
          this.place(r, m, a);
          continue;
        }
        let pick: number | null = null;
        let pickCost = Infinity;
        for (const b of tables) {
          if (b === a || size(b) <= min) continue;
          for (const m of this.seats[r]![b]!) {
            if (!this.canMeet(m, a)) continue;
            const cost = this.leaveCost(r, m) + this.joinCost(r, m, a, -1, b);
            if (cost < pickCost) {
              pickCost = cost;
              pick = m;
            }
          }
        }
        if (pick === null) break;
        this.unplace(r, pick);
        this.place(r, pick, a);
      }
    }
    for (const a of tables) {
      if (size(a) === 0 || size(a) >= min) continue;
      // Close it only if every member finds a seat elsewhere: a small table beats no table.
      const members = this.seats[r]![a]!.slice();
      const others = tables.filter((b) => b !== a && size(b) >= min);
      const room = others.reduce((n, b) => n + Math.max(0, max - size(b)), 0);
      if (room < members.length || members.some((m) => !others.some((b) => this.canMeet(m, b)))) continue;
      const moved: number[] = [];
      for (const m of members) {
        this.unplace(r, m);
        const best = this.bestTable(r, m, others, (b) => size(b) < max);
        if (best === null) {
          this.place(r, m, a);
          break;
        }
        this.place(r, m, best);
        moved.push(m);
      }
      if (moved.length < members.length) {
        // Not everyone found a seat: put the table back as it was.
        for (const m of moved) {
          this.unplace(r, m);
          this.place(r, m, a);
        }
      }
    }
  }

  // ---- local improvement ----

  /** Moves (to a table with room) and swaps (between two tables) that lower the cost, until none does. */
  private improve(rounds: readonly number[], passes: number): void {
    const { N, min, max } = this;
    for (let pass = 0; pass < passes; pass++) {
      let improved = false;
      for (const r of rounds) {
        const tables = this.available.filter((a) => this.seats[r]![a]!.length > 0);
        const members = shuffle(this.placed.filter((m) => this.grid[r * N + m]! >= 0), this.random);
        for (const m1 of members) {
          if (this.budget <= 0) return;
          const a = this.grid[r * N + m1]!;
          const leave1 = this.leaveCost(r, m1);
          // Joining never lowers the cost: a step helps only if one of its members leaves a cost
          // behind. A swap where only m2 does is found when m2's turn comes.
          if (leave1 >= 0) continue;
          let best = -1e-9;
          let move: { b: number; m2: number } | null = null;
          for (const b of tables) {
            if (b === a || !this.canMeet(m1, b)) continue;
            const sizeA = this.seats[r]![a]!.length;
            const sizeB = this.seats[r]![b]!.length;
            if (sizeA > min && sizeB < max) {
              this.budget--;
              const delta = leave1 + this.joinCost(r, m1, b, -1, a);
              if (delta < best) {
                best = delta;
                move = { b, m2: -1 };
              }
            }
            for (const m2 of this.seats[r]![b]!) {
              if (!this.canMeet(m2, a)) continue;
              this.budget--;
              const delta = leave1 + this.joinCost(r, m1, b, m2, a) + this.leaveCost(r, m2) + this.joinCost(r, m2, a, m1, b);
              if (delta < best) {
                best = delta;
                move = { b, m2 };
              }
            }
          }
          if (!move) continue;
          improved = true;
          this.unplace(r, m1);
          if (move.m2 >= 0) {
            this.unplace(r, move.m2);
            this.place(r, move.m2, a);
          }
          this.place(r, m1, move.b);
        }
      }
      if (!improved) return;
    }
  }

  private output(r: number): PlanRound {
    const { N } = this;
    const tables: PlanTable[] = [];
    for (const a of this.available) {
      const seated = this.seats[r]![a]!;
      if (seated.length === 0) continue;
      tables.push({ actorId: this.actorIds[a]!, memberIds: seated.slice().sort((x, y) => x - y).map((m) => this.memberIds[m]!) });
    }
    const unassigned = this.placed.filter((m) => this.grid[r * N + m]! < 0).map((m) => this.memberIds[m]!);
    return { tables, unassigned };
  }
}

// ---------------------------------------------------------------------------------------------
// Quality report

export interface PlanQuality {
  rounds: number;
  /** Members the plan mentions (seated or left without a table in some round). */
  members: number;
  /** Actors with at least one table. */
  actorsUsed: number;
  /** Member-rounds at a table. */
  seats: number;
  unassigned: { total: number; members: number; byRound: number[] };
  /** (member, actor) meetings beyond the first: must be 0. */
  actorRepeats: number;
  /** Pairs of members who share a table more than once, and the most times one pair does. */
  pairRepeats: { pairs: number; max: number };
  /** Distinct themes each member meets (members with at least one table). */
  themes: { min: number; avg: number; max: number; repeats: number };
  tableSizes: { round: number; tables: number; min: number; max: number; below: number; above: number }[];
  /** Rounds each actor of `actors` hosts a table: min and max, for balance. */
  actorLoad: { min: number; max: number };
}

export function planQuality(rounds: readonly PlanRound[], themeOf: (actorId: string) => string, bounds: { minTable: number; maxTable: number }, actorIds: readonly string[] = []): PlanQuality {
  const members = new Set<string>();
  const metByMember = new Map<string, Set<string>>();
  const themesByMember = new Map<string, Map<string, number>>();
  const pairs = new Map<string, number>();
  const load = new Map<string, number>(actorIds.map((id) => [id, 0]));
  let actorRepeats = 0;
  let seats = 0;
  const unassignedMembers = new Set<string>();
  const byRound: number[] = [];
  const tableSizes: PlanQuality['tableSizes'] = [];
  rounds.forEach((round, r) => {
    byRound.push(round.unassigned.length);
    for (const id of round.unassigned) {
      members.add(id);
      unassignedMembers.add(id);
    }
    const sizes = round.tables.map((t) => t.memberIds.length).filter((n) => n > 0);
    tableSizes.push({
      round: r + 1,
      tables: sizes.length,
      min: sizes.length ? Math.min(...sizes) : 0,
      max: sizes.length ? Math.max(...sizes) : 0,
      below: sizes.filter((n) => n < bounds.minTable).length,
      above: sizes.filter((n) => n > bounds.maxTable).length,
    });
    for (const table of round.tables) {
      if (table.memberIds.length === 0) continue;
      load.set(table.actorId, (load.get(table.actorId) ?? 0) + 1);
      const theme = themeOf(table.actorId);
      table.memberIds.forEach((id, i) => {
        members.add(id);
        seats++;
        const met = metByMember.get(id) ?? new Set<string>();
        if (met.has(table.actorId)) actorRepeats++;
        met.add(table.actorId);
        metByMember.set(id, met);
        const themes = themesByMember.get(id) ?? new Map<string, number>();
        if (theme) themes.set(theme, (themes.get(theme) ?? 0) + 1);
        themesByMember.set(id, themes);
        for (const other of table.memberIds.slice(i + 1)) {
          const key = id < other ? `${id} ${other}` : `${other} ${id}`;
          pairs.set(key, (pairs.get(key) ?? 0) + 1);
        }
      });
    }
  });
  const repeated = [...pairs.values()].filter((n) => n > 1);
  const distinct = [...themesByMember.values()].map((m) => m.size);
  const themeRepeats = [...themesByMember.values()].reduce((sum, m) => sum + [...m.values()].reduce((s, n) => s + n - 1, 0), 0);
  const loads = [...load.values()];
  return {
    rounds: rounds.length,
    members: members.size,
    actorsUsed: [...load.values()].filter((n) => n > 0).length,
    seats,
    unassigned: { total: byRound.reduce((a, b) => a + b, 0), members: unassignedMembers.size, byRound },
    actorRepeats,
    pairRepeats: { pairs: repeated.length, max: repeated.length ? Math.max(...repeated) : pairs.size ? 1 : 0 },
    themes: {
      min: distinct.length ? Math.min(...distinct) : 0,
      avg: distinct.length ? Math.round((distinct.reduce((a, b) => a + b, 0) / distinct.length) * 100) / 100 : 0,
      max: distinct.length ? Math.max(...distinct) : 0,
      repeats: themeRepeats,
    },
    tableSizes,
    actorLoad: { min: loads.length ? Math.min(...loads) : 0, max: loads.length ? Math.max(...loads) : 0 },
  };
}
