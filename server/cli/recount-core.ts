// Independent recount of an exported ballots file (see docs/formats.md).
// `recount(input)` takes the parsed JSON, validates it and recomputes the results with
// the same shared/math code as the app. One function per kind: add a case to the switch.

import {
  ADOPTION_BASES,
  adoptionResult,
  DEFAULT_ADOPTION_THRESHOLD,
  type AdoptionBasis,
  type AdoptionComparison,
  type Threshold,
} from '../../shared/math/adoption.ts';
import { borda } from '../../shared/math/borda.ts';
import { dissent, type LeverDissent, type TableRanking } from '../../shared/math/dissent.ts';
import { emptyRecord, rankingError, type PairMatrix, type Ranking, type WeightedBallot } from '../../shared/math/ranking.ts';
import {
  DEFAULT_GRADES,
  majorityJudgment,
  meritProfiles,
  type GradeBallot,
  type MajorityJudgmentEntry,
  type TieBreak,
} from '../../shared/math/majority-judgment.ts';
import { flattenOrder, schulze } from '../../shared/math/schulze.ts';

/** A problem with the input file; its message is shown to the user as is. */
export class RecountError extends Error {
  override name = 'RecountError';
}

/** The `format` of a whole export (GET /api/export.json), recounted by recount-export.ts. */
export const EXPORT_FORMAT = 'convergence-export';

/** Every kind the format knows. */
export const KINDS = ['ranking', 'grades', 'adoption'] as const;
export type Kind = (typeof KINDS)[number];

export interface RankingRecount {
  kind: 'ranking';
  candidates: string[];
  /** Total number of ballots (sum of the counts). */
  ballots: number;
  /** Schulze order, best first, one candidate per place (ties broken by candidate order). */
  schulze: string[];
  /** Schulze order as groups of tied candidates, best first. */
  schulzeGroups: string[][];
  borda: Record<string, number>;
  /** d[X][Y]: ballots strictly preferring X to Y. */
  pairwise: PairMatrix;
  /** p[X][Y]: Schulze strongest-path strengths (winning votes). */
  strengths: PairMatrix;
  /** Only when the input has a `tables` field (export form). */
  dissent?: LeverDissent[];
}

export interface GradesRecount {
  kind: 'grades';
  /** The scale, best first (the input's, or the default one). */
  grades: string[];
  candidates: string[];
  /** Number of ballots: `graders` when the file gives it (its lines are then grade lines), else the sum of the counts. */
  ballots: number;
  tieBreak: TieBreak;
  /** What a ballot that leaves a candidate out counts as: no grade, or the lowest grade. */
  missing: 'ignore' | 'worst';
  /** Best first; tied candidates share a rank and keep the order of `candidates`. */
  majorityJudgment: MajorityJudgmentEntry[];
}

export interface AdoptionRecount {
  kind: 'adoption';
  basis: AdoptionBasis;
  /** As given (a number, or a "n/d" string), 0.6 when omitted. */
  threshold: number | string;
  comparison: AdoptionComparison;
  /** What was counted: `electronicTally` plus `paper` (or, without `electronicTally`, `tally` plus `paper`). */
  votes: { for: number; against: number; abstain: number };
  present?: number;
  members?: number;
  denominator: number;
  share: number;
  required: number;
  adopted: boolean;
  /** Only when the input has a quorum (members who must be present). */
  quorum?: number;
  quorumMet?: boolean;
}

export type RecountResult = RankingRecount | GradesRecount | AdoptionRecount;

export function recount(input: unknown): RecountResult {
  if (!isObject(input)) throw new RecountError(`the file must hold a JSON object, not ${describe(input)}`);
  const kind = input.kind;
  if (kind === undefined) throw new RecountError(`missing "kind" (expected one of: ${KINDS.join(', ')}; or a whole export, "format": "${EXPORT_FORMAT}")`);
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    throw new RecountError(`unknown kind ${JSON.stringify(kind)} (expected one of: ${KINDS.join(', ')})`);
  }
  switch (kind as Kind) {
    case 'ranking':
      return recountRanking(input);
    case 'grades':
      return recountGrades(input);
    case 'adoption':
      return recountAdoption(input);
  }
}

