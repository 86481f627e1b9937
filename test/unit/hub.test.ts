import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { actorKey } from '../../server/engine/engine.ts';
import { ChannelHub } from '../../server/realtime/hub.ts';
import { CHANNEL_WINDOW_MS, computeView, VIEWS_READING_LIVE_FACTS } from '../../server/realtime/views.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { applyPatch, type Patch } from '../../shared/sync/patch.ts';
import { channelKey, type ChannelKey, type ChannelKind } from '../../shared/views/channels.ts';
import type { LiveFacts } from '../../shared/views/live.ts';
import { command, must, roomFixture } from '../helpers/domain-fixtures.ts';

/** The spread of member windows (hub.ts MEMBER_WINDOW_SPREAD_MS). */
const MEMBER_SPREAD = 200;

// The hub's promises to the room (docs/protocol.md "Coalescing", docs/performance.md): a quiet
// channel sends at once; changes within a window make one patch at its end; a view is computed at
// most once per window even when it does not change (else every vote recomputes every phone's
// view); a phone connecting or leaving recomputes only the views that read who is connected.

interface Sent {
  key: ChannelKey;
  patch: Patch;
  from: number;
  to: number;
}

/** Rooms by channel key; `to` receives a key, or a slice of socket ids for a crowded channel. */
const rooms = new Map<string, Set<string>>();
/** Socket ids each slice of a crowded channel's patch went to, in order. */
let slices: string[][];

/** Sockets left out of a patch (a socket resyncing gets a snapshot instead), by patch. */
let excepted: (string | null)[];

function fakeIo(sent: Sent[]) {
  const operator = (target: ChannelKey | string[], except: string | null) => ({
    emit: (_event: string, message: Omit<Sent, 'key'> & { channel: ChannelKey }) => {
      if (Array.isArray(target)) slices.push(target);
      if (!Array.isArray(target) || target === slices[0]) {
        sent.push({ ...message, key: message.channel });
        excepted.push(except);
      }
    },
    except: (id: string) => operator(target, id),
  });
  return {
    to: (target: ChannelKey | string[]) => operator(target, null),
    sockets: { adapter: { rooms } },
  };
}

let conv: Convention;
let connected: Set<string>;
let stateReads: number;
let sent: Sent[];
let hub: ChannelHub;
const facts = (): LiveFacts => ({ connected, publicUrl: 'http://192.168.1.20:3000' });

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 2, 7, 9) });
  conv = roomFixture();
  connected = new Set();
  stateReads = 0;
  sent = [];
  slices = [];
  excepted = [];
  rooms.clear();
  hub = new ChannelHub(fakeIo(sent) as never, 'epoch', () => (stateReads++, conv), facts);
});
afterEach(() => {
  hub.close();
  vi.useRealTimers();
});

const s1 = () => conv.sessionOrder[0]!;
const key = (kind: ChannelKind, id?: string) => channelKey(kind, conv.id, id);
const rename = (name: string) => (conv = must(conv, command('convention.rename', { name })));

