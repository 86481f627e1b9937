import type { CommandInput } from '../../shared/registry.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChannelSync } from '../../client/lib/channel-sync.ts';
import { OptimisticEdit, versionedFrom, type VersionResult } from '../../client/lib/optimistic-edit.ts';
import { CommandQueue, memoryStorage, Outbox, RETRY_AFTER_MS, type OutboxStorage } from '../../client/lib/outbox.ts';
import type { Ack } from '../../shared/protocol.ts';
import { diff } from '../../shared/sync/patch.ts';
import { FakeSocketPair, settle } from '../helpers/fake-socket.ts';

// The queue keeps commands as data; these tests send one command name with any payload and
// check it travels as sent (the fake server answers what the test tells it to).
const CMD = 'convention.rename';
const sendAny = (queue: CommandQueue, args: unknown) => queue.send(CMD, args as CommandInput<typeof CMD>);

// The client's sync helpers against an in-memory socket pair (test/helpers/fake-socket.ts): the
// outbox and its resends, the channel copies, the optimistic edit on a base version. The
// "server" side here is a few lines answering what each test needs, not a model of ours.

const conflict = (current?: unknown): Ack<never> => ({ ok: false, error: { code: 'CONFLICT', message: 'conflict', ...(current ? { details: { current } } : {}) } });

/** A server side that applies a command once per cid (like the engine's stored acks) and counts them. */
function onceServer(pair: FakeSocketPair, answer: (args: unknown) => Ack = () => ({ ok: true })) {
  const acks = new Map<string, Ack>();
  const applied: unknown[] = [];
  pair.server.on(CMD, (payload, ack) => {
    const { cid, args } = payload as { cid: string; args: unknown };
    if (!acks.has(cid)) {
      applied.push(args);
      acks.set(cid, answer(args));
    }
    ack(acks.get(cid));
  });
  return { applied, acks };
}

