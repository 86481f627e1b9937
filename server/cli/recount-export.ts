// Recount a whole export (GET /api/export.json, `format: "convergence-export"`): every result it
// holds, each compared with what the export records as shown (docs/formats.md, "Whole export").
// A bad item is reported as `invalid` beside the others instead of stopping the recount, so one
// damaged entry never hides whether the rest match.

import { checkAdoption, checkConsensus, checkGrading, checkRanking, checkSilentRound, type ShownCheck } from './recount-shown.ts';
import type { Difference } from './recount-compare.ts';
import { EXPORT_FORMAT, RecountError } from './recount-core.ts';

export type ResultStatus = 'match' | 'mismatch' | 'unchecked' | 'invalid';

export interface ExportResult {
  /** The section and place in the export: `votes[0]`, `rankings[1].silentRound`, `checks[0].proposals[2]`. */
  where: string;
  kind: 'adoption' | 'ranking' | 'silentRound' | 'grades' | 'consensus';
  /** What the result is about, as the export names it (proposal, activity or check title). */
  name: string;
  status: ResultStatus;
  /** The fields compared (indices and names left out: `tables[].z`), so a reader sees what "match" covers. */
  checked: string[];
  /** How many values were compared. */
  compared: number;
  differences: Difference[];
  /** unchecked: what the export lacks; invalid: what is wrong with the item. */
  note?: string;
  /** A few recounted figures. */
  recount?: Record<string, unknown>;
}

export interface ExportRecount {
  kind: 'export';
  convention: string | null;
  exportedAt: string | null;
  exportVersion: number | null;
  /** True when every result was recounted and equals what was shown. */
  matches: boolean;
  totals: Record<ResultStatus, number> & { results: number };
  results: ExportResult[];
}

export function isWholeExport(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input) && (input as Record<string, unknown>).format === EXPORT_FORMAT;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function section(input: Json, key: string): unknown[] {
  const v = input[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new RecountError(`"${key}" must be an array`);
  return v;
}

function run(where: string, kind: ExportResult['kind'], name: string, check: () => ShownCheck): ExportResult {
  try {
    const { comparison, summary, unchecked } = check();
    const differences = comparison.differences;
    const status: ResultStatus = differences.length > 0 ? 'mismatch' : unchecked ? 'unchecked' : 'match';
    return { where, kind, name, status, checked: comparison.checked, compared: comparison.compared, differences, ...(unchecked ? { note: unchecked } : {}), recount: summary };
  } catch (e) {
    if (!(e instanceof RecountError)) throw e;
    return { where, kind, name, status: 'invalid', checked: [], compared: 0, differences: [], note: e.message };
  }
}

const text = (v: unknown, fallback: string): string => (typeof v === 'string' && v !== '' ? v : fallback);

function voteName(v: Json): string {
  const p = isObject(v.proposal) ? v.proposal : null;
  const proposal = p ? `P-${String(p.number).padStart(3, '0')} ${String(p.title)}` : 'proposal removed';
  return typeof v.round === 'number' && v.round > 1 ? `${proposal} (round ${v.round})` : proposal;
}

/** Every result of the export, in the order of its sections: votes, rankings, gradings, checks. */
export function recountExport(input: Json): ExportRecount {
  const results: ExportResult[] = [];
  const item = (v: unknown, where: string): Json => {
    if (!isObject(v)) throw new RecountError(`${where} must be an object`);
    return v;
  };
  section(input, 'votes').forEach((v, i) => {
    const where = `votes[${i}]`;
    const vote = item(v, where);
    results.push(run(where, 'adoption', voteName(vote), () => checkAdoption(vote)));
  });
  section(input, 'rankings').forEach((v, i) => {
    const where = `rankings[${i}]`;
    const ranking = item(v, where);
    const name = text(isObject(ranking.activity) ? ranking.activity.title : undefined, where);
    results.push(run(where, 'ranking', name, () => checkRanking(ranking)));
    if (isObject(ranking.silentRound)) {
      const silent = ranking.silentRound;
      results.push(run(`${where}.silentRound`, 'silentRound', name, () => checkSilentRound(silent)));
    }
  });
  section(input, 'gradings').forEach((v, i) => {
    const where = `gradings[${i}]`;
    const grading = item(v, where);
    results.push(run(where, 'grades', text(grading.title, where), () => checkGrading(grading)));
  });
  section(input, 'checks').forEach((v, i) => {
    const where = `checks[${i}]`;
    const check = item(v, where);
    section(check, 'proposals').forEach((p, j) => {
      const reading = item(p, `${where}.proposals[${j}]`);
      results.push(run(`${where}.proposals[${j}]`, 'consensus', `${text(check.title, where)}: ${text(reading.proposal, `proposal ${j + 1}`)}`, () => checkConsensus(check, reading)));
    });
  });
  const totals = { results: results.length, match: 0, mismatch: 0, unchecked: 0, invalid: 0 };
  for (const r of results) totals[r.status]++;
  const convention = isObject(input.convention) && typeof input.convention.name === 'string' ? input.convention.name : null;
  return {
    kind: 'export',
    convention,
    exportedAt: typeof input.exportedAt === 'string' ? input.exportedAt : null,
    exportVersion: typeof input.version === 'number' ? input.version : null,
    matches: totals.match === totals.results,
    totals,
    results,
  };
}
