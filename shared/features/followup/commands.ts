import * as v from 'valibot';
import { id, isoDate, text } from '../../schema-parts.ts';
import type { ArgsOf, RoleMap } from '../../domain/feature.ts';
import { COUNCIL_OUTCOMES, MILESTONE_STATUSES } from './types.ts';

// Commands of the follow-up after the Council: payload schemas and who may send them (the
// facilitator: the organisers keep the record once the room has gone home).

export const FOLLOWUP_LIMITS = {
  linkMax: 500,
  noteMax: 1000,
  departmentMax: 200,
  milestoneTitleMax: 200,
  updateTextMax: 2000,
  /** Per proposal: more are refused (LIMIT_REACHED); removed ones count, they can be restored. */
  milestonesMax: 50,
  updatesMax: 200,
} as const;

/**
 * A public web address: https only (the link is shown on phones and on the public page, so no
 * plain http, no javascript: or data: address), with a host and no user name or password in it.
 */
export function isHttpsLink(value: string): boolean {
  if (/\s/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
}

const link = v.pipe(v.string(), v.trim(), v.maxLength(FOLLOWUP_LIMITS.linkMax), v.check(isHttpsLink, 'an https:// address'));
/** Free text that may be empty ('' clears it). */
const optionalText = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const proposal = v.strictObject({ proposalId: id });
const milestoneRef = v.strictObject({ proposalId: id, milestoneId: id });
const updateRef = v.strictObject({ proposalId: id, updateId: id });
const milestoneFields = {
  title: text(FOLLOWUP_LIMITS.milestoneTitleMax),
  due: v.optional(v.nullable(isoDate), null),
  status: v.optional(v.picklist(MILESTONE_STATUSES), 'planned'),
};
const updateFields = { date: isoDate, text: text(FOLLOWUP_LIMITS.updateTextMax) };

export const followUpSchemas = {
  /** The Council's decision on an adopted proposal; replaces an earlier one (a correction). */
  'followup.decide': v.strictObject({
    proposalId: id,
    outcome: v.picklist(COUNCIL_OUTCOMES),
    date: isoDate,
    link: v.optional(v.nullable(link), null),
    note: v.optional(optionalText(FOLLOWUP_LIMITS.noteMax), ''),
  }),
  /** Takes a decision recorded by mistake back: the proposal waits for the Council again. */
  'followup.clearDecision': proposal,
  /** The department in charge ('' clears it). */
  'followup.setDepartment': v.strictObject({ proposalId: id, department: optionalText(FOLLOWUP_LIMITS.departmentMax) }),
  'followup.addMilestone': v.strictObject({ proposalId: id, ...milestoneFields }),
  /** Title, due date and status together: the console's form sends the whole milestone. */
  'followup.editMilestone': v.strictObject({ proposalId: id, milestoneId: id, ...milestoneFields }),
  /** Struck out, not deleted: followup.restoreMilestone brings it back as it was. */
  'followup.removeMilestone': milestoneRef,
  'followup.restoreMilestone': milestoneRef,
  'followup.addUpdate': v.strictObject({ proposalId: id, ...updateFields }),
  'followup.editUpdate': v.strictObject({ proposalId: id, updateId: id, ...updateFields }),
  'followup.removeUpdate': updateRef,
  'followup.restoreUpdate': updateRef,
} as const;

const FACILITATOR = ['facilitator'] as const;

export const followUpRoles = {
  'followup.decide': FACILITATOR,
  'followup.clearDecision': FACILITATOR,
  'followup.setDepartment': FACILITATOR,
  'followup.addMilestone': FACILITATOR,
  'followup.editMilestone': FACILITATOR,
  'followup.removeMilestone': FACILITATOR,
  'followup.restoreMilestone': FACILITATOR,
  'followup.addUpdate': FACILITATOR,
  'followup.editUpdate': FACILITATOR,
  'followup.removeUpdate': FACILITATOR,
  'followup.restoreUpdate': FACILITATOR,
} as const satisfies RoleMap<typeof followUpSchemas>;

/** The parsed arguments of one of this feature's commands. */
export type Args<N extends keyof typeof followUpSchemas> = ArgsOf<typeof followUpSchemas, N>;

/** What each command's ack carries (commands not listed carry nothing). */
export interface FollowUpResults {
  'followup.addMilestone': { milestoneId: string };
  'followup.addUpdate': { updateId: string };
}
