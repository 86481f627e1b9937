import type { Convention } from '../../shared/domain/types.ts';
import { smallGroupMin, splitSmallGroups } from '../../shared/domain/small-groups.ts';
import { readings, gradingRanking } from '../../shared/features/deliberation/views.ts';
import { checkRecord } from '../../shared/features/deliberation/record.ts';
import { rankingExport } from '../../shared/features/ranking/results.ts';
import { consoleVisions } from '../../shared/features/visions/views.ts';
import { speedRecord } from '../../shared/features/speed/record.ts';
import { DEFAULT_CONSENSUS_THRESHOLDS } from '../../shared/math/consensus.ts';
import type { ProposalChannel } from '../../shared/features/proposals/types.ts';
import { adoptions } from '../../shared/features/followup/adopted.ts';
import { dossierStrata } from './dossier-strata.ts';
import { recordSeries } from '../../shared/features/series/views.ts';
import { closedReadings } from '../../shared/features/strata/readings.ts';
import type { Dossier, DossierAttribute, DossierByStratum, DossierConsensus, DossierGrade, DossierMethods, DossierProposal, DossierRoster, DossierSession, DossierTotals, DossierVote } from '../../shared/reports/dossier.ts';
import { exportProposals } from '../http/export.ts';
import { exportQuestions } from '../http/question-export.ts';
import { voteExports } from '../http/vote-export.ts';

// The Council's dossier (shared/reports/dossier.ts says what it holds and why). Built from the
// functions the export and the screens use (exportProposals, voteExports, readings,
// gradingRanking, rankingExport, consoleVisions, exportQuestions), so the printed numbers are the
// ones the room saw and `npm run -s recount` recounts. Closed activities only.

/** A check's marker thresholds when it kept the defaults (shared/math/consensus.ts), in percent. */
const DEFAULT_MARKERS = {
  consensusAgree: Math.round(Number(DEFAULT_CONSENSUS_THRESHOLDS.consensusAgree) * 100),
  strongAgree: Math.round(Number(DEFAULT_CONSENSUS_THRESHOLDS.strongAgree) * 100),
  dissentEachSide: Math.round(Number(DEFAULT_CONSENSUS_THRESHOLDS.dissentAgree) * 100),
};
const CHANNELS: readonly ProposalChannel[] = ['phone', 'mail', 'paper', 'platform', 'import'];
const day = (at: number) => new Date(at).toISOString().slice(0, 10);
const sum = (t: { for: number; against: number; abstain: number }) => t.for + t.against + t.abstain;

export function buildDossier(conv: Convention, now = Date.now()): Dossier {
  const proposals = dossierProposals(conv);
  const rankings = Object.values(conv.activities).filter((a) => a.phase === 'closed').map((a) => rankingExport(conv, a));
  const visions = dossierVisions(conv);
  const questions = answeredQuestions(conv);
  const speed = speedMeetings(conv);
  const byStratum = dossierByStratum(conv);
  const shifts = recordSeries(conv);
  const anyResult = proposals.length > 0 || rankings.length > 0 || visions.length > 0 || questions.length > 0 || shifts.length > 0;
  return {
    format: 'convergence-dossier',
    version: 1,
    generatedAt: new Date(now).toISOString(),
    convention: { name: conv.name, place: conv.place ?? '', startDate: conv.startDate ?? null, endDate: conv.endDate ?? null, archived: conv.archivedAt !== undefined },
    levers: conv.levers.map((l) => ({ id: l.id, title: l.title })),
    empty: !anyResult,
    sessions: dossierSessions(conv),
    roster: dossierRoster(conv),
    methods: dossierMethods(conv),
    totals: dossierTotals(conv, proposals),
    proposals,
    rankings,
    visions,
    questions,
    speed,
    strata: dossierStrata(conv),
    byStratum,
    shifts,
  };
}

/** Each closed result of each session read by stratum, in the console's order; those without strata are left out. */
function dossierByStratum(conv: Convention): DossierByStratum[] {
  return closedReadings(conv).map(({ sessionId, reading }) => ({ session: conv.sessions[sessionId]!.title, reading }));
}

function dossierSessions(conv: Convention): DossierSession[] {
  let previous: number | null = null;
  return conv.sessionOrder.map((id) => {
    const s = conv.sessions[id]!;
    const presentIds = Object.keys(s.present).filter((mid) => s.present[mid]);
    const present = presentIds.length;
    const held = s.status !== 'planned';
    const change = held && previous !== null ? present - previous : null;
    if (held) previous = present;
    return {
      id,
      title: s.title,
      startDate: s.startDate,
      endDate: s.endDate,
      status: s.status,
      present,
      guests: presentIds.filter((mid) => conv.members[mid]?.origin === 'guest').length,
      change,
    };
  });
}

