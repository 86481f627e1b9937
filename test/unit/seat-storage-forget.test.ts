import { beforeEach, describe, expect, it } from 'vitest';
import type { PublicView } from '../../shared/views/member-views.ts';
import type { VoteSummary } from '../../shared/features/votes/views.ts';
import { memberOutboxKey, Outbox, type OutboxEntry } from '../../client/lib/outbox.ts';
import { forgetToken, getSeat, SEATS_KEY, setSeat } from '../../client/lib/seat-storage.ts';
import { closedBallots, closedVotes } from '../../client/views/member/closed-secrets.ts';
import { forgetSeatOnPhone } from '../../client/views/member/forget-phone.ts';
import { writeForm } from '../../client/views/member/form-storage.ts';
import { forgetSecretChoices, keepSecretChoice, readSecretChoices, secretChoicesKey } from '../../client/views/member/secret-choices.ts';
import { writeDraft } from '../../client/views/member/vision-draft.ts';

// Issue 14, item 6: what a phone keeps of a convention, and when it lets go. "Quitter ce
// téléphone" (and a convention archived) forgets the seat, its queues, the reminders of secret
// choices and the texts being written, and nothing of another convention nor the device's
// preferences; a secret choice is kept only while its activity is open.

/** localStorage as browsers have it, with key() and length (forgetting walks the keys). */
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
  keys = () => [...this.items.keys()].sort();
}

const local = new BrowserStorage();
const session = new BrowserStorage();
Object.defineProperty(globalThis, 'localStorage', { value: local, configurable: true });
Object.defineProperty(globalThis, 'sessionStorage', { value: session, configurable: true });

beforeEach(() => {
  local.clear();
  session.clear();
});

const vote = (id: string, status: VoteSummary['status'], secret = true) => ({ id, status, secret }) as VoteSummary;
function view(parts: { votes?: VoteSummary[]; checks?: { id: string; status: string }[]; gradings?: { id: string; status: string }[]; poll?: { id: string; status: string } | null }): PublicView {
  return { votes: parts.votes ?? [], deliberation: { checks: parts.checks ?? [], gradings: parts.gradings ?? [] }, poll: parts.poll ?? null } as unknown as PublicView;
}
const entry = (cid: string, name: string, args: Record<string, unknown>): OutboxEntry => ({ cid, name, args, at: 0 });

describe('leaving this phone: forgetSeatOnPhone', () => {
  it('forgets the seat, the queue of every code it opened, the secret reminders and the texts being written; nothing else', () => {
    const seat = { token: 'tok-a', memberId: 'm1' };
    setSeat('ABC123', seat, 'conv-a');
    setSeat('def456', seat, 'conv-a'); // the next session's code, typed in lower case
    setSeat('XYZ789', { token: 'tok-b', memberId: 'm9' }, 'conv-b');
    new Outbox(memberOutboxKey('ABC123')).add('vote.cast', { voteId: 'v1', choice: 'for' });
    new Outbox(memberOutboxKey('def456')).add('question.ask', { roundId: 'r1', text: 'Pourquoi ?', anonymous: true });
    new Outbox(memberOutboxKey('XYZ789')).add('vote.cast', { voteId: 'v9', choice: 'against' });
    keepSecretChoice('m1', 'v1', 'for');
    keepSecretChoice('m9', 'v9', 'against');
    writeDraft('m1', 'vision-1', { text: 'Notre ville en 2050', baseVersion: 1, baseText: '' });
    writeForm('m1', null, { title: 'Bus de nuit', text: 'Le week-end', leverId: 'l1', baseVersion: null, at: 1 });
    writeForm('m9', null, { title: 'Autre', text: 'Autre convention', leverId: 'l2', baseVersion: null, at: 1 });
    local.setItem('convergence.locale', 'fr');
    local.setItem('convergence.questionOrder.member', 'recent');
    session.setItem('convergence.outbox.ABC123', '[]');

    forgetSeatOnPhone(seat, 'abc123');

    // Nothing names the seat, its member, its token or its codes any more.
    const left = [...local.keys(), ...session.keys()];
    for (const trace of ['tok-a', 'm1', 'ABC123', 'DEF456', 'def456', 'v1']) {
      expect(left.filter((key) => key.includes(trace)), trace).toEqual([]);
      expect(left.map((key) => local.getItem(key) ?? '').join(' '), trace).not.toContain(trace);
    }
    expect(getSeat('ABC123')).toBeNull();
    expect(getSeat('DEF456')).toBeNull();
    // The other convention's seat and everything of it stay, and the device's preferences.
    expect(getSeat('XYZ789')).toEqual({ token: 'tok-b', memberId: 'm9' });
    expect(new Outbox(memberOutboxKey('XYZ789')).list()).toHaveLength(1);
    expect(readSecretChoices('m9')).toEqual({ v9: 'against' });
    expect(local.keys()).toEqual(['convergence.locale', 'convergence.outbox.XYZ789', 'convergence.proposalForm.m9.new', 'convergence.questionOrder.member', SEATS_KEY, secretChoicesKey('m9')].sort());
  });

  it('a caller that forgot the token first passes its codes: their queues go too', () => {
    const seat = { token: 'tok-a', memberId: 'm1' };
    setSeat('ABC123', seat, 'conv-a');
    setSeat('DEF456', seat, 'conv-a');
    new Outbox(memberOutboxKey('DEF456')).add('vote.cast', { voteId: 'v1', choice: 'for' });
    const codes = forgetToken(seat.token);
    forgetSeatOnPhone(seat, 'ABC123', codes);
    expect(local.keys()).toEqual([]);
  });

  it('works with nothing stored, and twice', () => {
    const seat = { token: 'tok-a', memberId: 'm1' };
    forgetSeatOnPhone(seat, 'ABC123');
    setSeat('ABC123', seat, 'conv-a');
    forgetSeatOnPhone(seat, 'ABC123');
    forgetSeatOnPhone(seat, 'ABC123');
    expect(local.keys()).toEqual([]);
  });

  it('a queue emptied for good writes nothing back when a late answer comes', () => {
    const outbox = new Outbox(memberOutboxKey('ABC123'));
    const a = outbox.add('vote.cast', { voteId: 'v1', choice: 'for' });
    outbox.add('grading.grade', { gradingId: 'g1', grades: { p1: 2 } });
    outbox.discard();
    outbox.remove(a.cid); // the server's answer to the first, arriving after the phone left
    outbox.add('vote.cast', { voteId: 'v2', choice: 'against' });
    expect(local.keys()).toEqual([]);
  });
});

