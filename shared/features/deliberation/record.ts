import { presentCount } from '../../domain/lookup.ts';
import type { Convention } from '../../domain/types.ts';
import type { CheckRecord, ConsensusCheck, Grading, GradingRecord, ProposalRef } from './types.ts';

// The labels a consensus check's readings and a grading's ranking are read with (proposal
// numbers and titles, table names and order, the levers' order and titles, how many members were
// present). One function each: views call it live,
// evolve calls it when the activity closes and keeps its answer (`frozen`), which views then
// read. Counts are not in it: they are secret counters (shared/domain/secret-ballots.ts) that
// no ballot changes after the close, restored at start from the store, never from a snapshot.

function refs(conv: Convention, ids: readonly string[]): ProposalRef[] {
  return ids.flatMap((id) => {
    const p = Object.hasOwn(conv.proposals, id) ? conv.proposals[id] : undefined;
    return p ? [{ id, number: p.number, title: p.title, leverId: p.leverId }] : [];
  });
}

export function checkRecord(conv: Convention, check: ConsensusCheck): CheckRecord {
  if (check.frozen) return check.frozen;
  const tables = conv.sessions[check.sessionId]?.tables ?? [];
  return { proposals: refs(conv, check.proposalIds), tables: tables.map((t) => ({ id: t.id, name: t.name })), levers: conv.levers, present: presentCount(conv, check.sessionId) };
}

export function gradingRecord(conv: Convention, grading: Grading): GradingRecord {
  if (grading.frozen) return grading.frozen;
  return { proposals: refs(conv, grading.proposalIds), levers: conv.levers, present: presentCount(conv, grading.sessionId) };
}

/** "P-012 Titre": how exports name a proposal of a check or a grading. */
export function proposalLabel(record: { proposals: ProposalRef[] }, id: string): string {
  const p = record.proposals.find((r) => r.id === id);
  return p ? `P-${String(p.number).padStart(3, '0')} ${p.title}` : id;
}
