import { liveSession } from '../../domain/lookup.ts';
import { checkRecord, gradingRecord } from './record.ts';
import type { CheckRecord, ConsensusCheck, Grading, MinorityOpinion, ProposalRef } from './types.ts';
import type { Convention } from '../../domain/types.ts';
import type { Lever } from '../core/types.ts';
import { agreementSides, consensus, groupAwareConsensus, groupDifference, type ConsensusResult } from '../../math/consensus.ts';
import { smallGroupMin, splitSmallGroups } from '../../domain/small-groups.ts';
import { majorityJudgment, type MajorityJudgmentEntry } from '../../math/majority-judgment.ts';

// Consensus checks and gradings as each screen sees them. Results reach phones and the projector
// only once revealed (or live when the facilitator chose so); the console always sees them.
// Members see whether they answered, never what (it is not stored with them). Proposal titles,
// table names and levers come from each activity's record (record.ts): kept as they were once it
// closed.

export type { ProposalRef };

export interface TableReading {
  tableId: string;
  tableName: string;
  agree: number;
  answers: number;
  /** Two-proportion z-test of this table against the rest of the room. */
  z: number;
  significant: boolean;
  direction: 'more_agree' | 'less_agree' | 'same';
}

/**
 * Tables counted together because some had fewer than k answers (docs/methods.md, "Small
 * groups"): their agreeing answers and answers as one group of at least k, never one table's.
 */
export interface MergedTablesReading {
  /** The tables in it, in the session's order (a table that answered only with "Je ne sais pas" is not). */
  tableNames: string[];
  /**
   * Answers counted under no table are in it too: given without a table, or, once the check is
   * closed, from tables under k the ballot box merged at the close (shared/domain/secret-ballots.ts).
   */
  withoutTable: boolean;
  agree: number;
  answers: number;
}

export interface ProposalReading {
  proposalId: string;
  /** Answers per level (full agreement first), then "Je ne sais pas". */
  counts: number[];
  unsure: number;
  result: ConsensusResult;
  /** Pol.is group-aware consensus across the tables as shown (merged ones as one group), 0..1; null with no table answers. */
  groupAwareConsensus: number | null;
  /** Tables with at least k answers, each against the rest of the room. */
  tables: TableReading[];
  /** The tables counted together, at least k answers in all; null when every table is shown on its own. */
  otherTables: MergedTablesReading | null;
  /** Tables that answered but, all together, fewer than k: named, never counted. */
  fewerTables: string[];
  /** k: the fewest answers a table's count is shown with (the convention's, docs/methods.md). */
  smallGroupMin: number;
  /**
   * False while members may still answer this proposal, or some answers given still wait in the
   * ballot box: the detail by table (tables, otherTables, fewerTables, the consensus across
   * tables, the tables that stand apart) waits for final counts, since two successive counts of
   * a table tell what its few members who answered in between chose.
   */
  tablesFinal: boolean;
  /** Tables that differ significantly from the rest of the room. */
  outlierTables: string[];
}

export interface CheckView {
  id: string;
  title: string;
  mode: ConsensusCheck['mode'];
  levels: string[];
  allowUnsure: boolean;
  status: ConsensusCheck['status'];
  currentProposalId: string | null;
  proposals: ProposalRef[];
  /** The convention's levers (order and titles), to name each proposal's lever. */
  levers: Lever[];
  /** Members present in its session (as at its close, once closed): participation's denominator. */
  present: number;
  /** Answers given per proposal (participation, not content). */
  answered: Record<string, number>;
  revealed: boolean;
  live: boolean;
  /** Null until revealed (always present on the console). */
  readings: ProposalReading[] | null;
  /** Projected minority opinions (public), or all of them on the console. */
  opinions: Record<string, MinorityOpinion[]>;
}

export interface GradingView {
  id: string;
  title: string;
  status: Grading['status'];
  grades: string[];
  proposals: ProposalRef[];
  /** The convention's levers (order and titles): `byLever`'s keys and the proposals' levers. */
  levers: Lever[];
  /** Members present in its session (as at its close, once closed): participation's denominator. */
  present: number;
  graded: Record<string, number>;
  revealed: boolean;
  /** Majority-judgment order, overall and per lever; null until revealed (always on the console). */
  ranking: MajorityJudgmentEntry[] | null;
  byLever: Record<string, MajorityJudgmentEntry[]> | null;
}

function tableName(record: CheckRecord, tableId: string): string {
  return record.tables.find((t) => t.id === tableId)?.name ?? '—';
}

/**
 * A check's own marker thresholds (percent, null for the defaults), as fractions for
 * shared/math/consensus.ts. The recount of an export (server/cli/recount-shown.ts) reads the
 * exported `thresholds` with it, so both apply the same rule.
 */