/**
 * The roster's composition by each attribute of the draw: counts of whole values only, each of
 * at least k members; rarer values are counted together (never one under k, not even by
 * subtraction: the same split as every subgroup count, shared/domain/small-groups.ts).
 */
function dossierRoster(conv: Convention): DossierRoster {
  const members = conv.memberOrder.map((id) => conv.members[id]!);
  const drawn = members.filter((m) => m.origin === 'roster' && m.erased === undefined);
  const k = smallGroupMin(conv);
  const keys = [...new Set(drawn.flatMap((m) => Object.keys(m.attributes)))];
  const attributes = keys.map((key): DossierAttribute => {
    const counts = new Map<string, number>();
    for (const m of drawn) {
      const value = (m.attributes[key] ?? '').trim();
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    // Members without a value ('') are never a group of their own: they count with the rare values.
    const byCount = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const split = splitSmallGroups(byCount.map(([id, size]) => ({ id, size, pooled: id === '' })), k);
    const merged = byCount.filter(([value]) => split.merged.includes(value));
    return {
      key,
      values: byCount.filter(([value]) => split.shown.includes(value)).map(([value, count]) => ({ value, count })),
      others: merged.length > 0 ? { values: merged.filter(([value]) => value !== '').length, count: merged.reduce((n, [, c]) => n + c, 0) } : null,
      hiddenValues: split.hidden.length,
    };
  });
  return {
    drawn: drawn.length,
    active: drawn.filter((m) => m.active).length,
    left: members.filter((m) => !m.active && m.origin === 'roster').length,
    replacements: members.filter((m) => m.replaces !== undefined).length,
    guests: members.filter((m) => m.origin === 'guest').length,
    attributes,
  };
}

function dossierMethods(conv: Convention): DossierMethods {
  const rules = new Map<string, DossierMethods['voteRules'][number]>();
  for (const v of Object.values(conv.votes)) {
    if (!v.result) continue;
    const key = `${v.thresholdBp}|${v.basis}|${v.secret}|${v.quorum}`;
    const rule = rules.get(key);
    if (rule) rule.votes++;
    else rules.set(key, { thresholdBp: v.thresholdBp, basis: v.basis, secret: v.secret, quorum: v.quorum, votes: 1 });
  }
  const consensus = new Map<string, DossierMethods['consensus'][number]>();
  for (const c of Object.values(conv.checks)) {
    if (c.status !== 'closed') continue;
    const key = JSON.stringify([c.levels, c.thresholds]);
    const entry = consensus.get(key);
    if (entry) entry.checks++;
    else consensus.set(key, { levels: c.levels, thresholds: c.thresholds ?? DEFAULT_MARKERS, checks: 1 });
  }
  const scales = new Map<string, string[]>();
  for (const g of Object.values(conv.gradings)) if (g.status === 'closed') scales.set(JSON.stringify(g.grades), g.grades);
  return {
    voteRules: [...rules.values()],
    paperCounted: Object.values(conv.votes).some((v) => v.result && v.paper.some((p) => !p.removedAt)),
    consensus: [...consensus.values()],
    gradeScales: [...scales.values()],
    smallGroupMin: smallGroupMin(conv),
  };
}

function dossierProposals(conv: Convention): DossierProposal[] {
  const consensus = new Map<string, DossierConsensus[]>();
  const opinions = new Map<string, string[]>();
  const push = <T>(map: Map<string, T[]>, id: string, item: T) => map.set(id, [...(map.get(id) ?? []), item]);
  for (const check of Object.values(conv.checks)) {
    if (check.status !== 'closed') continue;
    const known = new Set(checkRecord(conv, check).proposals.map((p) => p.id));
    for (const r of readings(conv, check)) {
      if (!known.has(r.proposalId)) continue;
      push(consensus, r.proposalId, { check: check.title, levels: check.levels, counts: r.counts, unsure: r.unsure, answers: r.result.answers, agree: r.result.agree, disagree: r.result.disagree, marker: r.result.marker, leaning: r.result.leaning });
      for (const o of check.opinions[r.proposalId] ?? []) push(opinions, r.proposalId, o.text);
    }
  }
  const grades = new Map<string, DossierGrade[]>();
  for (const grading of Object.values(conv.gradings)) {
    if (grading.status !== 'closed') continue;
    const { ranking } = gradingRanking(conv, grading);
    for (const entry of ranking) {
      const gauge = entry.gauge;
      push(grades, entry.candidate, {
        grading: grading.title,
        grades: grading.grades,
        median: entry.median,
        sign: gauge?.sign ?? null,
        share: gauge ? (gauge.sign === '+' ? entry.p : entry.q) : 0,
        rank: entry.rank,
        of: ranking.length,
        total: entry.total,
        profile: entry.profile,
      });
    }
  }
  const votes = new Map<string, DossierVote[]>();
  for (const v of voteExports(conv)) {
    if (!v.proposal) continue;
    const cast = sum(v.tally);
    push(votes, v.proposal.id, {
      round: v.round,
      secret: v.secret,
      thresholdBp: Math.round(v.threshold * 10_000),
      basis: v.basis,
      quorum: v.quorum,
      quorumMet: v.quorum === 0 || Math.max(v.present, cast) >= v.quorum,
      tally: v.tally,
      electronic: v.electronicTally,
      paper: v.paper,
      cast,
      present: v.present,
      members: v.members,
      turnout: cast === 0 ? 0 : cast / Math.max(v.present, cast),
      share: v.share,
      split: v.split,
      adopted: v.adopted,
      closedAt: v.closedAt,
    });
  }
  const reference = (n: number | null) => (n === null ? '?' : `P-${String(n).padStart(3, '0')}`);
  return exportProposals(conv).map((p) => ({
    id: p.id,
    number: p.number,
    reference: p.reference,
    title: p.title,
    text: p.text,
    lever: p.lever.title,
    status: p.status,
    origins: p.origins.map((o) => ({ channel: o.channel, reference: o.reference, receivedAt: day(o.receivedAt) })),
    authors: p.authors.map((a) => a.name ?? '?'),
    table: p.table?.name ?? null,
    versions: p.versions.length,
    mergedFrom: p.mergedFrom.map((m) => reference(m.number)),
    mergedInto: p.mergedInto ? reference(p.mergedInto.number) : null,
    annotation: p.annotation && { ecological: p.annotation.ecological, financial: p.annotation.financial, economic: p.annotation.economic, competence: p.annotation.competence },
    consensus: consensus.get(p.id) ?? [],
    grades: grades.get(p.id) ?? [],
    votes: (votes.get(p.id) ?? []).sort((a, b) => a.round - b.round),
    opinions: opinions.get(p.id) ?? [],
  }));
}

function dossierTotals(conv: Convention, proposals: DossierProposal[]): DossierTotals {
  const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<ProposalChannel, number>;
  // A proposal counts once, under the channel it first came by (merges add the others' origins).
  for (const p of proposals) {
    const first = [...p.origins].sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0))[0];
    if (first) byChannel[first.channel]++;
  }
  const votes = proposals.flatMap((p) => p.votes);
  return {
    proposals: proposals.length,
    byChannel,
    voted: proposals.filter((p) => p.votes.length > 0).length,
    adopted: proposals.filter((p) => adoptions(conv).has(p.id)).length,
    rejected: proposals.filter((p) => p.status === 'rejected').length,
    withdrawn: proposals.filter((p) => p.status === 'withdrawn').length,
    merged: proposals.filter((p) => p.status === 'merged').length,
    drafts: conv.proposalOrder.filter((id) => conv.proposals[id]!.status === 'draft').length,
    votes: votes.length,
    ballots: votes.reduce((n, v) => n + v.cast, 0),
    paperBallots: votes.reduce((n, v) => n + sum(v.paper), 0),
    consensusReadings: proposals.reduce((n, p) => n + p.consensus.length, 0),
    grades: proposals.reduce((n, p) => n + p.grades.reduce((g, x) => g + x.total, 0), 0),
    opinions: proposals.reduce((n, p) => n + p.opinions.length, 0),
  };
}

