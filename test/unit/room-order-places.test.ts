import { describe, expect, it } from 'vitest';
import { groupPlaces } from '../../client/views/member/ranking-order.ts';

// The phone writes the room's order from the server's Schulze groups: places only, no counting.
describe('groupPlaces', () => {
  it.each([
    { groups: [['a'], ['b'], ['c']], places: [['a', 1, false], ['b', 2, false], ['c', 3, false]] },
    { groups: [['a'], ['b', 'c'], ['d']], places: [['a', 1, false], ['b', 2, true], ['c', 2, true], ['d', 4, false]] },
    { groups: [['a', 'b', 'c']], places: [['a', 1, true], ['b', 1, true], ['c', 1, true]] },
    { groups: [], places: [] },
  ])('$groups', ({ groups, places }) => {
    expect(groupPlaces(groups).map((row) => [row.leverId, row.place, row.tied])).toEqual(places);
  });
});
