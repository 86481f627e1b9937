import type { Server } from 'socket.io';
import { liveSession, tableOf } from '../../shared/domain/lookup.ts';
import type { Convention } from '../../shared/domain/types.ts';
import type { ClientToServerEvents, PatchMessage, ServerToClientEvents, SnapshotMessage } from '../../shared/protocol.ts';
import { diff } from '../../shared/sync/patch.ts';
import { roleOfActorKey } from '../engine/engine.ts';
import { channelKey, parseChannelKey, type ChannelKey, type ChannelKind } from '../../shared/views/channels.ts';
import type { LiveFacts } from '../../shared/views/live.ts';
import { CHANNEL_WINDOW_MS, computeView, VIEWS_READING_LIVE_FACTS } from './views.ts';

// Keeps every channel's sockets in sync: a full snapshot when a socket subscribes, then patches
// against the last view sent, coalesced per channel. A channel exists while a socket listens.
//
// Cost model (docs/performance.md): a room has one console, one screen and one public channel,
// a channel per table and one per member. A commit may change any view, so every channel is
// marked dirty, but a channel is *computed* at most once per window: the window starts when the
// view was last computed, whether or not it changed. A vote then costs the room's few shared
// channels at once and each member channel at most twice a second, instead of every member
// view on every commit. Phones connecting or leaving change only the views that read live facts.

interface Channel {
  key: ChannelKey;
  kind: ChannelKind;
  conventionId: string;
  version: number;
  view: unknown;
  /** When the view was last computed (sent or found unchanged): the coalescing window's start. */
  computedAt: number;
  timer: NodeJS.Timeout | null;
  dirty: boolean;
  /** Window in ms: the kind's, plus for member channels a spread so a room's do not fire at once. */
  window: number;
  /** What the last computation and diff cost (ms): an expensive view gets a longer window. */
  costMs: number;
  /**
   * When the last slice of the last patch left (a crowded channel's patch leaves over several
   * turns): the next window counts from there too, so the last phone of a slow fan-out does not
   * get two patches within one window.
   */
  sentEndAt: number;
}

/**
 * Sockets written to per turn of the event loop when a patch goes to a crowded channel (the
 * public one reaches every phone): the projector's next patch need not wait behind 1,000 writes.
 */
const FANOUT_PER_TURN = 200;
/**
 * A channel whose view is expensive (the console of a 10,000-member convention: ~50 ms) waits at
 * least this many times its last computation between two: no view takes more than a tenth of the
 * server's time, whatever its size.
 */
const COST_TO_WINDOW = 10;
/** Member channels' windows are spread over this much more, by channel: see `windowOf`. */
const MEMBER_WINDOW_SPREAD_MS = 200;

type IO = Server<ClientToServerEvents, ServerToClientEvents>;

export class ChannelHub {
  private readonly channels = new Map<ChannelKey, Channel>();
  /** Open channels per convention, shared ones (console, screen, public, tables) apart from members'. */
  private readonly byConvention = new Map<string, { shared: Set<Channel>; members: Set<Channel> }>();
  /** Called after a member channel changes, so the socket layer can move table rooms. */
  onMemberViewSent: (key: ChannelKey, view: unknown) => void = () => {};

