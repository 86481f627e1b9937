import type { Convention } from '../../domain/types.ts';
import { visionRecord } from './record.ts';
import type { TableVision, Vision, VisionReaction, VisionVersion } from './types.ts';

// How table-vision events change the state (see shared/features/core/evolve.ts for the rules).

export type VisionEvent =
  /** As created; the `frozen` names come with its close (evolve sets them). */
  | { type: 'VisionCreated'; vision: Omit<Vision, 'frozen'> }
  /** `tables`: the starting texts of tables that did not write yet (reopening keeps the others). */
  | { type: 'VisionOpened'; visionId: string; tableIds: string[]; tables: Record<string, TableVision> }
  | { type: 'VisionClosed'; visionId: string }
  | { type: 'VisionEdited'; visionId: string; tableId: string; version: VisionVersion }
  | { type: 'VisionGallerySet'; visionId: string; shown: boolean }
  | { type: 'VisionFeatured'; visionId: string; tableId: string | null }
  | { type: 'VisionReactionSet'; visionId: string; tableId: string; memberId: string; reaction: VisionReaction; on: boolean };

const TYPES = new Set<string>([
  'VisionCreated', 'VisionOpened', 'VisionClosed', 'VisionEdited', 'VisionGallerySet', 'VisionFeatured', 'VisionReactionSet',
] satisfies VisionEvent['type'][]);

export function isVisionEvent(event: { type: string }): event is VisionEvent {
  return TYPES.has(event.type);
}

export function evolveVision(s: Convention, event: VisionEvent): Convention {
  switch (event.type) {
    case 'VisionCreated':
      return { ...s, visions: { ...s.visions, [event.vision.id]: { ...event.vision, frozen: null } } };
    case 'VisionOpened':
      // Reopened, it is live again: its names follow the room until it closes once more.
      return vision(s, event.visionId, (v) => ({ status: 'open', tableIds: event.tableIds, tables: { ...event.tables, ...v.tables }, frozen: null }));
    case 'VisionClosed':
      return vision(s, event.visionId, (v) => ({ status: 'closed', frozen: visionRecord(s, v) }));
    case 'VisionEdited':
      return vision(s, event.visionId, (v) => {
        const table = v.tables[event.tableId] ?? { text: '', version: 0, versions: [] };
        const next: TableVision = { text: event.version.text, version: event.version.version, versions: [...table.versions, event.version] };
        return { tables: { ...v.tables, [event.tableId]: next } };
      });
    case 'VisionGallerySet':
      return vision(s, event.visionId, () => ({ gallery: event.shown }));
    case 'VisionFeatured':
      return vision(s, event.visionId, () => ({ featuredTableId: event.tableId }));
    case 'VisionReactionSet':
      return vision(s, event.visionId, (v) => {
        const byReaction = v.reactions[event.tableId] ?? {};
        const who = { ...byReaction[event.reaction] };
        if (event.on) who[event.memberId] = true;
        else delete who[event.memberId];
        return { reactions: { ...v.reactions, [event.tableId]: { ...byReaction, [event.reaction]: who } } };
      });
  }
}

function vision(s: Convention, id: string, change: (v: Vision) => Partial<Vision>): Convention {
  const v = Object.hasOwn(s.visions, id) ? s.visions[id] : undefined;
  return v ? { ...s, visions: { ...s.visions, [id]: { ...v, ...change(v) } } } : s;
}