function dossierVisions(conv: Convention) {
  return conv.sessionOrder.flatMap((sessionId) =>
    consoleVisions(conv, sessionId)
      .filter((v) => v.status === 'closed')
      .map((v) => ({
        title: v.title,
        prompt: v.prompt,
        session: conv.sessions[sessionId]!.title,
        tables: v.tables.filter((t) => t.text.trim() !== '').map((t) => ({ name: t.tableName, text: t.text, versions: t.version, reactions: t.reactions })),
      }))
      .filter((v) => v.tables.length > 0),
  );
}

/** Questions to speakers marked answered, every session's, without who asked them. */
function answeredQuestions(conv: Convention) {
  const titles = new Map(conv.sessionOrder.map((id) => [id, conv.sessions[id]!.title]));
  return exportQuestions(conv).flatMap((round) =>
    round.questions.filter((q) => q.state === 'answered').map((q) => ({ session: titles.get(round.sessionId) ?? '', round: round.title, number: q.number, text: q.text, votes: q.votes })),
  );
}

function speedMeetings(conv: Convention) {
  return conv.sessionOrder.flatMap((sessionId) =>
    Object.values(conv.speedMeetings)
      .filter((m) => m.sessionId === sessionId && m.actors.length > 0)
      .map((m) => {
        const record = speedRecord(conv, m);
        return {
          session: conv.sessions[sessionId]!.title,
          rounds: m.plan?.rounds.length ?? m.rounds,
          roundMinutes: m.roundMinutes,
          members: record.members.length,
          actors: record.actors.map((a, i) => ({ table: a.table || String(i + 1), organisation: a.organisation, name: a.name, theme: a.theme, away: a.away })),
        };
      }),
  );
}
