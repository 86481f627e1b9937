import { deliberationExports } from './deliberation-export.ts';
import { voteExports } from './vote-export.ts';
import { exportQuestions } from './question-export.ts';
import { exportPolls } from './poll-export.ts';
import { rankingExport } from '../../shared/features/ranking/results.ts';
import type { Annotation, ProposalActor, ProposalChannel, ProposalOrigin, ProposalStatus } from '../../shared/features/proposals/types.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { groupsOf } from '../../shared/features/core/seating.ts';
import { followUpRows } from '../../shared/features/followup/views.ts';
import { exportStrata } from './strata-export.ts';
import { closedReadings } from '../../shared/features/strata/readings.ts';
import { recordSeries } from '../../shared/features/series/views.ts';

/**
 * The convention's record for the organisers: roster (without tokens or seat codes), sessions,
 * agendas, tables and presence. Later activities add their results here; proposals come with
 * their full history (see exportProposals).
 */
export function exportConvention(conv: Convention) {
  return {
    format: 'convergence-export',
    // 3: what each result showed is recorded beside its inputs (gradings' `results`, `graders`;
    // votes' `quorumMet`, `voters`, `rollCall`; checks' `thresholds`, `answered`; the silent
    // round's `submitted`), so `npm run recount` checks the whole file (docs/formats.md).
    version: 3,
    exportedAt: new Date().toISOString(),
    convention: { id: conv.id, name: conv.name, startDate: conv.startDate ?? null, endDate: conv.endDate ?? null, place: conv.place ?? '', levers: conv.levers },
    // Who left (and why), who replaces whom: the roster's story, 120 drawn and 83 at the end.
    members: conv.memberOrder.map((id) => conv.members[id]!).map((m) => ({ id: m.id, name: m.name, attributes: m.attributes, origin: m.origin, active: m.active, leftReason: m.active ? null : (m.left?.reason ?? ''), replaces: m.replaces ?? null })),
    sessions: conv.sessionOrder.map((id) => conv.sessions[id]!).map((s) => ({
      id: s.id,
      title: s.title,
      startDate: s.startDate,
      endDate: s.endDate,
      status: s.status,
      quorum: s.quorum,
      agenda: s.agenda,
      present: conv.memberOrder.filter((mid) => s.present[mid]),
      // Attendance says who was a guest (members' `origin`), and whether guests voted there.
      presentGuests: conv.memberOrder.filter((mid) => s.present[mid] && conv.members[mid]?.origin === 'guest'),
      guestsVote: s.guestsVote === true,
      tables: s.tables.map((t) => ({ id: t.id, name: t.name, memberIds: t.memberIds })),
      groups: groupsOf(s).map((g) => ({ id: g.id, name: g.name, memberIds: g.memberIds })),
    })),
    /** Each lever ranking in the recount format (docs/formats.md): `npm run recount` reads it. */
    rankings: Object.values(conv.activities).filter((a) => a.phase !== 'draft').map((a) => rankingExport(conv, a)),
    /** Every proposal but drafts, with origins, versions, annotations, merges and history. */
    proposals: exportProposals(conv),
    /** Drafts members are still writing: a count, drafts are private. */
    proposalDrafts: conv.proposalOrder.filter((id) => conv.proposals[id]!.status === 'draft').length,
    /** Closed adoption votes in the recount format (`kind: 'adoption'`). */
    votes: voteExports(conv),
    ...deliberationExports(conv),
    /** Rounds of questions to speakers, every session's (withdrawn questions left out). */
    questions: exportQuestions(conv),
    /** Launched quick polls with their aggregates (never an individual answer). */
    polls: exportPolls(conv),
    /** Each adopted proposal and what became of it after the Council (removed entries left out): the rows phones and the public page read. */
    followUp: followUpRows(conv),
    /** Strata: what results are read by, target quotas, and attendance per stratum per session (exact counts: the organisers' file). */
    strata: exportStrata(conv),
    /** Every closed result read by stratum, k-safe (docs/methods.md, "Reading a result by stratum"; docs/formats.md). */
    byStratum: closedReadings(conv).map(({ sessionId, reading }) => ({ sessionId, ...reading })),
    /** Questions asked as waves: closed waves side by side, shifts, transition tables with counts under k hidden (docs/methods.md, "Opinion change"). */
    series: recordSeries(conv),
  };
}

/**
 * Lever rankings as one CSV sheet for spreadsheets: per activity, each lever's rank at each
 * table, its Schulze place, Borda score and dissent between tables.
 */
export function rankingsCsvRows(conv: Convention): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  for (const activity of Object.values(conv.activities)) {
    if (activity.phase === 'draft') continue;
    const data = rankingExport(conv, activity);
    const tableNames = data.tables.map((t) => t.table);
    rows.push([...RANKING_HEADER, ...tableNames]);
    // Levers in the room's order; tied levers share their place ("ex æquo").
    const groups = data.results?.schulzeGroups ?? [data.candidates];
    groups.forEach((group, index) => {
      const place = data.results ? groups.slice(0, index).reduce((n, g) => n + g.length, 1) : null;
      for (const lever of group) {
        const dissent = data.results?.dissent.find((d) => d.lever === lever);
        rows.push([activity.title, lever, place, data.results?.borda[lever] ?? null, dissent?.spread ?? null, dissent ? DISSENT_FR[dissent.level] : null, ...data.tables.map((t) => t.ranking.indexOf(lever) + 1)]);
      }
    });
  }
  // Each activity has its header (its tables differ); with none, the header alone, as every sheet.
  return rows.length > 0 ? rows : [[...RANKING_HEADER]];
}

const RANKING_HEADER = ['Activité', 'Levier', 'Place Schulze', 'Score Borda', 'Écart entre tables', 'Dissensus'] as const;

