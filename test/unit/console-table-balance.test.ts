import { describe, expect, it } from 'vitest';
import { balanceLine, suggestedTableCount, tableBalance } from '../../client/views/console/table-balance.ts';

// After a random deal balanced on an attribute, the console reports each table's counts per
// value ("Table 1 : 2 Femme, 1 Homme"), computed from the console view's members and tables.

const member = (id: string, attributes: Record<string, string>) => ({ id, attributes });

describe('tableBalance', () => {
  const members = [
    member('m1', { gender: 'Homme', ageBracket: '16-24 ans' }),
    member('m2', { gender: 'Femme', ageBracket: '65 ans et +' }),
    member('m3', { gender: 'Femme', ageBracket: '16-24 ans' }),
    member('m4', { gender: 'Homme' }),
    member('m5', { gender: 'Femme', ageBracket: '35-49 ans' }),
  ];
  const tables = [
    { id: 't1', name: 'Table 1', memberIds: ['m1', 'm2', 'm3'] },
    { id: 't2', name: 'Table 2', memberIds: ['m4', 'm5'] },
    { id: 't3', name: 'Table 3', memberIds: [] },
  ];

  it('counts each value per table, every value in the same order, zeros included', () => {
    expect(tableBalance(tables, members, 'gender')).toEqual([
      { tableId: 't1', name: 'Table 1', total: 3, counts: [{ value: 'Femme', count: 2 }, { value: 'Homme', count: 1 }] },
      { tableId: 't2', name: 'Table 2', total: 2, counts: [{ value: 'Femme', count: 1 }, { value: 'Homme', count: 1 }] },
      { tableId: 't3', name: 'Table 3', total: 0, counts: [{ value: 'Femme', count: 0 }, { value: 'Homme', count: 0 }] },
    ]);
  });

  it('puts members without the attribute (or unknown ones) last, under the given word', () => {
    const [t1, t2] = tableBalance([...tables, { id: 't4', name: 'Table 4', memberIds: ['gone'] }], members, 'ageBracket', 'non renseigné');
    expect(t1!.counts.map((c) => c.value)).toEqual(['16-24 ans', '35-49 ans', '65 ans et +', 'non renseigné']);
    expect(balanceLine(t1!)).toBe('2 16-24 ans, 1 65 ans et +');
    expect(balanceLine(t2!)).toBe('1 35-49 ans, 1 non renseigné');
  });

  it('reads as "3 F, 2 H"', () => {
    const people = ['F', 'F', 'H', 'F', 'H'].map((g, i) => member(`p${i}`, { gender: g }));
    const [line] = tableBalance([{ id: 't', name: 'Table 3', memberIds: people.map((p) => p.id) }], people, 'gender');
    expect(balanceLine(line!)).toBe('3 F, 2 H');
  });
});

describe('suggestedTableCount', () => {
  it.each([
    [0, 0, 1],
    [0, 100, 17],
    [24, 100, 4],
    [25, 100, 5],
    [3, 100, 1],
    [0, 1000, 60],
  ])('present %i, active %i -> %i tables', (present, active, expected) => {
    expect(suggestedTableCount(present, active, 60)).toBe(expected);
  });

  // Groups of about twenty round to the nearest: 105 people make 5 groups of 21, not 6 of 17 or 18.
  it.each([
    [0, 0, 1],
    [0, 100, 5],
    [105, 120, 5],
    [83, 120, 4],
    [9, 100, 1],
  ])('groups: present %i, active %i -> %i groups', (present, active, expected) => {
    expect(suggestedTableCount(present, active, 60, 20, Math.round)).toBe(expected);
  });
});