function recountRanking(input: Record<string, unknown>): RankingRecount {
  const candidates = readCandidates(input.candidates);
  const ballots = readBallots(input.ballots, candidates);
  const result = schulze(candidates, ballots);
  const out: RankingRecount = {
    kind: 'ranking',
    candidates,
    ballots: ballots.reduce((sum, b) => sum + b.count, 0),
    schulze: flattenOrder(result.order, candidates),
    schulzeGroups: result.order,
    borda: borda(candidates, ballots),
    pairwise: result.pairwise,
    strengths: result.strengths,
  };
  if (input.tables !== undefined) out.dissent = dissent(candidates, readTables(input.tables, candidates));
  return out;
}

function recountGrades(input: Record<string, unknown>): GradesRecount {
  const grades = input.grades === undefined ? [...DEFAULT_GRADES] : readNames(input.grades, 'grades', 'grade names');
  const candidates = readCandidates(input.candidates);
  const tieBreak = readChoice(input.tieBreak, 'tieBreak', ['value', 'gauge'] as const, 'value');
  const missing = readChoice(input.missing, 'missing', ['ignore', 'worst'] as const, 'ignore');
  const ballots = readGradeBallots(input.ballots, candidates, grades);
  const graders = input.graders === undefined ? undefined : readInt(input.graders, '"graders"');
  const profiles = graders === undefined ? meritProfiles(candidates, grades, ballots, { missing }) : graderProfiles(candidates, grades, ballots, graders, missing);
  return {
    kind: 'grades',
    grades,
    candidates,
    ballots: graders ?? ballots.reduce((sum, b) => sum + b.count, 0),
    tieBreak,
    missing,
    majorityJudgment: majorityJudgment(candidates, profiles, { grades, tieBreak }),
  };
}

/**
 * Profiles counted per grader (docs/formats.md, "graders"): the lines are grade lines, each
 * grade one grader gave one candidate, and `graders` members cast the ballots they come from. A
 * candidate may not have more grades than there are graders; with `missing: "worst"`, each
 * grader who left a candidate out gives it the lowest grade, whatever the lines' grouping.
 */
function graderProfiles(candidates: readonly string[], grades: readonly string[], lines: readonly GradeBallot[], graders: number, missing: 'ignore' | 'worst'): Record<string, number[]> {
  const profiles = meritProfiles(candidates, grades, lines, { missing: 'ignore' });
  for (const candidate of candidates) {
    const profile = profiles[candidate]!;
    const given = profile.reduce((a, b) => a + b, 0);
    if (given > graders) throw new RecountError(`${JSON.stringify(candidate)} has ${given} grades but "graders" is ${graders}: a grader grades each candidate once`);
    if (missing === 'worst') profile[grades.length - 1]! += graders - given;
  }
  return profiles;
}

function readGradeBallots(v: unknown, candidates: readonly string[], grades: readonly string[]): GradeBallot[] {
  if (!Array.isArray(v)) throw new RecountError('"ballots" must be an array');
  const known = new Set(candidates);
  const scale = new Set(grades);
  return v.map((b: unknown, i) => {
    const where = `ballots[${i}]`;
    if (!isObject(b)) throw new RecountError(`${where} must be an object with "grades" and "count"`);
    if (b.grades === undefined) throw new RecountError(`${where}: missing "grades"`);
    if (!isObject(b.grades)) {
      throw new RecountError(`${where}.grades must be an object mapping candidates to grades, not ${describe(b.grades)}`);
    }
    const given = emptyRecord<string>();
    for (const [candidate, grade] of Object.entries(b.grades)) {
      if (!known.has(candidate)) throw new RecountError(`${where}.grades: unknown candidate ${JSON.stringify(candidate)}`);
      if (grade === null) continue; // explicitly no grade
      if (typeof grade !== 'string' || !scale.has(grade)) {
        throw new RecountError(
          `${where}.grades[${JSON.stringify(candidate)}]: unknown grade ${typeof grade === 'string' ? JSON.stringify(grade) : describe(grade)} (expected one of: ${grades.join(', ')})`,
        );
      }
      given[candidate] = grade;
    }
    return { grades: given, count: readCount(b.count, where) };
  });
}