describe('Outbox and CommandQueue', () => {
  let storage: OutboxStorage;
  let pair: FakeSocketPair;
  beforeEach(() => {
    storage = memoryStorage();
    pair = new FakeSocketPair();
  });

  it('sends at once when connected, settles with the answer and empties the outbox', async () => {
    const server = onceServer(pair, () => ({ ok: true, data: { version: 3 } }));
    pair.connect();
    const pendings: number[] = [];
    const queue = new CommandQueue(pair.client, new Outbox('k', storage), (entries) => pendings.push(entries.length));
    const ack = await sendAny(queue, { n: 1 });
    expect(ack).toEqual({ ok: true, data: { version: 3 } });
    expect(server.applied).toEqual([{ n: 1 }]);
    expect(queue.pending).toEqual([]);
    expect(pendings).toEqual([1, 0]);
    expect(storage.getItem('k')).toBeNull();
  });

  it('keeps commands made offline and sends them in order when the connection comes', async () => {
    const server = onceServer(pair);
    const queue = new CommandQueue(pair.client, new Outbox('k', storage));
    const answers = [sendAny(queue, 1), sendAny(queue, 2), sendAny(queue, 3)];
    await settle();
    expect(server.applied).toEqual([]);
    expect(JSON.parse(storage.getItem('k')!)).toHaveLength(3);
    pair.connect();
    expect(await Promise.all(answers)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(server.applied).toEqual([1, 2, 3]);
  });

  it('an answer that never came while the connection stays up is asked again (same cid), not left until a reconnection', async () => {
    vi.useFakeTimers();
    try {
      let ignoreFirst = true;
      const applied: unknown[] = [];
      const acks = new Map<string, Ack>();
      pair.server.on(CMD, (payload, ack) => {
        const { cid, args } = payload as { cid: string; args: unknown };
        if (!acks.has(cid)) (applied.push(args), acks.set(cid, { ok: true }));
        if (ignoreFirst) {
          ignoreFirst = false; // a busy server: the answer never leaves
          return;
        }
        ack(acks.get(cid));
      });
      pair.connect();
      const queue = new CommandQueue(pair.client, new Outbox('k', storage), () => {}, 1000);
      const answer = sendAny(queue, 'slow');
      await vi.advanceTimersByTimeAsync(1000 + RETRY_AFTER_MS + 50);
      expect(await answer).toEqual({ ok: true });
      expect(queue.pending).toEqual([]);
      expect(applied).toEqual(['slow']);
      const cids = pair.server.received.map((r) => (r.payload as { cid: string }).cid);
      expect(cids).toHaveLength(2);
      expect(new Set(cids).size).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a command the server holds without answering (a secret ballot in the ballot box) never holds up the ones after it', async () => {
    vi.useFakeTimers();
    try {
      const held: ((answer: unknown) => void)[] = [];
      const applied: unknown[] = [];
      pair.server.on(CMD, (payload, ack) => {
        const { cid, args } = payload as { cid: string; args: unknown };
        if (args === 'ballot') {
          held.push(ack); // answered once its batch is written, much later
          if (applied.includes(cid)) return;
          applied.push(cid);
          return;
        }
        ack({ ok: true });
      });
      pair.connect();
      const queue = new CommandQueue(pair.client, new Outbox('k', storage), () => {}, 1000);
      const ballot = sendAny(queue, 'ballot');
      // Its answer times out and it is asked again, with the same cid, while the connection stays up.
      await vi.advanceTimersByTimeAsync(1000 + RETRY_AFTER_MS + 10);
      let next: Ack | null = null;
      void sendAny(queue, 'next').then((a) => (next = a));
      await vi.advanceTimersByTimeAsync(20);
      expect(next).toEqual({ ok: true });
      expect(queue.pending).toHaveLength(1);
      // The batch is written: the last ask is answered; the promise settles once, the outbox empties.
      for (const ack of held) ack({ ok: true });
      await vi.advanceTimersByTimeAsync(20);
      expect(await ballot).toEqual({ ok: true });
      expect(queue.pending).toEqual([]);
      expect(applied).toHaveLength(1);
      const cids = pair.server.received.filter((r) => (r.payload as { args: unknown }).args === 'ballot').map((r) => (r.payload as { cid: string }).cid);
      expect(cids.length).toBeGreaterThanOrEqual(2);
      expect(new Set(cids).size).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('resends with the same cid when the answer was lost; the server applies it once; the promise settles once', async () => {
    vi.useFakeTimers();
    try {
      let dropNext = true;
      const acks = new Map<string, Ack>();
      const applied: unknown[] = [];
      pair.server.on(CMD, (payload, ack) => {
        const { cid, args } = payload as { cid: string; args: unknown };
        if (!acks.has(cid)) (applied.push(args), acks.set(cid, { ok: true, data: { n: applied.length } }));
        if (dropNext) {
          dropNext = false;
          pair.disconnect(); // the command arrived, its answer will not
        }
        ack(acks.get(cid));
      });
      pair.connect();
      const queue = new CommandQueue(pair.client, new Outbox('k', storage), () => {}, 1000);
      let settled = 0;
      const answer = sendAny(queue, 'vote').then((a) => (settled++, a));
      await vi.advanceTimersByTimeAsync(1500); // the ack times out
      expect(queue.pending).toHaveLength(1);
      pair.connect();
      await vi.advanceTimersByTimeAsync(10);
      expect(await answer).toEqual({ ok: true, data: { n: 1 } });
      expect(applied).toEqual(['vote']);
      const cids = pair.server.received.map((r) => (r.payload as { cid: string }).cid);
      expect(cids).toHaveLength(2);
      expect(new Set(cids).size).toBe(1);
      expect(settled).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('survives a reload: a new queue on the same storage resends the old entries with their cids', async () => {
    const first = new CommandQueue(pair.client, new Outbox('k', storage));
    void sendAny(first, 'kept');
    const cid = JSON.parse(storage.getItem('k')!)[0].cid as string;
    // The page reloads: a new socket, a new queue on the same storage.
    const again = new FakeSocketPair();
    const server = onceServer(again);
    const queue = new CommandQueue(again.client, new Outbox('k', storage));
    expect(queue.pending.map((e) => e.cid)).toEqual([cid]);
    again.connect();
    await settle();
    expect(server.applied).toEqual(['kept']);
    expect([...server.acks.keys()]).toEqual([cid]);
    expect(queue.pending).toEqual([]);
  });

  it('sends a command made while the outbox is being resent (it used to wait for the next connection)', async () => {
    const server = onceServer(pair);
    const queue = new CommandQueue(pair.client, new Outbox('k', storage));
    const first = sendAny(queue, 'offline');
    pair.connect(); // the resend starts: 'offline' is on its way
    const second = sendAny(queue, 'during the resend');
    expect(await Promise.all([first, second])).toEqual([{ ok: true }, { ok: true }]);
    expect(server.applied).toEqual(['offline', 'during the resend']);
  });

  it('keeps an entry answered INTERNAL (not an answer), drops one finally refused', async () => {
    let internal = true;
    pair.server.on(CMD, (payload, ack) => {
      const { args } = payload as { args: string };
      if (args === 'retry' && internal) return ack({ ok: false, error: { code: 'INTERNAL', message: 'x' } });
      ack(args === 'refused' ? { ok: false, error: { code: 'WRONG_PHASE', message: 'closed' } } : { ok: true });
    });
    pair.connect();
    const queue = new CommandQueue(pair.client, new Outbox('k', storage));
    const retry = sendAny(queue, 'retry');
    expect(await sendAny(queue, 'refused')).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });
    expect(queue.pending.map((e) => e.args)).toEqual(['retry']);
    internal = false;
    pair.disconnect();
    pair.connect();
    expect(await retry).toEqual({ ok: true });
    expect(queue.pending).toEqual([]);
  });
});

describe('ChannelSync', () => {
  it('applies a snapshot, then patches that follow; asks for a resync on a gap, and applies nothing', () => {
    const views: unknown[] = [];
    let resyncs = 0;
    const sync = new ChannelSync(
      (_kind, _key, view) => views.push(view),
      () => resyncs++,
    );
    const v1 = { order: ['a', 'b', 'c'], version: 1 };
    const v2 = { order: ['b', 'a', 'c'], version: 2 };
    const v3 = { order: ['b', 'c', 'a'], version: 3 };
    sync.snapshot({ channel: 'table:c:t1', kind: 'table', epoch: 'e', version: 1, view: v1 as never });
    sync.patch({ channel: 'table:c:t1', epoch: 'e', from: 1, to: 2, patch: diff(v1, v2) });
    expect(sync.view('table:c:t1')).toEqual(v2);
    sync.patch({ channel: 'table:c:t1', epoch: 'e', from: 5, to: 6, patch: diff(v2, v3) });
    sync.patch({ channel: 'table:c:t1', epoch: 'other', from: 2, to: 3, patch: diff(v2, v3) });
    sync.patch({ channel: 'table:c:t9', epoch: 'e', from: 1, to: 2, patch: [] });
    expect(resyncs).toBe(3);
    expect(sync.view('table:c:t1')).toEqual(v2);
    expect(sync.version('table:c:t1')).toBe(2);
    sync.drop('table:c:t1');
    expect(views.at(-1)).toBeNull();
    expect(sync.keys()).toEqual([]);
  });
});

describe('OptimisticEdit', () => {
  type Text = string;
  const textEdit = (send: (text: Text, base: number) => Promise<Ack<VersionResult>>, server = { value: 'v1', version: 1 }) =>
    new OptimisticEdit<Text>({ server, send, committed: (t) => t, currentOf: versionedFrom((c) => (typeof c.text === 'string' ? c.text : null)) });

  it('takes a newer server value while nothing is changed here, and flags it while something is', () => {
    const edit = textEdit(async () => ({ ok: true }));
    expect(edit.receive({ value: 'v2', version: 2 })).toBe('taken');
    expect(edit.state.local).toBe('v2');
    edit.edit('mine');
    expect(edit.dirty).toBe(true);
    expect(edit.receive({ value: 'v3', version: 3 })).toBe('conflict');
    expect(edit.state).toMatchObject({ local: 'mine', base: { version: 2 }, conflict: { value: 'v3', version: 3 } });
    // The next save is made, knowingly, on the version the member saw.
    expect(edit.baseVersion).toBe(3);
    expect(edit.receive({ value: 'v3', version: 3 })).toBe('conflict');
    expect(edit.state.conflict).toEqual({ value: 'v3', version: 3 });
  });

  it('takes a lower version as a new start (a reset): no change left arriving, the base follows when nothing is changed here', async () => {
    const edit = textEdit(async () => ({ ok: true, data: { version: 9 } }), { value: 'v5', version: 5 });
    await edit.submit('v9');
    expect(edit.state.arriving).toEqual({ change: 'v9', version: 9 });
    expect(edit.receive({ value: 'start', version: 0 })).toBe('taken');
    expect(edit.state).toMatchObject({ arriving: null, local: 'start', base: { version: 0 } });
    expect(edit.busy).toBe(false);
  });

  it('takes a newer server value equal to the local one (this phone’s own save, seen before its answer)', () => {
    const edit = textEdit(async () => ({ ok: true }));
    edit.edit('same');
    expect(edit.receive({ value: 'same', version: 2 })).toBe('taken');
    expect(edit.dirty).toBe(false);
    expect(edit.state.conflict).toBeNull();
  });

  it('sends with the base version; on the ack the change is the base, arriving until the views show it', async () => {
    const sent: [Text, number][] = [];
    const edit = textEdit(async (text, base) => (sent.push([text, base]), { ok: true, data: { version: 2 } }));
    edit.edit('new text');
    const saving = edit.submit(edit.state.local);
    expect(edit.state.sending).toBe('new text');
    expect(edit.busy).toBe(true);
    await saving;
    expect(sent).toEqual([['new text', 1]]);
    expect(edit.state).toMatchObject({ sending: null, base: { value: 'new text', version: 2 }, local: 'new text', arriving: { version: 2 } });
    expect(edit.receive({ value: 'new text', version: 2 })).toBe('older');
    expect(edit.state.arriving).toBeNull();
    expect(edit.busy).toBe(false);
  });

  it('on CONFLICT keeps both: the server’s current value (from the refusal) and the local one; takeCurrent starts again from it', async () => {
    const edit = textEdit(async () => conflict({ version: 4, text: 'theirs' }));
    edit.edit('mine');
    const ack = await edit.submit('mine');
    expect(ack.ok).toBe(false);
    expect(edit.state).toMatchObject({ local: 'mine', conflict: { value: 'theirs', version: 4 }, error: null });
    expect(edit.takeCurrent()).toBe('mine');
    expect(edit.state).toMatchObject({ local: 'theirs', base: { value: 'theirs', version: 4 }, conflict: null });
    expect(edit.takeCurrent()).toBeNull();
  });

  it('an operation (a move) has no value of its own: a conflict without details shows the newest server value', async () => {
    type Move = { from: number; to: number };
    const sent: number[] = [];
    const edit = new OptimisticEdit<string[], Move>({
      server: { value: ['a', 'b'], version: 5 },
      send: async (_move, base) => (sent.push(base), base === 5 ? conflict() : { ok: true, data: { version: 7 } }),
    });
    edit.receive({ value: ['b', 'a'], version: 6 }); // someone else moved meanwhile; nothing local: taken
    expect(edit.state.local).toEqual(['b', 'a']);
    await edit.submit({ from: 0, to: 1 }, 5);
    expect(edit.state.conflict).toEqual({ value: ['b', 'a'], version: 6 });
    edit.dismissConflict();
    await edit.submit({ from: 0, to: 1 });
    expect(sent).toEqual([5, 6]);
    // Accepted: the order itself comes with the view.
    expect(edit.state).toMatchObject({ local: ['b', 'a'], arriving: { version: 7 } });
    edit.receive({ value: ['a', 'b'], version: 7 });
    expect(edit.state).toMatchObject({ local: ['a', 'b'], arriving: null });
  });

  it('keeps a refusal other than a conflict as the error, and the local value', async () => {
    const edit = textEdit(async () => ({ ok: false, error: { code: 'WRONG_PHASE', message: 'closed' } }));
    edit.edit('mine');
    await edit.submit('mine');
    expect(edit.state).toMatchObject({ local: 'mine', conflict: null, error: { code: 'WRONG_PHASE' } });
    edit.reset();
    expect(edit.state).toMatchObject({ local: 'v1', error: null });
  });

  it('a draft restored after a reload, written on an older version, is flagged against the newer one', () => {
    const edit = new OptimisticEdit<Text>({
      server: { value: 'v3', version: 3 },
      restored: { local: 'my draft', base: { value: 'v1', version: 1 } },
      send: async () => ({ ok: true }),
      committed: (t) => t,
    });
    expect(edit.state).toMatchObject({ local: 'my draft', base: { version: 1 }, conflict: null });
    // The screen hands it the server's value as it mounts.
    expect(edit.receive({ value: 'v3', version: 3 })).toBe('conflict');
    expect(edit.state).toMatchObject({ local: 'my draft', base: { version: 1 }, conflict: { value: 'v3', version: 3 } });
  });

  it('through the outbox on a fake socket: a save lost in a Wi-Fi gap is resent on its base version and applied once', async () => {
    const pair = new FakeSocketPair();
    // A versioned text register, as a table's vision: a save on an old version is refused.
    let current = { text: 'v1', version: 1 };
    const cids = new Map<string, Ack>();
    pair.server.on('vision.edit', (payload, ack) => {
      const { cid, args } = payload as { cid: string; args: { text: string; baseVersion: number } };
      if (!cids.has(cid)) {
        if (args.baseVersion !== current.version) cids.set(cid, conflict({ version: current.version, text: current.text }));
        else ((current = { text: args.text, version: current.version + 1 }), cids.set(cid, { ok: true, data: { version: current.version } }));
      }
      ack(cids.get(cid));
    });
    const queue = new CommandQueue(pair.client, new Outbox('k', memoryStorage()));
    const edit = textEdit((text, baseVersion) => queue.send('vision.edit', { visionId: 'v', text, baseVersion }));
    edit.edit('offline text');
    const saving = edit.submit('offline text');
    await settle();
    expect(edit.state.sending).toBe('offline text');
    pair.connect();
    await saving;
    expect(current).toEqual({ text: 'offline text', version: 2 });
    expect(edit.state.base).toEqual({ value: 'offline text', version: 2 });
    // Another phone saved meanwhile; this one, still on version 2, is refused and keeps both.
    current = { text: 'other phone', version: 3 };
    edit.edit('second');
    await edit.submit('second');
    expect(edit.state).toMatchObject({ local: 'second', conflict: { value: 'other phone', version: 3 } });
    // Keep mine: saved on the version the member saw.
    await edit.submit(edit.state.local);
    expect(current).toEqual({ text: 'second', version: 4 });
  });
});

afterEach(() => {
  vi.useRealTimers();
});
