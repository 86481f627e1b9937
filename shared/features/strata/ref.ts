import * as v from 'valibot';
import { id } from '../../schema-parts.ts';

// Which result is read by stratum: an adoption vote, one proposal of a consensus check or of a
// grading, a poll. The shape resultByStratum (counts.ts) takes, and screen.showStrata's `ref`.

export const stratumRefSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('vote'), id }),
  v.strictObject({ kind: v.literal('check'), id, proposalId: id }),
  v.strictObject({ kind: v.literal('grading'), id, proposalId: id }),
  v.strictObject({ kind: v.literal('poll'), id }),
]);

/**
 * The same shape as resultByStratum's StratumRef (counts.ts), which readings.ts holds it to at
 * compile time; written here from the schema so that the core's state (Session.strataShown) does
 * not import the counting.
 */
export type StratumRef = v.InferOutput<typeof stratumRefSchema>;

/** Whether two refs name the same result. */
export function sameRef(a: StratumRef, b: StratumRef): boolean {
  return a.kind === b.kind && a.id === b.id && ('proposalId' in a ? a.proposalId : null) === ('proposalId' in b ? b.proposalId : null);
}

/** A stable key for a ref (list keys, element ids): kind, id and proposal. */
export function refKey(ref: StratumRef): string {
  return 'proposalId' in ref ? `${ref.kind}:${ref.id}:${ref.proposalId}` : `${ref.kind}:${ref.id}`;
}
