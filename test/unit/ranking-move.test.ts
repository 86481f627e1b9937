import { describe, expect, it } from 'vitest';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { command, must, roomFixture, run } from '../helpers/domain-fixtures.ts';

// Issue 18, item 4: `ranking.move` always acks with the order's version (a move that changes
// nothing too), and `fromIndex` means the same on every version: where the lever is.

function tablesPhase(): { conv: Convention; activityId: string; mover: Actor; order: string[] } {
  let conv = roomFixture();
  const sessionId = conv.sessionOrder[0]!;
  conv = must(conv, command('ranking.create', { sessionId, title: 'Priorisation', tableIds: [], silentRound: false }));
  const activityId = Object.keys(conv.activities).at(-1)!;
  conv = must(conv, command('ranking.open', { activityId }));
  const table = conv.sessions[sessionId]!.tables[0]!;
  const mover: Actor = { role: 'member', conventionId: conv.id, memberId: table.memberIds[0]! };
  const activity = conv.activities[activityId]!;
  expect(activity.phase).toBe('tables');
  return { conv, activityId, mover, order: activity.tables[table.id]!.order };
}

const versionOf = (conv: Convention, activityId: string, mover: Actor): number => {
  const activity = conv.activities[activityId]!;
  const tableId = activity.tableIds.find((id) => conv.sessions[activity.sessionId]!.tables.find((t) => t.id === id)?.memberIds.includes((mover as { memberId: string }).memberId))!;
  return activity.tables[tableId]!.version;
};

describe('ranking.move', () => {
  it('acks a move with the new version', () => {
    const { conv, activityId, mover, order } = tablesPhase();
    const moved = run(conv, command('ranking.move', { activityId, leverId: order[2]!, fromIndex: 2, toIndex: 0, baseVersion: 0 }), mover);
    expect(moved.error).toBeNull();
    expect(moved.data).toEqual({ version: 1 });
    expect(versionOf(moved.state, activityId, mover)).toBe(1);
  });

  it('acks a move that changes nothing with the current version, and records nothing', () => {
    const { conv, activityId, mover, order } = tablesPhase();
    const first = must(conv, command('ranking.move', { activityId, leverId: order[3]!, fromIndex: 3, toIndex: 1, baseVersion: 0 }), mover);
    const stay = run(first, command('ranking.move', { activityId, leverId: order[3]!, fromIndex: 1, toIndex: 1, baseVersion: 1 }), mover);
    expect(stay.error).toBeNull();
    expect(stay.events).toEqual([]);
    expect(stay.data).toEqual({ version: 1 });
    // The same on a stale base where the lever has not moved since.
    const staleStay = run(first, command('ranking.move', { activityId, leverId: order[0]!, fromIndex: 0, toIndex: 0, baseVersion: 0 }), mover);
    expect(staleStay.error).toBeNull();
    expect(staleStay.data).toEqual({ version: 1 });
  });

  it('refuses, on the current version, a fromIndex that is not where the lever is, with the current order', () => {
    const { conv, activityId, mover, order } = tablesPhase();
    const wrong = run(conv, command('ranking.move', { activityId, leverId: order[4]!, fromIndex: 6, toIndex: 0, baseVersion: 0 }), mover);
    expect(wrong.error?.code).toBe('INVALID_RANKING');
    expect(wrong.error?.details).toEqual({ order, version: 0 });
    expect(wrong.state).toBe(conv);
    // A no-op is checked the same way: the lever is not at fromIndex.
    const wrongStay = run(conv, command('ranking.move', { activityId, leverId: order[4]!, fromIndex: 6, toIndex: 4, baseVersion: 0 }), mover);
    expect(wrongStay.error?.code).toBe('INVALID_RANKING');
  });

  it('rebases a stale move when the lever is still at fromIndex, refuses it with CONFLICT otherwise', () => {
    const { conv, activityId, mover, order } = tablesPhase();
    const after = must(conv, command('ranking.move', { activityId, leverId: order[8]!, fromIndex: 8, toIndex: 0, baseVersion: 0 }), mover);
    // order[0] moved to 1 since version 0.
    const conflict = run(after, command('ranking.move', { activityId, leverId: order[0]!, fromIndex: 0, toIndex: 5, baseVersion: 0 }), mover);
    expect(conflict.error?.code).toBe('CONFLICT');
    expect(conflict.error?.details).toEqual({ order: [order[8], ...order.slice(0, 8)], version: 1 });
    // order[4] is now at 5; a stale move saying so is rebased.
    const rebased = run(after, command('ranking.move', { activityId, leverId: order[4]!, fromIndex: 5, toIndex: 1, baseVersion: 0 }), mover);
    expect(rebased.error).toBeNull();
    expect(rebased.data).toEqual({ version: 2 });
  });
});
