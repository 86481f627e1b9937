import type { Convention } from '../../shared/domain/types.ts';
import { parseChannelKey, type ChannelKey, type ChannelKind, type ChannelViews } from '../../shared/views/channels.ts';
import { consoleView } from '../../shared/views/console-view.ts';
import type { LiveFacts } from '../../shared/views/live.ts';
import { memberView, publicView, tableView } from '../../shared/views/member-views.ts';
import { screenView } from '../../shared/views/screen-view.ts';

/** The view a channel shows, computed from the state: the one place channels meet projections. */
export function computeView(key: ChannelKey, conv: Convention, live: LiveFacts): ChannelViews[keyof ChannelViews] {
  const { kind, id } = parseChannelKey(key);
  switch (kind) {
    case 'console':
      return consoleView(conv, live);
    case 'screen':
      return screenView(conv, live);
    case 'public':
      return publicView(conv);
    case 'table':
      return id ? tableView(conv, id, live) : null;
    case 'member':
      return id ? memberView(conv, id) : null;
  }
}

/**
 * The channels whose view reads LiveFacts (who is connected): the only ones a phone connecting
 * or leaving can change (hub.touchLive). A view that starts reading live facts must be listed.
 */
export const VIEWS_READING_LIVE_FACTS = ['console', 'screen', 'table'] as const satisfies readonly ChannelKind[];

/**
 * A phone listens to the public channel and its own: one patch of each per second at most keeps
 * an old phone on crowded Wi-Fi at two updates a second whatever the room does. The 50 ms above
 * the second absorb timer and network jitter, so two patches never land within one second.
 */
const PHONE_WINDOW_MS = 1050;

/**
 * How often each channel may be sent, in ms. The first change after a quiet spell goes out at
 * once (leading edge); changes within the window are coalesced into one patch at its end.
 * Tables get a short window: members moving levers together must see each move at once.
 */
export const CHANNEL_WINDOW_MS: Record<keyof ChannelViews, number> = {
  console: 100,
  screen: 100,
  public: PHONE_WINDOW_MS,
  table: 100,
  member: PHONE_WINDOW_MS,
};
