import * as v from 'valibot';
import { LIMITS } from '../../limits.ts';
import { id, isoDate } from '../../schema-parts.ts';
import type { ArgsOf, RoleMap } from '../../domain/feature.ts';

// Commands on proposals: payload schemas and who may send them.

const title = v.pipe(v.string(), v.trim(), v.minLength(LIMITS.proposalTitleMin), v.maxLength(LIMITS.proposalTitleMax));
const body = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(LIMITS.proposalTextMax));
const comment = v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.commentMax));
const score = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
// Not 'draft': a submitted proposal never goes back to its author's private drafts.
const status = v.picklist(['submitted', 'under_study', 'ready_for_vote', 'withdrawn', 'adopted', 'rejected']);

export const proposalSchemas = {
  /** Proposals from a file (CSV or JSON: mail, paper, another platform); POST /api/proposals/import sends its body here. */
  'proposal.import': v.strictObject({
    file: v.strictObject({ format: v.picklist(['csv', 'json']), text: v.pipe(v.string(), v.maxLength(LIMITS.httpBodyBytes)) }),
  }),
  /** A member writes a proposal on the phone: kept as a draft, or submitted at once. */
  'proposal.create': v.strictObject({ title, text: body, leverId: id, submit: v.boolean() }),
  /** The facilitator enters a proposal received by mail, on paper or on another platform. */
  'proposal.enter': v.strictObject({
    title,
    text: body,
    leverId: id,
    channel: v.picklist(['mail', 'paper', 'platform']),
    reference: v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.referenceMax)),
    authorIds: v.pipe(v.array(id), v.maxLength(50)),
    receivedAt: v.nullable(isoDate),
  }),
  'proposal.edit': v.strictObject({ proposalId: id, title, text: body, leverId: id, baseVersion: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
  'proposal.submit': v.strictObject({ proposalId: id }),
  'proposal.withdraw': v.strictObject({ proposalId: id }),
  'proposal.setStatus': v.strictObject({ proposalIds: v.pipe(v.array(id), v.minLength(1), v.maxLength(LIMITS.bulkMax)), status }),
  'proposal.merge': v.strictObject({ sourceId: id, targetId: id }),
  'proposal.unmerge': v.strictObject({ sourceId: id, targetId: id }),
  'proposal.annotate': v.strictObject({
    proposalId: id,
    ecological: v.strictObject({ score: score(0, 4), comment }),
    financial: v.strictObject({ score: score(0, 4), comment }),
    economic: v.strictObject({ score: score(-2, 2), comment }),
    competence: v.strictObject({ value: v.picklist(['competente', 'partagee', 'hors_competence']), note: comment }),
  }),
} as const;

const FACILITATOR = ['facilitator'] as const;

export const proposalRoles = {
  'proposal.import': FACILITATOR,
  'proposal.create': ['member'],
  'proposal.enter': FACILITATOR,
  'proposal.edit': ['member', 'facilitator'],
  'proposal.submit': ['member'],
  'proposal.withdraw': ['member', 'facilitator'],
  'proposal.setStatus': FACILITATOR,
  'proposal.merge': FACILITATOR,
  'proposal.unmerge': FACILITATOR,
  'proposal.annotate': ['support'],
} as const satisfies RoleMap<typeof proposalSchemas>;

/** The parsed arguments of one of this feature's commands. */
export type Args<N extends keyof typeof proposalSchemas> = ArgsOf<typeof proposalSchemas, N>;

/** What each command's ack carries (commands not listed carry nothing). */
export interface ProposalResults {
  'proposal.import': {
    added: number;
    /** alreadyImported + invalid. */
    skipped: number;
    alreadyImported: number;
    invalid: number;
    /** Numbers given to the new proposals (P-…), first and last; null when none was added. */
    numbers: { first: number; last: number } | null;
  };
  'proposal.create': { proposalId: string; number: number; };
  'proposal.enter': { proposalId: string; number: number; };
  'proposal.edit': { version: number; };
  'proposal.setStatus': { changed: number; };
}
