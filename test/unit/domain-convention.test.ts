import { describe, expect, it } from 'vitest';
import { seededContext } from '../../shared/domain/context.ts';
import { createConvention as decideCreateConvention, DEFAULT_LEVER_TITLES } from '../../shared/features/core/convention.ts';
import { type Command, evolve } from '../../shared/registry.ts';
import type { Convention } from '../../shared/domain/types.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import { LIMITS } from '../../shared/limits.ts';
import { command, createConvention, deepFreeze, KEYS, run } from '../helpers/domain-fixtures.ts';

const titles = (conv: Convention) => conv.levers.map((l) => l.title);

describe('createConvention', () => {
  it('creates the convention with the default levers, ids and clock from the context', () => {
    const ctx = seededContext(42);
    const decision = decideCreateConvention({ name: 'CCC', keys: KEYS }, ctx);
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(decision.events).toHaveLength(1);
    const event = decision.events[0]!;
    expect(event).toMatchObject({ type: 'ConventionCreated', name: 'CCC', keys: KEYS, createdAt: Date.UTC(2026, 0, 1) + 1000 });
    if (event.type !== 'ConventionCreated') return;
    expect(decision.data).toEqual({ conventionId: event.id });
    expect(event.levers.map((l) => l.title)).toEqual([...DEFAULT_LEVER_TITLES]);
    expect(new Set([event.id, ...event.levers.map((l) => l.id)]).size).toBe(1 + DEFAULT_LEVER_TITLES.length);

    const state = evolve(undefined, event);
    expect(state).toMatchObject({ id: event.id, name: 'CCC', createdAt: event.createdAt, keys: KEYS, levers: event.levers, liveSessionId: null });
    expect([state.members, state.memberOrder, state.sessions, state.sessionOrder]).toEqual([{}, [], {}, []]);
  });

  it('takes custom levers', () => {
    expect(titles(createConvention({ levers: ['Eau', 'Air'] }))).toEqual(['Eau', 'Air']);
  });

  it('is deterministic for a seed', () => {
    expect(createConvention({ seed: 7 })).toStrictEqual(createConvention({ seed: 7 }));
    expect(createConvention({ seed: 7 }).id).not.toBe(createConvention({ seed: 8 }).id);
  });

  it('evolve refuses any other event before ConventionCreated', () => {
    expect(() => evolve(undefined, { type: 'ConventionRenamed', name: 'x' })).toThrow(/before ConventionCreated/);
  });
});

// [case, levers of the convention, command builder (lever ids by index), expected titles after]
type LeverCase = [string, string[], (ids: string[]) => Command, string[]];

describe('levers: happy paths', () => {
  const cases: LeverCase[] = [
    ['add appends', ['A', 'B'], () => command('lever.add', { title: '  C  ' }), ['A', 'B', 'C']],
    ['rename keeps the order', ['A', 'B', 'C'], (ids) => command('lever.rename', { leverId: ids[1]!, title: 'Bee' }), ['A', 'Bee', 'C']],
    ['remove', ['A', 'B', 'C'], (ids) => command('lever.remove', { leverId: ids[0]! }), ['B', 'C']],
    ['move to the front', ['A', 'B', 'C'], (ids) => command('lever.move', { leverId: ids[2]!, index: 0 }), ['C', 'A', 'B']],
    ['move to the end', ['A', 'B', 'C'], (ids) => command('lever.move', { leverId: ids[0]!, index: 2 }), ['B', 'C', 'A']],
    ['move past the end clamps', ['A', 'B', 'C'], (ids) => command('lever.move', { leverId: ids[0]!, index: 30 }), ['B', 'C', 'A']],
    ['move in place', ['A', 'B', 'C'], (ids) => command('lever.move', { leverId: ids[1]!, index: 1 }), ['A', 'B', 'C']],
  ];

  it.each(cases)('%s', (_name, levers, build, expected) => {
    const conv = deepFreeze(createConvention({ levers }));
    const { events, state, error } = run(conv, build(conv.levers.map((l) => l.id)));
    expect(error).toBeNull();
    expect(events).toEqual([{ type: 'LeversSet', levers: state.levers }]);
    expect(titles(state)).toEqual(expected);
    // Untouched levers keep their identity.
    for (const lever of state.levers) {
      const before = conv.levers.find((l) => l.id === lever.id);
      if (before && before.title === lever.title) expect(lever).toBe(before);
    }
  });

  it('add answers the new lever id', () => {
    const conv = createConvention({ levers: ['A'] });
    const { data, state } = run(conv, command('lever.add', { title: 'B' }));
    expect(data).toEqual({ leverId: state.levers[1]!.id });
  });

  it('convention.rename', () => {
    const conv = createConvention();
    const { events, state } = run(conv, command('convention.rename', { name: ' Grenoble 2026 ' }));
    expect(events).toEqual([{ type: 'ConventionRenamed', name: 'Grenoble 2026' }]);
    expect(state).toStrictEqual({ ...conv, name: 'Grenoble 2026' });
    expect(state.levers).toBe(conv.levers);
  });
});

// [case, levers count, command builder, error code, details]
type RefusalCase = [string, number, (ids: string[]) => Command, ErrorCode, Record<string, unknown> | undefined];

describe('levers: refusals leave the state untouched', () => {
  const cases: RefusalCase[] = [
    ['rename unknown', 3, () => command('lever.rename', { leverId: 'nope', title: 'x' }), 'NOT_FOUND', { entity: 'lever' }],
    ['remove unknown', 3, () => command('lever.remove', { leverId: 'nope' }), 'NOT_FOUND', { entity: 'lever' }],
    ['move unknown', 3, () => command('lever.move', { leverId: 'nope', index: 0 }), 'NOT_FOUND', { entity: 'lever' }],
    ['remove the last lever', 1, (ids) => command('lever.remove', { leverId: ids[0]! }), 'LAST_LEVER', undefined],
    ['add beyond the limit', LIMITS.leversMax, () => command('lever.add', { title: 'one too many' }), 'LIMIT_REACHED', { limit: LIMITS.leversMax }],
  ];

  it.each(cases)('%s -> %s', (_name, count, build, code, details) => {
    const conv = deepFreeze(createConvention({ levers: Array.from({ length: count }, (_, i) => `L${i}`) }));
    const snapshot = structuredClone(conv);
    const { error, events, state } = run(conv, build(conv.levers.map((l) => l.id)));
    expect(error?.code).toBe(code);
    expect(error?.details).toEqual(details);
    expect(events).toEqual([]);
    expect(state).toBe(conv);
    expect(conv).toStrictEqual(snapshot);
  });

  it('the limit is reached exactly at leversMax', () => {
    const conv = createConvention({ levers: Array.from({ length: LIMITS.leversMax - 1 }, (_, i) => `L${i}`) });
    const { state, error } = run(conv, command('lever.add', { title: 'last one' }));
    expect(error).toBeNull();
    expect(state.levers).toHaveLength(LIMITS.leversMax);
    expect(run(state, command('lever.add', { title: 'too many' })).error?.code).toBe('LIMIT_REACHED');
  });
});