function recountAdoption(input: Record<string, unknown>): AdoptionRecount {
  const basis = readChoice(input.basis, 'basis', ADOPTION_BASES, 'expressed');
  const comparison = readChoice(input.comparison, 'comparison', ['atLeast', 'moreThan'] as const, 'atLeast');
  const threshold = input.threshold === undefined ? DEFAULT_ADOPTION_THRESHOLD : readShare(input.threshold, 'threshold');
  const votes = readAdoptionVotes(input);
  const present = input.present === undefined ? undefined : readInt(input.present, '"present"');
  const members = input.members === undefined ? undefined : readInt(input.members, '"members"');
  const quorum = input.quorum === undefined ? undefined : readInt(input.quorum, '"quorum"');
  if (basis === 'present' && present === undefined) throw new RecountError('basis "present" needs "present" (the members present)');
  if (basis === 'members' && members === undefined) throw new RecountError('basis "members" needs "members" (all the members)');
  if (quorum !== undefined && present === undefined) throw new RecountError('"quorum" needs "present" (the members present)');
  let result;
  try {
    result = adoptionResult({
      tally: votes,
      threshold: toThreshold(threshold),
      basis,
      comparison,
      present,
      members,
      quorum,
    });
  } catch (e) {
    throw new RecountError((e as Error).message);
  }
  return {
    kind: 'adoption',
    basis,
    threshold,
    comparison,
    votes,
    ...(present === undefined ? {} : { present }),
    ...(members === undefined ? {} : { members }),
    denominator: result.denominator,
    share: result.share,
    required: result.required,
    adopted: result.adopted,
    ...(quorum === undefined ? {} : { quorum, quorumMet: result.quorumMet }),
  };
}

type Tally = { for: number; against: number; abstain: number };

const addTallies = (a: Tally, b: Tally | undefined): Tally => ({ for: a.for + (b?.for ?? 0), against: a.against + (b?.against ?? 0), abstain: a.abstain + (b?.abstain ?? 0) });
const showTally = (t: Tally): string => `{ for: ${t.for}, against: ${t.against}, abstain: ${t.abstain} }`;

/**
 * What an adoption vote counted (docs/formats.md). `tally` is everything counted; its parts, when
 * given, are `electronicTally` and `paper`, and `tally` (optional then) must be their sum. Without
 * `electronicTally`, `paper` is added to `tally`: the electronic count, as in hand-written files
 * and in exports of format 1 (before `electronicTally`), which thus recount as they always did.
 */
function readAdoptionVotes(input: Record<string, unknown>): Tally {
  const paper = input.paper === undefined ? undefined : readTally(input.paper, 'paper', false);
  if (input.electronicTally === undefined) return addTallies(readTally(input.tally, 'tally', true), paper);
  const votes = addTallies(readTally(input.electronicTally, 'electronicTally', true), paper);
  if (input.tally !== undefined) {
    const tally = readTally(input.tally, 'tally', true);
    if (tally.for !== votes.for || tally.against !== votes.against || tally.abstain !== votes.abstain) {
      throw new RecountError(`"tally" ${showTally(tally)} is not "electronicTally" plus "paper" ${showTally(votes)}`);
    }
  }
  return votes;
}

function readTally(v: unknown, name: string, needsForAgainst: boolean): { for: number; against: number; abstain: number } {
  if (!isObject(v)) throw new RecountError(`"${name}" must be an object with "for", "against" and "abstain"`);
  const field = (key: 'for' | 'against' | 'abstain', required: boolean): number => {
    if (v[key] === undefined) {
      if (required) throw new RecountError(`${name}: missing "${key}"`);
      return 0;
    }
    return readInt(v[key], `${name}.${key}`);
  };
  return { for: field('for', needsForAgainst), against: field('against', needsForAgainst), abstain: field('abstain', false) };
}

/** A share in [0, 1]: a number, or a string "n/d" (e.g. "2/3"). Returned as given. */
function readShare(v: unknown, name: string): number | string {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1) return v;
  if (typeof v === 'string') {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(v);
    if (m !== null && Number(m[2]) > 0 && Number(m[1]) <= Number(m[2]) && Number.isSafeInteger(Number(m[2]))) return v;
  }
  throw new RecountError(`"${name}" must be a number between 0 and 1 or a fraction such as "2/3", not ${JSON.stringify(v) ?? describe(v)}`);
}

function toThreshold(v: number | string): Threshold {
  if (typeof v === 'number') return v;
  const [n, d] = v.split('/').map((x) => Number(x.trim()));
  return { numerator: n!, denominator: d! };
}

function readInt(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new RecountError(`${name} must be a non-negative integer, not ${JSON.stringify(v) ?? describe(v)}`);
  }
  return v;
}

function readChoice<T extends string>(v: unknown, name: string, choices: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
  throw new RecountError(`"${name}" must be one of: ${choices.join(', ')} (got ${JSON.stringify(v) ?? describe(v)})`);
}

