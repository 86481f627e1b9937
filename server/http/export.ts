import type { Convention } from '../../shared/domain/types.ts';

/**
 * The convention's record for the organisers: roster (without tokens or seat codes), sessions,
 * agendas, tables and presence. Later activities add their results here.
 */
export function exportConvention(conv: Convention) {
  return {
    format: 'convergence-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    convention: { id: conv.id, name: conv.name, levers: conv.levers },
    members: conv.memberOrder.map((id) => conv.members[id]!).map((m) => ({ id: m.id, name: m.name, attributes: m.attributes, origin: m.origin, active: m.active })),
    sessions: conv.sessionOrder.map((id) => conv.sessions[id]!).map((s) => ({
      id: s.id,
      title: s.title,
      startDate: s.startDate,
      endDate: s.endDate,
      status: s.status,
      quorum: s.quorum,
      agenda: s.agenda,
      present: conv.memberOrder.filter((mid) => s.present[mid]),
      tables: s.tables.map((t) => ({ id: t.id, name: t.name, memberIds: t.memberIds })),
    })),
  };
}
