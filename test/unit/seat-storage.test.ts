import { beforeEach, describe, expect, it } from 'vitest';
import { forgetToken, getSeat, SEATS_KEY, setSeat, storedSeats } from '../../client/lib/seat-storage.ts';

// The phone's seat, kept per convention (issue 12): the code of session 1 and the code of
// session 2 open the same seat, a worthless token is forgotten for every code, and a phone
// that kept seats in the older shape (one per session code) keeps them.

class MemoryStorage {
  private items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, String(value));
  removeItem = (key: string) => void this.items.delete(key);
  clear = () => this.items.clear();
}

const store = new MemoryStorage();
Object.defineProperty(globalThis, 'localStorage', { value: store, configurable: true });

beforeEach(() => store.clear());

describe('seat storage', () => {
  it('one seat per convention: a second code of the same token joins its codes; codes are read as typed', () => {
    setSeat('abc123', { token: 't1', memberId: 'm1' }, 'conv-a');
    setSeat('DEF456', { token: 't1', memberId: 'm1' }, 'conv-a');
    expect(getSeat(' abc123 ')).toEqual({ token: 't1', memberId: 'm1' });
    expect(getSeat('def456')).toEqual({ token: 't1', memberId: 'm1' });
    expect(storedSeats()).toEqual([{ token: 't1', memberId: 'm1' }]);
    expect(JSON.parse(store.getItem(SEATS_KEY)!)).toEqual({ 'conv-a': { token: 't1', memberId: 'm1', codes: ['ABC123', 'DEF456'] } });
  });

  it('a new token for the convention replaces its seat and forgets the old codes', () => {
    setSeat('ABC123', { token: 't1', memberId: 'm1' }, 'conv-a');
    setSeat('DEF456', { token: 't2', memberId: 'm2' }, 'conv-a');
    expect(getSeat('ABC123')).toBeNull();
    expect(getSeat('DEF456')).toEqual({ token: 't2', memberId: 'm2' });
  });

  it('seats of two conventions stay apart; forgetting a token forgets every code of its seat only', () => {
    setSeat('ABC123', { token: 't1', memberId: 'm1' }, 'conv-a');
    setSeat('DEF456', { token: 't1', memberId: 'm1' }, 'conv-a');
    setSeat('XYZ789', { token: 't9', memberId: 'm9' }, 'conv-b');
    // The codes of the seat forgotten come back: what else the phone kept per code goes with them.
    expect(forgetToken(getSeat('DEF456')!.token)).toEqual(['ABC123', 'DEF456']);
    expect(getSeat('ABC123')).toBeNull();
    expect(getSeat('XYZ789')).toEqual({ token: 't9', memberId: 'm9' });
    expect(forgetToken('t9')).toEqual(['XYZ789']);
    expect(store.getItem(SEATS_KEY)).toBeNull();
    expect(forgetToken('t9')).toEqual([]);
  });

  it('the older shape (one entry per session code) still opens its seat, and moves under its convention once joined again', () => {
    store.setItem(SEATS_KEY, JSON.stringify({ ABC123: { token: 't1', memberId: 'm1' }, DEF456: { token: 't1', memberId: 'm1' } }));
    expect(getSeat('abc123')).toEqual({ token: 't1', memberId: 'm1' });
    expect(storedSeats()).toEqual([{ token: 't1', memberId: 'm1' }]);
    setSeat('GHI789', { token: 't1', memberId: 'm1' }, 'conv-a');
    expect(JSON.parse(store.getItem(SEATS_KEY)!)).toEqual({ 'conv-a': { token: 't1', memberId: 'm1', codes: ['GHI789'] } });
  });

  it('a corrupt or foreign value never locks the phone out', () => {
    for (const raw of ['{', '[]', 'null', JSON.stringify({ A: { token: '', memberId: 'm' } })]) {
      store.setItem(SEATS_KEY, raw);
      expect(getSeat('A'), raw).toBeNull();
    }
  });
});
