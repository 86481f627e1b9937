import { groupsOf } from '../../shared/features/core/seating.ts';
import type { Convention } from '../../shared/domain/types.ts';
import type { Member } from '../../shared/features/core/types.ts';

// A member's right of access (docs/privacy.md, "Access"): everything the convention holds about
// one member, in one JSON file the facilitator hands over. What is secret by design is not in it,
// and the file says so: secret ballots, consensus answers and grades are counted apart from who
// cast them and cannot be found again (docs/security.md); poll answers, silent-round rankings,
// anonymous questions and anonymous minority opinions are kept from every screen, the
// facilitator's included, and would be disclosed to whoever handles this file.

export const MEMBER_DATA_NOTE = {
  fr: 'Toutes les données que la convention détient sur ce membre. N’y figurent pas : les bulletins des votes secrets, les réponses aux mesures du consensus et les mentions du jugement majoritaire, comptés à part de qui les a donnés et qu’on ne peut pas relier à leur auteur (docs/security.md) ; ni les réponses aux sondages, classements silencieux, questions anonymes et avis minoritaires anonymes, qu’aucun écran ne relie à leur auteur, pas même la console : ce fichier les révélerait à qui le manipule. Le membre voit les siens sur son téléphone.',
  en: 'Everything the convention holds about this member. Not in it: secret ballots, consensus answers and majority-judgment grades, counted apart from who gave them and not linkable to their author (docs/security.md); nor poll answers, silent-round rankings, anonymous questions and anonymous minority opinions, which no screen links to their author, the console included: this file would disclose them to whoever handles it. The member sees their own on their phone.',
} as const;

export function memberData(conv: Convention, member: Member, exportedAt: Date) {
  const replacedBy = conv.memberOrder.find((id) => conv.members[id]?.replaces === member.id) ?? null;
  return {
    format: 'convergence-member-data',
    version: 1,
    exportedAt: exportedAt.toISOString(),
    note: MEMBER_DATA_NOTE,
    convention: { id: conv.id, name: conv.name, startDate: conv.startDate ?? null, endDate: conv.endDate ?? null, place: conv.place ?? '' },
    member: {
      id: member.id,
      name: member.name,
      seatCode: member.seatCode,
      attributes: member.attributes,
      origin: member.origin,
      active: member.active,
      leftReason: member.active ? null : (member.left?.reason ?? ''),
      replaces: member.replaces ?? null,
      replacedBy,
      phoneHoldsSeat: member.tokenHash !== null,
      erased: member.erased ?? null,
    },
    // Attendance and seat in each session.
    sessions: conv.sessionOrder.map((id) => conv.sessions[id]!).map((s) => ({
      id: s.id,
      title: s.title,
      startDate: s.startDate,
      endDate: s.endDate,
      present: s.present[member.id] === true,
      table: s.tables.find((t) => t.memberIds.includes(member.id))?.name ?? null,
      group: groupsOf(s).find((g) => g.memberIds.includes(member.id))?.name ?? null,
    })),
    // Proposals they (co-)authored, and the versions they wrote.
    proposals: conv.proposalOrder
      .map((id) => conv.proposals[id]!)
      .filter((p) => p.authorIds.includes(member.id) || p.versions.some((v) => v.by.kind === 'member' && v.by.memberId === member.id))
      .map((p) => ({
        number: p.number,
        title: p.title,
        status: p.status,
        author: p.authorIds.includes(member.id),
        versionsWritten: p.versions.filter((v) => v.by.kind === 'member' && v.by.memberId === member.id).map((v) => ({ version: v.version, title: v.title, text: v.text, at: new Date(v.at).toISOString() })),
      })),
    // Signed questions to speakers, and the questions they supported.
    questions: Object.values(conv.questionRounds).flatMap((round) =>
      round.questions
        .filter((q) => q.authors.some((a) => a.memberId === member.id && a.signed))
        .map((q) => ({ round: round.title, text: q.text, askedAt: new Date(q.askedAt).toISOString() })),
    ),
    questionsSupported: Object.values(conv.questionRounds).flatMap((round) => round.questions.filter((q) => q.voters[member.id]).map((q) => ({ round: round.title, text: q.text }))),
    // Public (roll-call) adoption votes only: a secret vote keeps no ballot by member.
    publicVotes: Object.values(conv.votes)
      .filter((v) => !v.secret && v.ballots[member.id] !== undefined)
      .map((v) => ({ proposal: conv.proposals[v.proposalId] ? { number: conv.proposals[v.proposalId]!.number, title: conv.proposals[v.proposalId]!.title } : null, round: v.round, choice: v.ballots[member.id]!, status: v.status })),
    // Secret votes they took part in: whether they voted is known (quorum, participation), what they chose is not.
    secretVotesTakenPart: Object.values(conv.votes)
      .filter((v) => v.secret && v.voters.includes(member.id))
      .map((v) => ({ proposal: conv.proposals[v.proposalId] ? { number: conv.proposals[v.proposalId]!.number, title: conv.proposals[v.proposalId]!.title } : null, round: v.round })),
  };
}
