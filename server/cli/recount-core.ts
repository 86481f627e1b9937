// Independent recount of an exported ballots file (see docs/formats.md).
// `recount(input)` takes the parsed JSON, validates it and recomputes the results with
// the same shared/math code as the app. One function per kind: add a case to the switch.

import { borda } from '../../shared/math/borda.ts';
import { dissent, type LeverDissent, type TableRanking } from '../../shared/math/dissent.ts';
import { rankingError, type PairMatrix, type Ranking, type WeightedBallot } from '../../shared/math/ranking.ts';
import { flattenOrder, schulze } from '../../shared/math/schulze.ts';

/** A problem with the input file; its message is shown to the user as is. */
export class RecountError extends Error {
  override name = 'RecountError';
}

/** Every kind the format will know; only some are counted so far. */
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

export type RecountResult = RankingRecount;

export function recount(input: unknown): RecountResult {
  if (!isObject(input)) throw new RecountError(`the file must hold a JSON object, not ${describe(input)}`);
  const kind = input.kind;
  if (kind === undefined) throw new RecountError(`missing "kind" (expected one of: ${KINDS.join(', ')})`);
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    throw new RecountError(`unknown kind ${JSON.stringify(kind)} (expected one of: ${KINDS.join(', ')})`);
  }
  switch (kind as Kind) {
    case 'ranking':
      return recountRanking(input);
    case 'grades':
    case 'adoption':
      throw new RecountError(`kind "${kind}" not supported yet`);
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

function readCandidates(v: unknown): string[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw new RecountError('"candidates" must be a non-empty array of names');
  }
  const seen = new Set<string>();
  v.forEach((c: unknown, i) => {
    if (typeof c !== 'string' || c.trim() === '') {
      throw new RecountError(`candidates[${i}] must be a non-empty string, not ${describe(c)}`);
    }
    if (seen.has(c)) throw new RecountError(`candidates: ${JSON.stringify(c)} is listed twice`);
    seen.add(c);
  });
  return v as string[];
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
    const count = b.count === undefined ? 1 : b.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count <= 0) {
      throw new RecountError(`${where}.count must be a positive integer, not ${JSON.stringify(count) ?? describe(count)}`);
    }
    return { ranking, count };
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

// `lead`: columns already used on the value's first line (indent plus key).
function format(value: unknown, indent: string, lead: number, width: number): string {
  if (value === null || typeof value !== 'object') return leaf(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isFlat)) {
      const line = flatLine(value);
      if (lead + line.length <= width) return line;
    }
    return `[\n${value.map((v) => inner + format(v, inner, inner.length, width)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  if (entries.every(([, v]) => isPrimitive(v))) {
    const line = `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${leaf(v)}`).join(', ')} }`;
    if (lead + line.length <= width) return line;
  }
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner, inner.length + JSON.stringify(k).length + 2, width)}`).join(',\n')}\n${indent}}`;
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
