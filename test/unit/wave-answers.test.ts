import { beforeEach, describe, expect, it } from 'vitest';
import type { PublicView } from '../../shared/views/member-views.ts';
import type { CheckView } from '../../shared/features/deliberation/views.ts';
import { forgetClosedSecrets } from '../../client/views/member/closed-secrets.ts';
import { forgetSeatOnPhone } from '../../client/views/member/forget-phone.ts';
import { waveAnswersKey } from '../../client/views/member/secret-choices.ts';
import { keepWaveAnswer, keptWaveAnswer } from '../../client/views/member/wave-answers.ts';

// Issue 17, item 4: a consensus answer of a series' wave with transitions is the one secret a
// phone keeps after its check closes, to send with the next wave's answer; it lets go when the
// series' last wave closes (the room's view no longer lists the check in `waves.keep`), on
// "Quitter ce téléphone" and when the convention is archived (forgetSeatOnPhone).

class BrowserStorage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key = (i: number) => [...this.items.keys()][i] ?? null;
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, String(value));
  removeItem = (key: string) => void this.items.delete(key);
  clear = () => this.items.clear();
}

const local = new BrowserStorage();
Object.defineProperty(globalThis, 'localStorage', { value: local, configurable: true });
Object.defineProperty(globalThis, 'sessionStorage', { value: new BrowserStorage(), configurable: true });
beforeEach(() => local.clear());

const check = (id: string, status: CheckView['status']) => ({ id, status }) as CheckView;
function room(keep: string[], checks: CheckView[] = []): PublicView {
  return { votes: [], poll: null, deliberation: { checks, gradings: [] }, waves: { keep, asked: {} } } as unknown as PublicView;
}
const phone = (view: PublicView) => ({ public: view, pending: [], dropPending: () => {} });

describe('answers kept for the next wave', () => {
  it('keeps a level and "Je ne sais pas", and tells a kept nothing from no answer', () => {
    keepWaveAnswer('m1', 'c1', 'p1', 3);
    keepWaveAnswer('m1', 'c1', 'p2', null);
    expect(keptWaveAnswer('m1', 'c1', 'p1')).toBe(3);
    expect(keptWaveAnswer('m1', 'c1', 'p2')).toBeNull();
    expect(keptWaveAnswer('m1', 'c1', 'p3')).toBeUndefined();
    expect(keptWaveAnswer('m2', 'c1', 'p1')).toBeUndefined();
  });

  it('stay while listed in waves.keep or open, go once the series’ last wave closes', () => {
    keepWaveAnswer('m1', 'c1', 'p1', 0);
    keepWaveAnswer('m1', 'c2', 'p1', 1);
    forgetClosedSecrets(phone(room(['c1'], [check('c2', 'open')])), 'm1');
    expect([keptWaveAnswer('m1', 'c1', 'p1'), keptWaveAnswer('m1', 'c2', 'p1')]).toEqual([0, 1]);
    // c2 closes and is not kept (its series' last wave): it goes; c1 is still listed.
    forgetClosedSecrets(phone(room(['c1'], [check('c2', 'closed')])), 'm1');
    expect([keptWaveAnswer('m1', 'c1', 'p1'), keptWaveAnswer('m1', 'c2', 'p1')]).toEqual([0, undefined]);
    // The series' last wave closed: nothing is kept, not even an empty key.
    forgetClosedSecrets(phone(room([])), 'm1');
    expect(local.getItem(waveAnswersKey('m1'))).toBeNull();
  });

  it('go with the seat when the phone is left', () => {
    keepWaveAnswer('m1', 'c1', 'p1', 2);
    keepWaveAnswer('m9', 'c1', 'p1', 2);
    forgetSeatOnPhone({ token: 't', memberId: 'm1' } as never, 'ABCDEF');
    expect(keptWaveAnswer('m1', 'c1', 'p1')).toBeUndefined();
    // Another seat's (another convention on the same phone) stays.
    expect(keptWaveAnswer('m9', 'c1', 'p1')).toBe(2);
  });
});
