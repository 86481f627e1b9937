import { describe, expect, it } from 'vitest';
import { planQuality, planSpeedMeeting, tableCount, themeKey, type PlanActor, type PlanRequest, type PlanRound } from '../../shared/features/speed/plan.ts';

// The speed-meeting rotation plan (shared/features/speed/plan.ts, docs/methods.md): hard rule (no
// actor met twice), table bounds, soft rules (themes, pair repeats), re-planning that keeps played
// rounds, and the time it takes on the real size (100 members, 50 actors, 6 rounds), printed.

const LEVERS = ['Agriculture et alimentation', 'Habitat, aménagement et urbanisme', 'Mobilité des personnes', 'Consommation, déchets et loisirs', 'Production d’énergie', 'Séquestration et captation du carbone', 'Action économique du territoire', 'Sensibilisation, éducation, gouvernance', 'Formation et emploi'];

const members = (n: number, prefix = 'm') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
const actors = (n: number, themes = LEVERS): PlanActor[] => Array.from({ length: n }, (_, i) => ({ id: `a${String(i).padStart(2, '0')}`, theme: themeKey(themes[i % themes.length]!) }));

function quality(rounds: PlanRound[], list: PlanActor[], min = 3, max = 6) {
  const themes = new Map(list.map((a) => [a.id, a.theme]));
  return planQuality(rounds, (id) => themes.get(id) ?? '', { minTable: min, maxTable: max }, list.map((a) => a.id));
}

/** Every member sits at most once per round, and only at a listed actor's table. */
function expectWellFormed(rounds: PlanRound[], request: Pick<PlanRequest, 'memberIds' | 'actors'>) {
  const actorIds = new Set(request.actors.map((a) => a.id));
  for (const round of rounds) {
    const seen = new Set<string>();
    for (const table of round.tables) {
      expect(actorIds.has(table.actorId)).toBe(true);
      for (const id of table.memberIds) {
        expect(seen.has(id), `${id} twice in a round`).toBe(false);
        seen.add(id);
      }
    }
    for (const id of round.unassigned) {
      expect(seen.has(id)).toBe(false);
      seen.add(id);
    }
    expect([...seen].sort()).toEqual([...request.memberIds].sort());
  }
}

describe('tableCount', () => {
  it.each([
    // members, actors, min, max → tables
    [100, 50, 3, 6, 33],
    [100, 20, 3, 6, 20],
    [100, 50, 4, 6, 25],
    [400, 50, 3, 6, 50],
    [2, 5, 3, 6, 1],
    [3, 5, 3, 6, 1],
    [7, 5, 4, 5, 2],
    [0, 5, 3, 6, 0],
    [10, 0, 3, 6, 0],
  ])('%i members, %i actors, tables of %i-%i: %i tables', (m, a, min, max, expected) => {
    expect(tableCount(m, a, min, max)).toBe(expected);
  });
});

describe('rotation plan on the real size: 100 members × 50 actors × 6 rounds', () => {
  it('never repeats an actor, keeps tables within 3-6, covers 6 themes each, hardly repeats a pair, and is fast', () => {
    const list = actors(50);
    const request: PlanRequest = { memberIds: members(100), actors: list, rounds: 6, minTable: 3, maxTable: 6, seed: 20220618 };
    planSpeedMeeting({ ...request, seed: 1 }); // warm-up, so the timing below is the algorithm's
    const started = performance.now();
    const rounds = planSpeedMeeting(request);
    const ms = performance.now() - started;
    const q = quality(rounds, list);
    console.log(
      `[speed plan] 100×50×6 in ${ms.toFixed(1)} ms: actor repeats ${q.actorRepeats}, pair repeats ${q.pairRepeats.pairs} (max ${q.pairRepeats.max}×), ` +
        `themes per member min ${q.themes.min} avg ${q.themes.avg}, tables ${q.tableSizes.map((t) => `${t.tables}×${t.min}-${t.max}`).join(' ')}, ` +
        `unassigned ${q.unassigned.total}, actor load ${q.actorLoad.min}-${q.actorLoad.max} rounds`,
    );
    expectWellFormed(rounds, request);
    expect(rounds).toHaveLength(6);
    expect(q.actorRepeats).toBe(0);
    expect(q.unassigned.total).toBe(0);
    for (const t of q.tableSizes) {
      expect(t.below).toBe(0);
      expect(t.above).toBe(0);
      expect(t.min).toBeGreaterThanOrEqual(3);
      expect(t.max).toBeLessThanOrEqual(6);
    }
    // Measured: 0 pair repeats, 6 distinct themes for every member (9 levers, 6 rounds).
    expect(q.pairRepeats.pairs).toBeLessThanOrEqual(2);
    expect(q.pairRepeats.max).toBeLessThanOrEqual(2);
    expect(q.themes.min).toBeGreaterThanOrEqual(5);
    expect(q.themes.avg).toBeGreaterThanOrEqual(5.9);
    // Every actor hosts 3 or 4 of the 6 rounds.
    expect(q.actorLoad.max - q.actorLoad.min).toBeLessThanOrEqual(1);
    expect(q.actorsUsed).toBe(50);
  });

  it('is deterministic: the same request and seed give the same plan; another seed another plan', () => {
    const request: PlanRequest = { memberIds: members(100), actors: actors(50), rounds: 6, minTable: 3, maxTable: 6, seed: 7 };
    expect(planSpeedMeeting(request)).toEqual(planSpeedMeeting(request));
    expect(planSpeedMeeting({ ...request, seed: 8 })).not.toEqual(planSpeedMeeting(request));
  });

  it.each([1, 2, 3, 4, 5])('holds its bounds whatever the seed (seed %i)', (seed) => {
    const list = actors(50);
    const rounds = planSpeedMeeting({ memberIds: members(100), actors: list, rounds: 6, minTable: 3, maxTable: 6, seed });
    const q = quality(rounds, list);
    expect(q.actorRepeats).toBe(0);
    expect(q.tableSizes.every((t) => t.below === 0 && t.above === 0)).toBe(true);
    expect(q.pairRepeats.pairs).toBeLessThanOrEqual(2);
    expect(q.themes.min).toBeGreaterThanOrEqual(5);
  });
});

