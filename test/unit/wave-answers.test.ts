import { beforeEach, describe, expect, it } from 'vitest';
import type { PublicView } from '../../shared/views/member-views.ts';
import type { CheckView } from '../../shared/features/deliberation/views.ts';
import { forgetClosedSecrets } from '../../client/views/member/closed-secrets.ts';
import { forgetSeatOnPhone } from '../../client/views/member/forget-phone.ts';
import { waveAnswersKey } from '../../client/views/member/secret-choices.ts';
import { keepWaveAnswer, keptWaveAnswer } from '../../client/views/member/wave-answers.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { phoneWaves } from '../../shared/features/series/views.ts';
import { command, must, roomFixture, run } from '../helpers/domain-fixtures.ts';

// Issue 17, item 4: a consensus answer of a series' wave with transitions is the one secret a
// phone keeps after its check closes, to send with the next wave's answer; it lets go when the
// series' next wave closes (the room's view no longer lists the check in `waves.keep`), on
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

  it('stay while listed in waves.keep or open, go once no longer listed', () => {
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

  it('each wave’s answer stays only until the next wave closes, as the server lists them', () => {
    // Three waves of a check with transitions, prepared before the first opens.
    let conv: Convention = roomFixture();
    conv = must(conv, command('proposal.enter', { title: 'Bus gratuits', text: 'Le week-end.', leverId: conv.levers[0]!.id, channel: 'paper', reference: '', authorIds: [], receivedAt: null }));
    const proposalId = Object.keys(conv.proposals)[0]!;
    const created = run(conv, command('consensus.create', { sessionId: conv.liveSessionId!, title: 'Mobilité', proposalIds: [proposalId], mode: 'batch', levels: null, allowUnsure: false, live: false }));
    const w1 = (created.data as { checkId: string }).checkId;
    const again = (c: Convention, id: string) => {
      const r = run(c, command('series.askAgain', { kind: 'check', id, sessionId: c.liveSessionId! }));
      return { conv: r.state, ...(r.data as { seriesId: string; activityId: string }) };
    };
    const second = again(created.state, w1);
    const third = again(second.conv, second.activityId);
    const [w2, w3] = [second.activityId, third.activityId];
    conv = must(third.conv, command('series.setTransitions', { seriesId: second.seriesId, enabled: true }));
    const openClose = (c: Convention, checkId: string) => must(must(c, command('consensus.open', { checkId })), command('consensus.close', { checkId }));
    const sync = (c: Convention) => {
      const checks = [w1, w2, w3].map((id) => check(id, c.checks[id]!.status === 'ready' ? 'ready' as CheckView['status'] : c.checks[id]!.status));
      forgetClosedSecrets(phone(room(phoneWaves(c).keep, checks)), 'm1');
      return [w1, w2, w3].map((id) => keptWaveAnswer('m1', id, proposalId));
    };
    conv = openClose(conv, w1);
    keepWaveAnswer('m1', w1, proposalId, 1);
    expect(sync(conv)).toEqual([1, undefined, undefined]);
    conv = openClose(conv, w2);
    keepWaveAnswer('m1', w2, proposalId, 0);
    // The second wave closed: the first's answer served it and goes; the second's waits for the third.
    expect(phoneWaves(conv).keep).toEqual([w2]);
    expect(sync(conv)).toEqual([undefined, 0, undefined]);
    conv = openClose(conv, w3);
    expect(phoneWaves(conv).keep).toEqual([]);
    expect(sync(conv)).toEqual([undefined, undefined, undefined]);
  });
});
