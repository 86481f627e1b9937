import type { Convention } from '../../domain/types.ts';
import { emptyPublished, type PublishRef } from './types.ts';

// How publishing events change the state. `Convention.publication` is absent until the first
// PublicPageOpened: snapshots written before this feature existed cannot hold one, which is why
// STATE_SHAPE did not change (as for `archivedAt`).

export type PublishingEvent =
  /** The public page's code, drawn by the first publication (in the same commit as it). */
  | { type: 'PublicPageOpened'; code: string; at: number }
  /** These items are published (or withdrawn, `published: false`) from `at` on. */
  | { type: 'PublicationChanged'; items: PublishRef[]; published: boolean; at: number };

const TYPES = new Set<string>(['PublicPageOpened', 'PublicationChanged'] satisfies PublishingEvent['type'][]);

export function isPublishingEvent(event: { type: string }): event is PublishingEvent {
  return TYPES.has(event.type);
}

export function evolvePublishing(s: Convention, event: PublishingEvent): Convention {
  switch (event.type) {
    case 'PublicPageOpened':
      return s.publication ? s : { ...s, publication: { code: event.code, items: emptyPublished() } };
    case 'PublicationChanged': {
      if (!s.publication) return s;
      const items = { ...s.publication.items };
      for (const ref of event.items) {
        const byId = { ...items[ref.kind] };
        if (event.published) byId[ref.id] = event.at;
        else delete byId[ref.id];
        items[ref.kind] = byId;
      }
      return { ...s, publication: { ...s.publication, items } };
    }
  }
}