describe('rotation plan: edge cases', () => {
  it('fewer members than 3 per actor: some actors wait, tables stay within bounds', () => {
    const list = actors(50);
    const rounds = planSpeedMeeting({ memberIds: members(20), actors: list, rounds: 6, minTable: 3, maxTable: 6, seed: 3 });
    const q = quality(rounds, list);
    expect(q.tableSizes.map((t) => t.tables)).toEqual([6, 6, 6, 6, 6, 6]);
    expect(q.tableSizes.every((t) => t.min >= 3 && t.max <= 6)).toBe(true);
    expect(q.actorRepeats).toBe(0);
    expect(q.unassigned.total).toBe(0);
    // Load is spread: no actor hosts twice before the others hosted once (36 tables over 50 actors).
    expect(q.actorLoad.max).toBe(1);
  });

  it('more members than 6 per actor: the extra members are reported unassigned, each round someone else', () => {
    const list = actors(10);
    const rounds = planSpeedMeeting({ memberIds: members(80), actors: list, rounds: 4, minTable: 3, maxTable: 6, seed: 4 });
    const q = quality(rounds, list);
    expect(q.unassigned.byRound).toEqual([20, 20, 20, 20]);
    expect(q.tableSizes.every((t) => t.tables === 10 && t.min === 6 && t.max === 6)).toBe(true);
    // Fairness: 80 left-out places over 80 members, nobody left out twice.
    const counts = new Map<string, number>();
    for (const round of rounds) for (const id of round.unassigned) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBe(1);
    expect(q.actorRepeats).toBe(0);
  });

  it('one round: everybody at a table', () => {
    const list = actors(50);
    const rounds = planSpeedMeeting({ memberIds: members(100), actors: list, rounds: 1, minTable: 3, maxTable: 6, seed: 5 });
    expect(rounds).toHaveLength(1);
    expect(rounds[0]!.unassigned).toEqual([]);
    expect(rounds[0]!.tables.reduce((n, t) => n + t.memberIds.length, 0)).toBe(100);
  });

  it('more rounds than actors: a member never meets an actor twice, so the last round leaves them out', () => {
    const list = actors(3);
    const rounds = planSpeedMeeting({ memberIds: members(10), actors: list, rounds: 4, minTable: 3, maxTable: 6, seed: 6 });
    const q = quality(rounds, list);
    expect(q.actorRepeats).toBe(0);
    expect(q.unassigned.byRound).toEqual([0, 0, 0, 10]);
  });

  it('fewer members than a table’s minimum: one table, reported below the minimum', () => {
    const list = actors(5);
    const rounds = planSpeedMeeting({ memberIds: members(2), actors: list, rounds: 2, minTable: 3, maxTable: 6, seed: 7 });
    const q = quality(rounds, list);
    expect(q.tableSizes.map((t) => [t.tables, t.below])).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(q.actorRepeats).toBe(0);
  });

  it('no member or no actor: empty rounds', () => {
    expect(planSpeedMeeting({ memberIds: [], actors: actors(3), rounds: 2, minTable: 3, maxTable: 6, seed: 1 })).toEqual([
      { tables: [], unassigned: [] },
      { tables: [], unassigned: [] },
    ]);
    expect(planSpeedMeeting({ memberIds: members(4), actors: [], rounds: 1, minTable: 3, maxTable: 6, seed: 1 })).toEqual([{ tables: [], unassigned: members(4) }]);
  });

  it('few themes: repeats are unavoidable but spread (30 members, 10 actors, 3 themes, 6 rounds)', () => {
    const list = actors(10, ['Énergie', 'Mobilité', 'Alimentation']);
    const rounds = planSpeedMeeting({ memberIds: members(30), actors: list, rounds: 6, minTable: 3, maxTable: 6, seed: 8 });
    const q = quality(rounds, list);
    expect(q.themes.min).toBe(3);
    expect(q.actorRepeats).toBe(0);
  });
});