  constructor(
    private readonly io: IO,
    readonly epoch: string,
    private readonly state: (conventionId: string) => Convention | undefined,
    private readonly live: (conventionId: string) => LiveFacts,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The channel's current view for a socket joining it (or resyncing). A pending change is sent
   * first to the room's other sockets, so the newcomer starts from the last commit: a phone that
   * reconnects right after its vote sees it at once. Not for the public channel: it reaches
   * every phone, and a reconnecting room would then flush it on every commit; a phone gets the
   * public change at the end of its window (≤ 1 s).
   */
  snapshot(key: ChannelKey, forSocket?: string): SnapshotMessage | null {
    const channel = this.channels.get(key) ?? this.open(key);
    if (!channel) return null;
    if (channel.dirty && channel.kind !== 'public') {
      if (channel.timer) clearTimeout(channel.timer);
      channel.timer = null;
      this.flush(channel, forSocket);
    }
    return { channel: key, kind: channel.kind, epoch: this.epoch, version: channel.version, view: channel.view as never };
  }

  private open(key: ChannelKey): Channel | null {
    const { conventionId, kind } = parseChannelKey(key);
    const conv = this.state(conventionId);
    if (!conv) return null;
    const channel: Channel = { key, kind, conventionId, version: 1, view: computeView(key, conv, this.live(conventionId)), computedAt: 0, timer: null, dirty: false, window: windowOf(kind, key), costMs: 0, sentEndAt: 0 };
    this.channels.set(key, channel);
    let group = this.byConvention.get(conventionId);
    if (!group) this.byConvention.set(conventionId, (group = { shared: new Set(), members: new Set() }));
    (kind === 'member' ? group.members : group.shared).add(channel);
    return channel;
  }

  /** Forgets a channel nobody listens to any more. */
  closeIfUnused(key: ChannelKey): void {
    if ((this.io.sockets.adapter.rooms.get(key)?.size ?? 0) > 0) return;
    const channel = this.channels.get(key);
    if (!channel) return;
    if (channel.timer) clearTimeout(channel.timer);
    this.channels.delete(key);
    const group = this.byConvention.get(channel.conventionId);
    group?.shared.delete(channel);
    group?.members.delete(channel);
  }

  /**
   * Something in this convention's log changed: every open channel of it may have a new view.
   * Shared channels first, so the projector's patch leaves before a room of member views is
   * looked at.
   */
  touchConvention(conventionId: string): void {
    const group = this.byConvention.get(conventionId);
    if (!group) return;
    for (const channel of group.shared) this.touch(channel);
    for (const channel of group.members) this.touch(channel);
  }

  /**
   * A member's phone connected or left: only the views that read live facts (who is connected)
   * can change — the console, the projector and the member's table.
   */
  touchLive(conventionId: string, memberId: string): void {
    const conv = this.state(conventionId);
    const session = conv ? liveSession(conv) : null;
    const table = session ? tableOf(session, memberId) : null;
    for (const kind of VIEWS_READING_LIVE_FACTS) {
      if (kind === 'table') {
        if (table) this.touchKey(channelKey('table', conventionId, table.id));
      } else this.touchKey(channelKey(kind, conventionId));
    }
  }

  /**
   * Sends the channel's pending change now, whatever its window: the sender of a command sees
   * what it did at once (socket-server.ts, sendOwnViews). Only a sender's own commands do this,
   * so the room's pace stays bounded by the windows. A channel computed since the last commit
   * (not dirty) is already up to date.
   */
  flushNow(key: ChannelKey): void {
    const channel = this.channels.get(key);
    if (!channel?.dirty) return;
    if (channel.timer) clearTimeout(channel.timer);
    channel.timer = null;
    this.flush(channel);
  }

  /**
   * The channels that show the sender of a command what it did, flushed right after its ack when
   * their window had not let them go with the commit already (socket-server.ts, sendOwnViews;
   * docs/protocol.md, "Sync"): a member's own channel and their table's (a ranking move or
   * a vision saved from this phone), the facilitator's console. `actor` is the engine's actorKey.
   */
  ownChannels(conventionId: string, actor: string | null): ChannelKey[] {
    if (!actor) return [];
    const { role, memberId } = roleOfActorKey(actor);
    if (role === 'facilitator') return [channelKey('console', conventionId)];
    if (role !== 'member' || !memberId) return [];
    const own = [channelKey('member', conventionId, memberId)];
    const conv = this.state(conventionId);
    const session = conv ? liveSession(conv) : null;
    const table = session ? tableOf(session, memberId) : null;
    if (table) own.push(channelKey('table', conventionId, table.id));
    return own;
  }

  touchKey(key: ChannelKey): void {
    const channel = this.channels.get(key);
    if (channel) this.touch(channel);
  }

  private touch(channel: Channel): void {
    channel.dirty = true;
    if (channel.timer) return;
    const wait = Math.max(channel.computedAt, channel.sentEndAt) + Math.max(channel.window, COST_TO_WINDOW * channel.costMs) - this.now();
    if (wait <= 0) {
      // Leading edge: a quiet channel sends at once. Commits arrive here a whole group-commit
      // batch at a time, so a burst still makes one patch.
      this.flush(channel);
    } else {
      channel.timer = setTimeout(() => {
        channel.timer = null;
        // Touch again rather than flush: a slow fan-out may have moved the window's start since.
        this.touch(channel);
      }, wait);
    }
  }

  /** `except`: a socket of the room that gets a snapshot instead of this patch. */
  private flush(channel: Channel, except?: string): void {
    if (!channel.dirty || this.channels.get(channel.key) !== channel) return;
    channel.dirty = false;
    const conv = this.state(channel.conventionId);
    if (!conv) return;
    const started = this.now();
    const view = computeView(channel.key, conv, this.live(channel.conventionId));
    const patch = diff(channel.view, view);
    channel.computedAt = this.now();
    channel.costMs = channel.computedAt - started;
    if (patch.length === 0) return;
    const from = channel.version;
    channel.version += 1;
    channel.view = view;
    this.emitPatch(channel, { channel: channel.key, epoch: this.epoch, from, to: channel.version, patch }, except);
    if (channel.kind === 'member') this.onMemberViewSent(channel.key, view);
  }

  /**
   * Sends a patch to the channel's sockets, a few hundred per turn of the event loop. Each next
   * slice is queued with setImmediate from the previous one, so timers (the projector's window)
   * and incoming votes run in between; slices of one patch all leave before a later patch of the
   * same channel, whose window is at least 100 ms.
   */
  private emitPatch(channel: Channel, message: PatchMessage, except?: string): void {
    const room = this.io.sockets.adapter.rooms.get(channel.key);
    if (!room || room.size <= FANOUT_PER_TURN) {
      (except ? this.io.to(channel.key).except(except) : this.io.to(channel.key)).emit('sync:patch', message);
      channel.sentEndAt = this.now();
      return;
    }
    const ids = [...room].filter((id) => id !== except);
    const sendFrom = (start: number) => {
      this.io.to(ids.slice(start, start + FANOUT_PER_TURN)).emit('sync:patch', message);
      channel.sentEndAt = this.now();
      if (start + FANOUT_PER_TURN < ids.length) setImmediate(() => sendFrom(start + FANOUT_PER_TURN));
    };
    sendFrom(0);
  }

  close(): void {
    for (const channel of this.channels.values()) if (channel.timer) clearTimeout(channel.timer);
    this.channels.clear();
    this.byConvention.clear();
  }
}

/**
 * A member channel's window is the phones' window plus a share of MEMBER_WINDOW_SPREAD_MS drawn
 * from its key: a commit computes a room's member views together, and without the spread their
 * next windows would all end in the same millisecond (one long block of the event loop).
 */
function windowOf(kind: ChannelKind, key: ChannelKey): number {
  if (kind !== 'member') return CHANNEL_WINDOW_MS[kind];
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
  return CHANNEL_WINDOW_MS.member + (hash % MEMBER_WINDOW_SPREAD_MS);
}
