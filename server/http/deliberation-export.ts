import type { Convention } from '../../shared/domain/types.ts';
import { checkRecord, gradingRecord, proposalLabel } from '../../shared/features/deliberation/record.ts';
import { gradingRanking, readings } from '../../shared/features/deliberation/views.ts';
import type { MajorityJudgmentEntry } from '../../shared/math/majority-judgment.ts';

/**
 * Consensus checks with their readings and every minority opinion (anonymous) beside each
 * proposal, as the national convention published them; and gradings in the recount format
 * ("kind": "grades"): each merit-profile cell as a grade line, which gives the same majority
 * judgment as the graders' ballots (each proposal is judged on the grades it received), with
 * `graders` and what was shown (`results`). `npm run recount` on the whole export checks both.
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
      allowUnsure: check.allowUnsure,
      /** The check's marker thresholds in percent, null for the defaults (docs/methods.md). */
      thresholds: check.thresholds,
      proposals: readings(conv, check).map((r) => ({
        proposal: proposalLabel(record, r.proposalId),
        // Participation (members who answered, never what): once final, the counts add up to it.
        answered: Object.keys(check.answered[r.proposalId] ?? {}).length,
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
    const named = (entries: MajorityJudgmentEntry[]) => entries.map((e) => ({ ...e, candidate: label(e.candidate) }));
    const shown = gradingRanking(conv, grading);
    return {
      kind: 'grades' as const,
      id: grading.id,
      title: grading.title,
      status: grading.status,
      grades: grading.grades,
      candidates: grading.proposalIds.map(label),
      // The app judges each proposal on the grades it received (docs/formats.md, "grades").
      missing: 'ignore' as const,
      // Members who graded at least one proposal: the ballots. Grades are secret counters per
      // proposal and grade, never kept together per grader, so the lines below are grade lines
      // (n graders gave this proposal this grade), not graders' ballots; `graders` says how many
      // ballots they come from and `graded` how many graded each proposal (participation).
      graders: new Set(Object.values(grading.graded).flatMap((who) => Object.keys(who))).size,
      graded: Object.fromEntries(grading.proposalIds.map((id) => [label(id), Object.keys(grading.graded[id] ?? {}).length])),
      ballots: grading.proposalIds.flatMap((id) =>
        (grading.profiles[id] ?? []).flatMap((count, grade) => (count > 0 ? [{ grades: { [label(id)]: grading.grades[grade]! }, count }] : [])),
      ),
      // What the console (and, once revealed, the projector and phones) showed: the order overall
      // and per lever, each proposal's majority grade, gauge and merit profile.
      results: {
        majorityJudgment: named(shown.ranking),
        byLever: record.levers.filter((l) => shown.byLever[l.id]).map((l) => ({ lever: l.title, majorityJudgment: named(shown.byLever[l.id]!) })),
      },
    };
  });
  return { checks, gradings };
}
