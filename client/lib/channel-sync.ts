import type { PatchMessage, SnapshotMessage } from '../../shared/protocol.ts';
import { applyPatch } from '../../shared/sync/patch.ts';
import { parseChannelKey, type ChannelKey, type ChannelKind } from '../../shared/views/channels.ts';

// A screen's copies of its channels: a snapshot sets a view and its version; a patch applies only
// on the version it was made from (same epoch), else the screen asks for fresh snapshots rather
// than apply it to the wrong base. Pure: Live renders what it holds; tests run it in Node.

export class ChannelSync {
  private readonly copies = new Map<ChannelKey, { kind: ChannelKind; epoch: string; version: number; view: unknown }>();

  constructor(
    /** A view changed (null: the channel was dropped). */
    private readonly onView: (kind: ChannelKind, key: ChannelKey, view: unknown) => void,
    /** A patch did not follow: ask the server for snapshots (emit 'sync:resync'). */
    private readonly resync: () => void,
  ) {}

  snapshot(message: SnapshotMessage): void {
    this.copies.set(message.channel, { kind: message.kind, epoch: message.epoch, version: message.version, view: message.view });
    this.onView(message.kind, message.channel, message.view);
  }

  patch(message: PatchMessage): void {
    const copy = this.copies.get(message.channel);
    if (!copy || copy.epoch !== message.epoch || copy.version !== message.from) {
      this.resync();
      return;
    }
    copy.version = message.to;
    copy.view = applyPatch(copy.view, message.patch);
    this.onView(copy.kind, message.channel, copy.view);
  }

  drop(channel: ChannelKey): void {
    this.copies.delete(channel);
    this.onView(parseChannelKey(channel).kind, channel, null);
  }

  view(key: ChannelKey): unknown {
    return this.copies.get(key)?.view;
  }

  version(key: ChannelKey): number | undefined {
    return this.copies.get(key)?.version;
  }

  keys(): ChannelKey[] {
    return [...this.copies.keys()];
  }
}