export function markerThresholds(t: ConsensusCheck['thresholds']) {
  return t ? { consensusAgree: t.consensusAgree / 100, strongAgree: t.strongAgree / 100, dissentAgree: t.dissentEachSide / 100, dissentDisagree: t.dissentEachSide / 100 } : {};
}

/**
 * The table ids of `byTable` in a fixed order: the session's table order (as at close, once
 * closed), then any other id (a table since removed, '' for answers without a table) by
 * code-unit order. The
 * counts are rebuilt at start from the store's counters in whatever order it returns them, so
 * readings never follow the map's insertion order: a replay gives the same rows and the same
 * floating-point results, byte for byte (docs/methods.md).
 */
export function tableIdsInOrder(record: CheckRecord, byTable: Record<string, unknown>): string[] {
  const sessionOrder = record.tables.map((t) => t.id);
  const known = new Set(sessionOrder);
  const others = Object.keys(byTable).filter((id) => !known.has(id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...sessionOrder.filter((id) => Object.hasOwn(byTable, id)), ...others];
}

/** Whether members may answer this proposal now: an open check in batch mode, or its current proposal in plenary. */
function takesAnswers(check: ConsensusCheck, proposalId: string): boolean {
  return check.status === 'open' && (check.mode === 'batch' || check.currentProposalId === proposalId);
}

export function readings(conv: Convention, check: ConsensusCheck): ProposalReading[] {
  const sides = agreementSides(check.levels.length);
  const record = checkRecord(conv, check);
  const k = smallGroupMin(conv);
  return check.proposalIds.map((proposalId) => {
    const byTable = check.counts[proposalId] ?? {};
    const entries = tableIdsInOrder(record, byTable).map((tableId) => [tableId, byTable[tableId]!] as const);
    const counts = check.levels.map((_, i) => entries.reduce((n, [, cells]) => n + (cells[i] ?? 0), 0));
    const unsure = entries.reduce((n, [, cells]) => n + (cells[check.levels.length] ?? 0), 0);
    const groups = entries.map(([tableId, cells]) => ({
      tableId,
      agree: sides.agree.reduce((n, i) => n + (cells[i] ?? 0), 0),
      total: check.levels.reduce((n, _, i) => n + (cells[i] ?? 0), 0),
    }));
    // No table's count under k, not even by subtraction (shared/domain/small-groups.ts): answers
    // without a table ('') only ever count inside the merged group.
    // Nothing per table while the proposal takes answers, or while some of its answers still
    // wait in the ballot box (participation counts them, the counts not yet): a table's count
    // read twice tells the difference, a few members' answers (docs/methods.md, "Small groups").
    const counted = entries.reduce((n, [, cells]) => n + cells.reduce((a, b) => a + b, 0), 0);
    const final = !takesAnswers(check, proposalId) && counted >= Object.keys(check.answered[proposalId] ?? {}).length;
    const split = final ? splitSmallGroups(groups.map((g) => ({ id: g.tableId, size: g.total, pooled: g.tableId === '' })), k) : { shown: [], merged: [], hidden: [] };
    const shown = groups.filter((g) => split.shown.includes(g.tableId));
    const merged = groups.filter((g) => split.merged.includes(g.tableId));
    const other = merged.length > 0 ? merged.reduce((sum, g) => ({ agree: sum.agree + g.agree, total: sum.total + g.total }), { agree: 0, total: 0 }) : null;
    const room = counts.reduce((a, b) => a + b, 0);
    const roomAgree = sides.agree.reduce((n, i) => n + (counts[i] ?? 0), 0);
    const tables: TableReading[] = shown.map((g) => {
      const diff = groupDifference({ agree: g.agree, total: g.total }, { agree: roomAgree - g.agree, total: room - g.total });
      return { tableId: g.tableId, tableName: tableName(record, g.tableId), agree: g.agree, answers: g.total, z: diff.z, significant: diff.significant, direction: diff.direction };
    });
    const acrossTables = [...shown, ...(other ? [other] : [])];
    const anyTable = shown.length > 0 || merged.some((g) => g.tableId !== '');
    return {
      proposalId,
      counts,
      unsure,
      result: consensus({ counts, abstain: unsure }, markerThresholds(check.thresholds)),
      groupAwareConsensus: anyTable ? groupAwareConsensus(acrossTables.map((g) => ({ agree: g.agree, total: g.total }))) : null,
      tables,
      otherTables: other && {
        tableNames: merged.filter((g) => g.tableId !== '').map((g) => tableName(record, g.tableId)),
        withoutTable: merged.some((g) => g.tableId === ''),
        agree: other.agree,
        answers: other.total,
      },
      fewerTables: split.hidden.filter((id) => id !== '').map((id) => tableName(record, id)),
      smallGroupMin: k,
      tablesFinal: final,
      outlierTables: tables.filter((t) => t.significant).map((t) => t.tableName),
    };
  });
}

function checkView(conv: Convention, check: ConsensusCheck, audience: 'public' | 'console'): CheckView {
  const show = audience === 'console' || check.revealed || check.live;
  const record = checkRecord(conv, check);
  return {
    id: check.id,
    title: check.title,
    mode: check.mode,
    levels: check.levels,
    allowUnsure: check.allowUnsure,
    status: check.status,
    currentProposalId: check.currentProposalId,
    proposals: record.proposals,
    levers: record.levers,
    present: record.present,
    answered: Object.fromEntries(check.proposalIds.map((id) => [id, Object.keys(check.answered[id] ?? {}).length])),
    revealed: check.revealed,
    live: check.live,
    readings: show ? readings(conv, check) : null,
    opinions: Object.fromEntries(Object.entries(check.opinions).map(([id, list]) => [id, audience === 'console' ? list : list.filter((o) => o.projected)])),
  };
}

export function gradingRanking(conv: Convention, grading: Grading): { ranking: MajorityJudgmentEntry[]; byLever: Record<string, MajorityJudgmentEntry[]> } {
  const profiles = Object.fromEntries(grading.proposalIds.map((id) => [id, grading.profiles[id] ?? grading.grades.map(() => 0)]));
  const ranking = majorityJudgment(grading.proposalIds, profiles, { grades: grading.grades });
  const record = gradingRecord(conv, grading);
  const byLever: Record<string, MajorityJudgmentEntry[]> = {};
  for (const { id: leverId } of record.levers) {
    const ids = grading.proposalIds.filter((id) => record.proposals.find((p) => p.id === id)?.leverId === leverId);
    if (ids.length > 0) byLever[leverId] = majorityJudgment(ids, Object.fromEntries(ids.map((id) => [id, profiles[id]!])), { grades: grading.grades });
  }
  return { ranking, byLever };
}

function gradingView(conv: Convention, grading: Grading, audience: 'public' | 'console'): GradingView {
  const show = audience === 'console' || grading.revealed;
  const result = show ? gradingRanking(conv, grading) : null;
  const record = gradingRecord(conv, grading);
  return {
    id: grading.id,
    title: grading.title,
    status: grading.status,
    grades: grading.grades,
    proposals: record.proposals,
    levers: record.levers,
    present: record.present,
    graded: Object.fromEntries(grading.proposalIds.map((id) => [id, Object.keys(grading.graded[id] ?? {}).length])),
    revealed: grading.revealed,
    ranking: result?.ranking ?? null,
    byLever: result?.byLever ?? null,
  };
}

function ofSession<T extends { sessionId: string; status: string }>(items: Record<string, T>, sessionId: string | undefined, includeReady: boolean): T[] {
  return Object.values(items).filter((i) => i.sessionId === sessionId && (includeReady || i.status !== 'ready'));
}

/** Phones and the projector: the live session's checks and gradings once opened. */
export function publicDeliberation(conv: Convention): { checks: CheckView[]; gradings: GradingView[] } {
  const session = liveSession(conv);
  return {
    checks: ofSession(conv.checks, session?.id, false).map((c) => checkView(conv, c, 'public')),
    gradings: ofSession(conv.gradings, session?.id, false).map((g) => gradingView(conv, g, 'public')),
  };
}

export function consoleDeliberation(conv: Convention, sessionId: string): { checks: CheckView[]; gradings: GradingView[] } {
  return {
    checks: ofSession(conv.checks, sessionId, true).map((c) => checkView(conv, c, 'console')),
    gradings: ofSession(conv.gradings, sessionId, true).map((g) => gradingView(conv, g, 'console')),
  };
}

/** What this member already answered or graded (so the phone shows progress and hides done items). */
export function memberDeliberation(conv: Convention, memberId: string): { answered: Record<string, string[]>; graded: Record<string, string[]> } {
  const session = liveSession(conv);
  const answered: Record<string, string[]> = {};
  for (const c of ofSession(conv.checks, session?.id, false)) answered[c.id] = c.proposalIds.filter((id) => c.answered[id]?.[memberId]);
  const graded: Record<string, string[]> = {};
  for (const g of ofSession(conv.gradings, session?.id, false)) graded[g.id] = g.proposalIds.filter((id) => g.graded[id]?.[memberId]);
  return { answered, graded };
}