describe('re-planning the rounds still to come', () => {
  const list = actors(50);
  const all = members(100);
  const first = planSpeedMeeting({ memberIds: all, actors: list, rounds: 6, minTable: 3, maxTable: 6, seed: 11 });
  // Round 3 is about to start: ten members left, three arrived late, five actors left.
  const now = [...all.filter((_, i) => i % 10 !== 0), 'late1', 'late2', 'late3'];
  const remaining = list.slice(0, 45);
  const kept = first.slice(0, 2);
  const again = planSpeedMeeting({ memberIds: now, actors: remaining, otherThemes: Object.fromEntries(list.map((a) => [a.id, a.theme])), rounds: 6, minTable: 3, maxTable: 6, seed: 12, kept, previous: first });

  it('keeps the played rounds exactly, and plans the others for who is there now', () => {
    expect(again.slice(0, 2)).toEqual(kept);
    for (const round of again.slice(2)) {
      const seated = round.tables.flatMap((t) => t.memberIds).concat(round.unassigned);
      expect(seated.sort()).toEqual([...now].sort());
      expect(round.tables.every((t) => remaining.some((a) => a.id === t.actorId))).toBe(true);
    }
  });

  it('keeps the hard rule across played and re-planned rounds, and the table bounds', () => {
    const q = quality(again, list);
    expect(q.actorRepeats).toBe(0);
    expect(q.tableSizes.every((t) => t.below === 0 && t.above === 0)).toBe(true);
    expect(q.unassigned.total).toBe(0);
  });

  it('changes few seats: most members keep the table their phone already shows', () => {
    const where = (rounds: PlanRound[], r: number) => new Map(rounds[r]!.tables.flatMap((t) => t.memberIds.map((id) => [id, t.actorId] as const)));
    let changed = 0;
    let stayed = 0;
    for (let r = 2; r < 6; r++) {
      const before = where(first, r);
      const after = where(again, r);
      for (const id of now) {
        if (!before.has(id)) continue;
        if (before.get(id) === after.get(id)) stayed++;
        else changed++;
      }
    }
    console.log(`[speed plan] re-plan from round 3 (10 left, 3 arrived, 5 actors gone): ${changed} seats changed, ${stayed} kept`);
    expect(changed / (changed + stayed)).toBeLessThan(0.3);
  });
});

describe('planQuality', () => {
  it('counts pair repeats, actor repeats, themes, sizes and unassigned members from a hand-made plan', () => {
    const rounds: PlanRound[] = [
      { tables: [{ actorId: 'x', memberIds: ['a', 'b', 'c'] }, { actorId: 'y', memberIds: ['d', 'e'] }], unassigned: ['f'] },
      { tables: [{ actorId: 'y', memberIds: ['a', 'b', 'c', 'f'] }, { actorId: 'x', memberIds: ['d'] }], unassigned: [] },
      { tables: [{ actorId: 'x', memberIds: ['a', 'b', 'e'] }], unassigned: ['c'] },
    ];
    const q = planQuality(rounds, (id) => (id === 'x' ? 'energie' : 'mobilite'), { minTable: 2, maxTable: 3 }, ['x', 'y', 'z']);
    expect(q.members).toBe(6);
    expect(q.actorRepeats).toBe(2); // a and b meet x twice
    expect(q.pairRepeats).toEqual({ pairs: 3, max: 3 }); // a-b three times, a-c and b-c twice
    expect(q.unassigned).toEqual({ total: 2, members: 2, byRound: [1, 0, 1] });
    expect(q.tableSizes[1]).toEqual({ round: 2, tables: 2, min: 1, max: 4, below: 1, above: 1 });
    expect(q.themes.min).toBe(1);
    expect(q.themes.max).toBe(2);
    expect(q.actorLoad).toEqual({ min: 0, max: 3 });
  });
});