const DISSENT_FR = { low: 'consensus', medium: 'écarts', high: 'fort dissensus' } as const;

// ---------------------------------------------------------------------------
// Proposals

const STATUS_FR: Record<ProposalStatus, string> = {
  draft: 'brouillon',
  submitted: 'déposée',
  under_study: 'à l’étude',
  ready_for_vote: 'prête pour le vote',
  withdrawn: 'retirée',
  merged: 'fusionnée',
  adopted: 'adoptée',
  rejected: 'rejetée',
};
const CHANNEL_FR: Record<ProposalChannel, string> = { phone: 'téléphone', mail: 'courrier', paper: 'papier', platform: 'plateforme', import: 'import' };
const COMPETENCE_FR: Record<Annotation['competence']['value'], string> = { competente: 'compétente', partagee: 'partagée', hors_competence: 'hors compétence' };

const proposalNumber = (n: number) => `P-${String(n).padStart(3, '0')}`;
const isoOrNull = (at: number | null) => (at === null ? null : new Date(at).toISOString());

function actorRecord(conv: Convention, by: ProposalActor) {
  return by.kind === 'member' ? { kind: by.kind, memberId: by.memberId, name: conv.members[by.memberId]?.name ?? null } : { kind: by.kind };
}

function tableName(conv: Convention, tableId: string | null): string | null {
  if (!tableId) return null;
  for (const id of conv.sessionOrder) for (const t of conv.sessions[id]!.tables) if (t.id === tableId) return t.name;
  return null;
}

/**
 * Every proposal but drafts (they are their authors' own until submitted) with its whole record:
 * origins, every version with its author, the support group's annotation and earlier ones, merges
 * both ways, and the history (including edits refused because someone else edited first).
 */
export function exportProposals(conv: Convention) {
  const numberOf = (id: string | null) => (id ? (conv.proposals[id]?.number ?? null) : null);
  const levers = new Map(conv.levers.map((l) => [l.id, l.title]));
  return conv.proposalOrder
    .map((id) => conv.proposals[id]!)
    .filter((p) => p.status !== 'draft')
    .map((p) => ({
      id: p.id,
      number: p.number,
      reference: proposalNumber(p.number),
      title: p.title,
      text: p.text,
      lever: { id: p.leverId, title: levers.get(p.leverId) ?? null },
      status: p.status,
      version: p.version,
      authors: p.authorIds.map((id) => ({ id, name: conv.members[id]?.name ?? null })),
      table: p.tableId ? { id: p.tableId, name: tableName(conv, p.tableId) } : null,
      origins: p.origins.map((o) => ({ ...o, receivedAtIso: isoOrNull(o.receivedAt) })),
      versions: p.versions.map((v) => ({ ...v, by: actorRecord(conv, v.by), lever: levers.get(v.leverId) ?? null, atIso: isoOrNull(v.at) })),
      annotation: p.annotation,
      annotationHistory: p.annotationHistory,
      mergedInto: p.mergedInto ? { id: p.mergedInto, number: numberOf(p.mergedInto) } : null,
      mergedFrom: p.mergedFrom.map((id) => ({ id, number: numberOf(id) })),
      history: p.history.map((h) => ({ ...h, ...('by' in h ? { by: actorRecord(conv, h.by) } : {}), atIso: isoOrNull(h.at) })),
      importKey: p.importKey,
    }));
}

/** One row per proposal (drafts excepted), for spreadsheets: semicolons and BOM are added by the route. */
export function proposalsCsvRows(conv: Convention): (string | number | null)[][] {
  const levers = new Map(conv.levers.map((l) => [l.id, l.title]));
  const numbers = (ids: string[]) => ids.map((id) => (conv.proposals[id] ? proposalNumber(conv.proposals[id].number) : id)).join(', ');
  const origin = (o: ProposalOrigin) => {
    const details = [o.reference, new Date(o.receivedAt).toISOString().slice(0, 10)].filter(Boolean).join(', ');
    return `${CHANNEL_FR[o.channel]} (${details})`;
  };
  const rows: (string | number | null)[][] = [
    [
      'Numéro', 'Titre', 'Texte', 'Levier', 'Statut', 'Version', 'Origines', 'Auteurs', 'Table',
      'Écologique (0 à 4)', 'Écologique : commentaire', 'Financier (0 à 4)', 'Financier : commentaire',
      'Économique (-2 à +2)', 'Économique : commentaire', 'Compétence', 'Compétence : note',
      'Fusionnée dans', 'Fusion de', 'Reçue le',
    ],
  ];
  for (const id of conv.proposalOrder) {
    const p = conv.proposals[id]!;
    if (p.status === 'draft') continue;
    const a = p.annotation;
    rows.push([
      proposalNumber(p.number),
      p.title,
      p.text,
      levers.get(p.leverId) ?? p.leverId,
      STATUS_FR[p.status],
      p.version,
      p.origins.map(origin).join(' ; '),
      p.authorIds.map((mid) => conv.members[mid]?.name ?? '?').join(', '),
      tableName(conv, p.tableId),
      a?.ecological.score ?? null,
      a?.ecological.comment ?? null,
      a?.financial.score ?? null,
      a?.financial.comment ?? null,
      a?.economic.score ?? null,
      a?.economic.comment ?? null,
      a ? COMPETENCE_FR[a.competence.value] : null,
      a?.competence.note ?? null,
      p.mergedInto ? numbers([p.mergedInto]) : null,
      p.mergedFrom.length ? numbers(p.mergedFrom) : null,
      new Date(Math.min(...p.origins.map((o) => o.receivedAt))).toISOString().slice(0, 10),
    ]);
  }
  return rows;
}