describe('ChannelHub', () => {
  it('sends a quiet channel’s change at once (leading edge)', () => {
    hub.snapshot(key('screen'));
    rename('Convention du climat');
    hub.touchConvention(conv.id);
    expect(sent.map((s) => s.key)).toEqual([key('screen')]);
    expect(sent[0]!.patch).toContainEqual(expect.objectContaining({ op: 'set', path: ['conventionName'], value: 'Convention du climat' }));
  });

  it('coalesces changes within the window into one patch at its end, which applies cleanly', () => {
    const snapshot = hub.snapshot(key('screen'))!;
    rename('A');
    hub.touchConvention(conv.id);
    rename('B');
    hub.touchConvention(conv.id);
    rename('C');
    hub.touchConvention(conv.id);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(CHANNEL_WINDOW_MS.screen);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ from: 2, to: 3 });
    let view = snapshot.view as unknown;
    for (const message of sent) view = applyPatch(view, message.patch);
    expect(view).toEqual(computeView(key('screen'), conv, facts()));
  });

  it('computes an unchanged member view at most once per window, however many commits touch it', () => {
    const members = conv.memberOrder.slice(0, 4);
    for (const id of members) hub.snapshot(key('member', id));
    stateReads = 0;
    // 50 commits in one member window that change nothing members see.
    for (let i = 0; i < 50; i++) {
      rename(`Nom ${i}`);
      hub.touchConvention(conv.id);
      vi.advanceTimersByTime(5);
    }
    // The leading edge computed each member view once; the rest wait for the window.
    expect(stateReads).toBe(members.length);
    vi.advanceTimersByTime(CHANNEL_WINDOW_MS.member + MEMBER_SPREAD);
    expect(stateReads).toBe(2 * members.length);
    expect(sent.filter((s) => s.key.startsWith('member:'))).toEqual([]);
  });

  it('still sends a member the change that concerns them, within one window', () => {
    const memberId = conv.memberOrder[0]!;
    const snapshot = hub.snapshot(key('member', memberId))!;
    hub.touchConvention(conv.id); // a commit that changed nothing for this member
    conv = must(conv, command('tables.seat', { sessionId: s1(), memberId, tableId: null }));
    hub.touchConvention(conv.id);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(CHANNEL_WINDOW_MS.member + MEMBER_SPREAD);
    expect(sent).toHaveLength(1);
    expect(applyPatch(snapshot.view, sent[0]!.patch)).toEqual(computeView(key('member', memberId), conv, facts()));
  });

  it('on a phone connecting, recomputes the console, the screen and that member’s table only', () => {
    const [m0, , m2] = conv.memberOrder;
    const tableOf0 = conv.sessions[s1()]!.tables.find((t) => t.memberIds.includes(m0!))!;
    const otherTable = conv.sessions[s1()]!.tables.find((t) => t !== tableOf0)!;
    const keys = [key('console'), key('screen'), key('public'), key('table', tableOf0.id), key('table', otherTable.id), key('member', m0), key('member', m2)];
    for (const k of keys) hub.snapshot(k);
    connected.add(m0!);
    hub.touchLive(conv.id, m0!);
    expect(new Set(sent.map((s) => s.key))).toEqual(new Set([key('console'), key('screen'), key('table', tableOf0.id)]));
    expect(VIEWS_READING_LIVE_FACTS).toEqual(['console', 'screen', 'table']);
  });

  it('spreads the windows of a room’s member channels, each at least the phones’ window', () => {
    const windows = conv.memberOrder.map((id) => {
      hub.snapshot(key('member', id));
      return (hub as unknown as { channels: Map<string, { window: number }> }).channels.get(key('member', id))!.window;
    });
    for (const w of windows) expect(w).toBeGreaterThanOrEqual(CHANNEL_WINDOW_MS.member);
    for (const w of windows) expect(w).toBeLessThan(CHANNEL_WINDOW_MS.member + MEMBER_SPREAD);
    expect(new Set(windows).size).toBeGreaterThan(1);
  });

  it('sends a crowded channel’s patch in slices over several turns, every socket once, in order', () => {
    const ids = Array.from({ length: 450 }, (_, i) => `socket-${i}`);
    rooms.set(key('public'), new Set(ids));
    hub.snapshot(key('public'));
    conv = must(conv, command('agenda.setCurrent', { sessionId: s1(), itemId: null }));
    hub.touchConvention(conv.id);
    // The first slice leaves at once; the others wait for later turns (timers may run between).
    expect(slices).toHaveLength(1);
    vi.runAllTimers();
    expect(slices.map((s) => s.length)).toEqual([200, 200, 50]);
    expect(slices.flat()).toEqual(ids);
  });

  it('gives a view that is expensive to compute a window ten times its cost', () => {
    // A console view that takes 50 ms to compute (a convention of 10,000 members).
    const slowFacts = () => (vi.setSystemTime(Date.now() + 50), facts());
    const slowHub = new ChannelHub(fakeIo(sent) as never, 'epoch', () => conv, slowFacts);
    slowHub.snapshot(key('console'));
    rename('A');
    slowHub.touchConvention(conv.id); // leading edge: computed at once, cost 50 ms
    rename('B');
    slowHub.touchConvention(conv.id);
    vi.advanceTimersByTime(CHANNEL_WINDOW_MS.console);
    expect(sent).toHaveLength(1); // not after 100 ms…
    vi.advanceTimersByTime(500 - CHANNEL_WINDOW_MS.console);
    expect(sent).toHaveLength(2); // …but after 10 × 50 ms
    slowHub.close();
  });

  it('gives a socket that subscribes mid-window the last commit, and the others the same change', () => {
    const first = hub.snapshot(key('console'))!;
    rename('A');
    hub.touchConvention(conv.id); // leading edge
    rename('B');
    hub.touchConvention(conv.id); // waits for the window
    expect(sent).toHaveLength(1);
    // A console opened now (a second laptop, or a reconnection) starts from "B" at once…
    const second = hub.snapshot(key('console'), 'socket-2')!;
    expect(second.view).toEqual(computeView(key('console'), conv, facts()));
    // …and the console already open got "B" as a patch in the same turn, whose version matches;
    // not the new socket, which holds it in its snapshot (a resync would otherwise see a gap).
    expect(sent).toHaveLength(2);
    expect(excepted).toEqual([null, 'socket-2']);
    expect(sent[1]!.to).toBe(second.version);
    let view = first.view as unknown;
    for (const message of sent) view = applyPatch(view, message.patch);
    expect(view).toEqual(second.view);
    vi.advanceTimersByTime(CHANNEL_WINDOW_MS.console);
    expect(sent).toHaveLength(2);
  });

  it('does not flush the public channel for a phone that subscribes mid-window: it waits for its window', () => {
    hub.snapshot(key('public'));
    conv = must(conv, command('agenda.setCurrent', { sessionId: s1(), itemId: null }));
    hub.touchConvention(conv.id); // leading edge
    conv = must(conv, command('agenda.setCurrent', { sessionId: s1(), itemId: conv.sessions[s1()]!.agenda[0]!.id }));
    hub.touchConvention(conv.id);
    hub.snapshot(key('public'));
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(CHANNEL_WINDOW_MS.public);
    expect(sent).toHaveLength(2);
  });

  it('counts a member’s table among their own views, flushed at once after their command whatever the window', () => {
    const memberId = conv.memberOrder[0]!;
    const table = conv.sessions[s1()]!.tables.find((t) => t.memberIds.includes(memberId))!;
    const tableKey = key('table', table.id);
    expect(hub.ownChannels(conv.id, actorKey({ role: 'member', conventionId: conv.id, memberId }))).toEqual([key('member', memberId), tableKey]);
    expect(hub.ownChannels(conv.id, actorKey({ role: 'facilitator', conventionId: conv.id }))).toEqual([key('console')]);
    expect(hub.ownChannels(conv.id, actorKey({ role: 'projector', conventionId: conv.id }))).toEqual([]);
    expect(hub.ownChannels(conv.id, null)).toEqual([]);

    const snapshot = hub.snapshot(tableKey)!;
    const other = table.memberIds.find((id) => id !== memberId)!;
    // A first change leaves at once (leading edge); a second one within the window would wait…
    conv = must(conv, command('tables.seat', { sessionId: s1(), memberId: other, tableId: null }));
    hub.touchConvention(conv.id);
    conv = must(conv, command('tables.seat', { sessionId: s1(), memberId: other, tableId: table.id }));
    hub.touchConvention(conv.id);
    expect(sent.filter((m) => m.key === tableKey)).toHaveLength(1);
    // …but not when it is the sender's own table: it goes right after the ack.
    for (const own of hub.ownChannels(conv.id, actorKey({ role: 'member', conventionId: conv.id, memberId }))) hub.flushNow(own);
    const toTable = sent.filter((m) => m.key === tableKey);
    expect(toTable).toHaveLength(2);
    expect(toTable.reduce((view, m) => applyPatch(view, m.patch), snapshot.view as unknown)).toEqual(computeView(tableKey, conv, facts()));
  });

  it('forgets a channel nobody listens to, and sends nothing for it afterwards', () => {
    hub.snapshot(key('screen'));
    hub.closeIfUnused(key('screen'));
    rename('Plus personne');
    hub.touchConvention(conv.id);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
  });
});

describe('views that do not read live facts', () => {
  // touchLive relies on this: if one of these views starts reading who is connected, it must be
  // listed in VIEWS_READING_LIVE_FACTS, or phones would see stale connection marks.
  it.each(['public', 'member'] as const)('%s view is the same whoever is connected', (kind) => {
    const room = roomFixture();
    const id = kind === 'member' ? room.memberOrder[0] : undefined;
    const k = channelKey(kind, room.id, id);
    const nobody = computeView(k, room, { connected: new Set(), publicUrl: 'http://a' });
    const everybody = computeView(k, room, { connected: new Set(room.memberOrder), publicUrl: 'http://a' });
    expect(everybody).toEqual(nobody);
    expect(VIEWS_READING_LIVE_FACTS).not.toContain(kind);
  });
});
