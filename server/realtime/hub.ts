import type { Server } from 'socket.io';
import type { Convention } from '../../shared/domain/types.ts';
import type { ClientToServerEvents, ServerToClientEvents, SnapshotMessage } from '../../shared/protocol.ts';
import { diff } from '../../shared/sync/patch.ts';
import { parseChannelKey, type ChannelKey } from '../../shared/views/channels.ts';
import type { LiveFacts } from '../../shared/views/live.ts';
import { CHANNEL_WINDOW_MS, computeView } from './views.ts';

// Keeps every channel's sockets in sync: a full snapshot when a socket subscribes, then patches
// against the last view sent, coalesced per channel. A channel exists while a socket listens.

interface Channel {
  key: ChannelKey;
  version: number;
  view: unknown;
  lastSentAt: number;
  timer: NodeJS.Timeout | null;
  dirty: boolean;
}

type IO = Server<ClientToServerEvents, ServerToClientEvents>;

export class ChannelHub {
  private readonly channels = new Map<ChannelKey, Channel>();
  private readonly byConvention = new Map<string, Set<ChannelKey>>();
  /** Called after a member channel changes, so the socket layer can move table rooms. */
  onMemberViewSent: (key: ChannelKey, view: unknown) => void = () => {};

  constructor(
    private readonly io: IO,
    readonly epoch: string,
    private readonly state: (conventionId: string) => Convention | undefined,
    private readonly live: (conventionId: string) => LiveFacts,
  ) {}

  /** Subscribes a socket (already in the room) by sending it the channel's current view. */
  snapshot(key: ChannelKey): SnapshotMessage | null {
    const channel = this.channels.get(key) ?? this.open(key);
    if (!channel) return null;
    return { channel: key, kind: parseChannelKey(key).kind, epoch: this.epoch, version: channel.version, view: channel.view as never };
  }

  private open(key: ChannelKey): Channel | null {
    const { conventionId } = parseChannelKey(key);
    const conv = this.state(conventionId);
    if (!conv) return null;
    const channel: Channel = { key, version: 1, view: computeView(key, conv, this.live(conventionId)), lastSentAt: 0, timer: null, dirty: false };
    this.channels.set(key, channel);
    let keys = this.byConvention.get(conventionId);
    if (!keys) this.byConvention.set(conventionId, (keys = new Set()));
    keys.add(key);
    return channel;
  }

  /** Forgets a channel nobody listens to any more. */
  closeIfUnused(key: ChannelKey): void {
    if ((this.io.sockets.adapter.rooms.get(key)?.size ?? 0) > 0) return;
    const channel = this.channels.get(key);
    if (!channel) return;
    if (channel.timer) clearTimeout(channel.timer);
    this.channels.delete(key);
    this.byConvention.get(parseChannelKey(key).conventionId)?.delete(key);
  }

  /** Something changed in this convention: every open channel of it may have a new view. */
  touchConvention(conventionId: string): void {
    for (const key of this.byConvention.get(conventionId) ?? []) this.touch(key);
  }

  touch(key: ChannelKey): void {
    const channel = this.channels.get(key);
    if (!channel) return;
    channel.dirty = true;
    if (channel.timer) return;
    const wait = channel.lastSentAt + CHANNEL_WINDOW_MS[parseChannelKey(key).kind] - Date.now();
    if (wait <= 0) {
      // Leading edge: a quiet channel sends at once. Commits arrive here a whole group-commit
      // batch at a time, so a burst still makes one patch.
      this.flush(key);
    } else {
      channel.timer = setTimeout(() => {
        channel.timer = null;
        this.flush(key);
      }, wait);
    }
  }

  private flush(key: ChannelKey): void {
    const channel = this.channels.get(key);
    if (!channel || !channel.dirty) return;
    channel.dirty = false;
    const { conventionId, kind } = parseChannelKey(key);
    const conv = this.state(conventionId);
    if (!conv) return;
    const view = computeView(key, conv, this.live(conventionId));
    const patch = diff(channel.view, view);
    if (patch.length === 0) return;
    const from = channel.version;
    channel.version += 1;
    channel.view = view;
    channel.lastSentAt = Date.now();
    this.io.to(key).emit('sync:patch', { channel: key, epoch: this.epoch, from, to: channel.version, patch });
    if (kind === 'member') this.onMemberViewSent(key, view);
  }

  close(): void {
    for (const channel of this.channels.values()) if (channel.timer) clearTimeout(channel.timer);
    this.channels.clear();
  }
}
