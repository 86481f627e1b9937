import type { Convention } from '../../domain/types.ts';
import { sessionUnits, unitOf, writingTableIds } from './units.ts';
import type { Vision, VisionRecord } from './types.ts';

// The names a vision's screens show (its writing tables or groups, its versions' authors). One function:
// views call it live, evolve calls it when the vision closes and keeps its answer (`frozen`),
// which views then read, so nothing renamed or re-created afterwards changes a closed vision.

export function visionRecord(conv: Convention, vision: Vision): VisionRecord {
  if (vision.frozen) return vision.frozen;
  const session = conv.sessions[vision.sessionId];
  const units = session ? sessionUnits(session, unitOf(vision)) : [];
  const tables = writingTableIds(conv, vision).map((id) => ({ id, name: units.find((t) => t.id === id)?.name ?? '?' }));
  const authors: Record<string, string> = {};
  for (const table of Object.values(vision.tables)) for (const v of table.versions) authors[v.by] ??= conv.members[v.by]?.name ?? '?';
  return { tables, authors };
}
