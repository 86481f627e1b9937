import type { Convention } from '../../shared/domain/types.ts';
import { checkRecord, gradingRecord, proposalLabel } from '../../shared/features/deliberation/record.ts';
import { readings } from '../../shared/features/deliberation/views.ts';

/**
 * Consensus checks with their readings and every minority opinion (anonymous) beside each
 * proposal, as the national convention published them; and gradings in the recount format
 * ("kind": "grades"): each merit-profile cell as a line of identical ballots, which gives the
 * same majority judgment as the ballots themselves (each proposal is graded on its own).
 */
export function deliberationExports(conv: Convention) {
  const checks = Object.values(conv.checks).map((check) => {
    // Proposals as they were named when it closed (shared/features/deliberation/record.ts).
    const record = checkRecord(conv, check);
    return {
      id: check.id,
      title: check.title,
      mode: check.mode,
      status: check.status,
      levels: check.levels,
      proposals: readings(conv, check).map((r) => ({
        proposal: proposalLabel(record, r.proposalId),
        counts: r.counts,
        unsure: r.unsure,
        agree: r.result.agree,
        disagree: r.result.disagree,
        marker: r.result.marker,
        groupAwareConsensus: r.groupAwareConsensus,
        // Tables of at least k answers; the smaller ones counted together or only named
        // (docs/methods.md, "Small groups").
        tables: r.tables,
        otherTables: r.otherTables,
        fewerTables: r.fewerTables,
        smallGroupMin: r.smallGroupMin,
        tablesFinal: r.tablesFinal,
        minorityOpinions: (check.opinions[r.proposalId] ?? []).map((o) => ({ text: o.text, at: new Date(o.at).toISOString(), projected: o.projected })),
      })),
    };
  });
  const gradings = Object.values(conv.gradings).map((grading) => {
    const record = gradingRecord(conv, grading);
    const label = (id: string) => proposalLabel(record, id);
    return {
      kind: 'grades' as const,
      title: grading.title,
      status: grading.status,
      grades: grading.grades,
      candidates: grading.proposalIds.map(label),
      ballots: grading.proposalIds.flatMap((id) =>
        (grading.profiles[id] ?? []).flatMap((count, grade) => (count > 0 ? [{ grades: { [label(id)]: grading.grades[grade]! }, count }] : [])),
      ),
    };
  });
  return { checks, gradings };
}
