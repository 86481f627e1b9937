import type { ConsoleView } from './console-view.ts';
import type { MemberView, PublicView, TableView } from './member-views.ts';
import type { ScreenView } from './screen-view.ts';

/**
 * A channel is one view the server keeps in sync with the sockets allowed to see it:
 * `console:<conventionId>`, `screen:<conventionId>`, `public:<conventionId>`,
 * `table:<conventionId>:<tableId>`, `member:<conventionId>:<memberId>`.
 */
export type ChannelKey = string;

export interface ChannelViews {
  console: ConsoleView;
  screen: ScreenView;
  public: PublicView;
  table: TableView | null;
  member: MemberView | null;
}

export type ChannelKind = keyof ChannelViews;

export const channelKey = (kind: ChannelKind, conventionId: string, id?: string): ChannelKey =>
  id === undefined ? `${kind}:${conventionId}` : `${kind}:${conventionId}:${id}`;

export function parseChannelKey(key: ChannelKey): { kind: ChannelKind; conventionId: string; id: string | null } {
  const [kind, conventionId = '', id] = key.split(':');
  return { kind: kind as ChannelKind, conventionId, id: id ?? null };
}