describe('secret choices are kept only while their activity is open', () => {
  it('a reminder goes once its vote is closed or no longer shown; the last one removes the key', () => {
    keepSecretChoice('m1', 'open', 'for');
    keepSecretChoice('m1', 'closed', 'against');
    keepSecretChoice('m1', 'elsewhere', 'abstain'); // a vote of another session: not in the view
    const now = view({ votes: [vote('open', 'open'), vote('closed', 'closed')] });
    const stale = closedVotes(Object.keys(readSecretChoices('m1')), now);
    expect(stale.sort()).toEqual(['closed', 'elsewhere']);
    forgetSecretChoices('m1', stale);
    expect(readSecretChoices('m1')).toEqual({ open: 'for' });
    forgetSecretChoices('m1', closedVotes(['open'], view({ votes: [vote('open', 'closed')] })));
    expect(local.getItem(secretChoicesKey('m1'))).toBeNull();
  });

  it('queued ballots of closed activities are dropped, from storage too; others stay', () => {
    const outbox = new Outbox(memberOutboxKey('ABC123'));
    const entries = [
      outbox.add('vote.cast', { voteId: 'v-open', choice: 'for' }),
      outbox.add('vote.cast', { voteId: 'v-closed', choice: 'against' }),
      outbox.add('consensus.answer', { checkId: 'c-closed', proposalId: 'p1', level: 0 }),
      outbox.add('consensus.answer', { checkId: 'c-open', proposalId: 'p1', level: 2 }),
      outbox.add('grading.grade', { gradingId: 'g-gone', grades: { p1: 1 } }),
      outbox.add('poll.answer', { pollId: 'poll-closed', answer: { choices: [0] } }),
      // Not a ballot: kept whatever the view says (the server decides; an opinion may follow a close).
      outbox.add('consensus.opinion', { checkId: 'c-closed', proposalId: 'p1', text: 'Trop cher' }),
      outbox.add('proposal.create', { title: 'Bus', text: 'Nuit', leverId: 'l1', submit: true }),
    ];
    const now = view({
      votes: [vote('v-open', 'open'), vote('v-closed', 'closed')],
      checks: [
        { id: 'c-open', status: 'open' },
        { id: 'c-closed', status: 'closed' },
      ],
      gradings: [],
      poll: { id: 'poll-closed', status: 'closed' },
    });
    const dropped = closedBallots(outbox.list(), now);
    expect([...dropped].sort()).toEqual([entries[1]!.cid, entries[2]!.cid, entries[4]!.cid, entries[5]!.cid].sort());
    outbox.drop(dropped);
    const stored = JSON.parse(local.getItem(memberOutboxKey('ABC123'))!) as OutboxEntry[];
    expect(stored.map((e) => e.cid)).toEqual([entries[0]!.cid, entries[3]!.cid, entries[6]!.cid, entries[7]!.cid]);
    expect(JSON.stringify(stored)).not.toContain('against');
    // An open poll's answer stays while it is open.
    expect(closedBallots([entry('x', 'poll.answer', { pollId: 'p', answer: {} })], view({ poll: { id: 'p', status: 'open' } })).size).toBe(0);
  });
});