function readNames(v: unknown, field: string, what: string): string[] {
  if (!Array.isArray(v) || v.length === 0) throw new RecountError(`"${field}" must be a non-empty array of ${what}`);
  const seen = new Set<string>();
  v.forEach((c: unknown, i) => {
    if (typeof c !== 'string' || c.trim() === '') {
      throw new RecountError(`${field}[${i}] must be a non-empty string, not ${describe(c)}`);
    }
    if (seen.has(c)) throw new RecountError(`${field}: ${JSON.stringify(c)} is listed twice`);
    seen.add(c);
  });
  return v as string[];
}

function readCount(v: unknown, where: string): number {
  const count = v === undefined ? 1 : v;
  if (typeof count !== 'number' || !Number.isInteger(count) || count <= 0) {
    throw new RecountError(`${where}.count must be a positive integer, not ${JSON.stringify(count) ?? describe(count)}`);
  }
  return count;
}

function readCandidates(v: unknown): string[] {
  return readNames(v, 'candidates', 'names');
}

function readRanking(v: unknown, candidates: readonly string[], where: string): Ranking {
  const err = rankingError(candidates, v);
  if (err !== null) throw new RecountError(`${where}.ranking: ${err}`);
  return v as Ranking;
}

function readBallots(v: unknown, candidates: readonly string[]): WeightedBallot[] {
  if (!Array.isArray(v)) throw new RecountError('"ballots" must be an array');
  return v.map((b: unknown, i) => {
    const where = `ballots[${i}]`;
    if (!isObject(b)) throw new RecountError(`${where} must be an object with "ranking" and "count"`);
    if (b.ranking === undefined) throw new RecountError(`${where}: missing "ranking"`);
    const ranking = readRanking(b.ranking, candidates, where);
    return { ranking, count: readCount(b.count, where) };
  });
}

function readTables(v: unknown, candidates: readonly string[]): TableRanking[] {
  if (!Array.isArray(v)) throw new RecountError('"tables" must be an array');
  const seen = new Set<string>();
  return v.map((t: unknown, i) => {
    const where = `tables[${i}]`;
    if (!isObject(t)) throw new RecountError(`${where} must be an object with "table" and "ranking"`);
    if (typeof t.table !== 'string' || t.table.trim() === '') {
      throw new RecountError(`${where}.table must be a non-empty string`);
    }
    if (seen.has(t.table)) throw new RecountError(`${where}: table ${JSON.stringify(t.table)} is listed twice`);
    seen.add(t.table);
    if (t.ranking === undefined) throw new RecountError(`${where}: missing "ranking"`);
    return { table: t.table, ranking: readRanking(t.ranking, candidates, where) };
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return `${typeof v} ${String(v)}`;
}

/**
 * Pretty JSON (2-space indent) that keeps short leaf arrays and objects — those holding
 * only primitives, or arrays of primitives — on one line when it fits in `width` columns.
 * The output parses back to the same value as JSON.stringify's.
 */
export function formatJson(value: unknown, width = 100): string {
  return format(value, '', 0, width);
}

// `lead`: columns already used on the value's first line (indent plus key); `tail`: columns
// that follow its last line (1 for the comma after an element that is not the last).
function format(value: unknown, indent: string, lead: number, width: number, tail = 0): string {
  if (value === null || typeof value !== 'object') return leaf(value);
  const inner = `${indent}  `;
  const comma = (i: number, n: number): number => (i < n - 1 ? 1 : 0);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isFlat)) {
      const line = flatLine(value);
      if (lead + line.length + tail <= width) return line;
    }
    const items = value.map((v, i) => inner + format(v, inner, inner.length, width, comma(i, value.length)));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  if (entries.every(([, v]) => isPrimitive(v))) {
    const line = `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${leaf(v)}`).join(', ')} }`;
    if (lead + line.length + tail <= width) return line;
  }
  const items = entries.map(([k, v], i) => {
    const key = `${inner}${JSON.stringify(k)}: `;
    return key + format(v, inner, key.length, width, comma(i, entries.length));
  });
  return `{\n${items.join(',\n')}\n${indent}}`;
}

function leaf(v: unknown): string {
  return JSON.stringify(v) ?? 'null';
}

function flatLine(values: readonly unknown[]): string {
  return `[${values.map((v) => (Array.isArray(v) ? flatLine(v) : leaf(v))).join(', ')}]`;
}

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function isFlat(v: unknown): boolean {
  return isPrimitive(v) || (Array.isArray(v) && v.every(isPrimitive));
}
