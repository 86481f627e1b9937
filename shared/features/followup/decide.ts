import type { Deciders } from '../../domain/feature.ts';
import { appError, type AppError } from '../../errors.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import { isError, own } from '../../domain/lookup.ts';
import type { Convention } from '../../domain/types.ts';
import { adoptionOf, type Adoption } from './adopted.ts';
import { FOLLOWUP_LIMITS, type Args, type FollowUpResults, type followUpRoles, type followUpSchemas } from './commands.ts';
import { emptyFollowUp, type FollowUp, type Milestone, type FollowUpUpdate } from './types.ts';

// The follow-up after the Council: what the Council decided about each proposal the convention
// adopted, who carries it out, its milestones and dated updates. Every change is one FollowUpSet
// event with the proposal's whole follow-up; a change that changes nothing (a retry, the same
// form sent twice) appends nothing.

/** The proposal's follow-up (empty before the first entry), once it is known to be adopted. */
function adoptedEntry(conv: Convention, proposalId: string): { entry: FollowUp; adoption: Adoption } | AppError {
  if (!own(conv.proposals, proposalId)) return appError('NOT_FOUND', `no proposal ${proposalId}`, { entity: 'proposal' });
  const adoption = adoptionOf(conv, proposalId);
  if (!adoption) return appError('PROPOSAL_NOT_ADOPTED', 'only a proposal the convention adopted (its last adoption vote) has a follow-up');
  return { entry: (conv.followUp && own(conv.followUp, proposalId)) ?? emptyFollowUp(proposalId), adoption };
}

/** Applies `how` to the proposal's follow-up: one event with the result, none when it is the same. */
function change(conv: Convention, proposalId: string, how: (entry: FollowUp, adoption: Adoption) => FollowUp | AppError): Decision {
  const found = adoptedEntry(conv, proposalId);
  if (isError(found)) return refuse(found);
  const next = how(found.entry, found.adoption);
  if (isError(next)) return refuse(next);
  if (JSON.stringify(next) === JSON.stringify(found.entry)) return accept([]);
  return accept([{ type: 'FollowUpSet', proposalId, followUp: next }]);
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Refuses a date that cannot be right: nothing about the follow-up comes before the convention
 * adopted the proposal, and what already happened (the Council's decision, an update) is not more
 * than a day ahead of the server's clock (a day, for time zones); a milestone's due date may be
 * planned later.
 */
function badDate(date: string | null, adoption: Adoption, ctx: DecideContext, kind: 'happened' | 'planned'): AppError | undefined {
  if (date === null) return undefined;
  if (date < adoption.day) return appError('INVALID_DATES', 'a follow-up date before the convention adopted the proposal', { reason: 'before_adoption', earliest: adoption.day });
  const latest = isoDay(ctx.now() + DAY_MS);
  if (kind === 'happened' && date > latest) return appError('INVALID_DATES', 'a decision or update dated in the future', { reason: 'future', latest });
  return undefined;
}

const noMilestone = () => appError('NOT_FOUND', 'no such milestone', { entity: 'milestone' });
const noUpdate = () => appError('NOT_FOUND', 'no such update', { entity: 'update' });
const removed = (what: string) => appError('WRONG_PHASE', `this ${what} was removed: restore it first`, { phase: 'removed' });
const tooMany = (limit: number) => appError('LIMIT_REACHED', 'too many entries for one proposal', { limit });

export function decideCouncil(conv: Convention, args: Args<'followup.decide'>, ctx: DecideContext): Decision {
  return change(conv, args.proposalId, (entry, adoption) => {
    // The Council decides on what the convention handed it: never before the adoption, never ahead of time.
    const wrong = badDate(args.date, adoption, ctx, 'happened');
    if (wrong) return wrong;
    const same = entry.decision && entry.decision.outcome === args.outcome && entry.decision.date === args.date && entry.decision.link === args.link && entry.decision.note === args.note;
    if (same) return entry;
    return { ...entry, decision: { outcome: args.outcome, date: args.date, link: args.link, note: args.note, at: ctx.now() } };
  });
}

function addMilestone(conv: Convention, args: Args<'followup.addMilestone'>, ctx: DecideContext): Decision<{ milestoneId: string }> {
  const milestoneId = ctx.newId();
  const decision = change(conv, args.proposalId, (entry, adoption) => {
    if (entry.milestones.length >= FOLLOWUP_LIMITS.milestonesMax) return tooMany(FOLLOWUP_LIMITS.milestonesMax);
    const wrong = badDate(args.due, adoption, ctx, 'planned');
    if (wrong) return wrong;
    return { ...entry, milestones: [...entry.milestones, { id: milestoneId, title: args.title, due: args.due, status: args.status }] };
  });
  return decision.ok ? accept(decision.events, { milestoneId }) : decision;
}

/** Changes one milestone; `edit` may refuse (a removed one cannot be edited). */
function onMilestone(conv: Convention, proposalId: string, milestoneId: string, edit: (m: Milestone, adoption: Adoption) => Milestone | AppError): Decision {
  return change(conv, proposalId, (entry, adoption) => {
    const milestone = entry.milestones.find((m) => m.id === milestoneId);
    if (!milestone) return noMilestone();
    const next = edit(milestone, adoption);
    if (isError(next)) return next;
    return { ...entry, milestones: entry.milestones.map((m) => (m.id === milestoneId ? next : m)) };
  });
}

function addUpdate(conv: Convention, args: Args<'followup.addUpdate'>, ctx: DecideContext): Decision<{ updateId: string }> {
  const updateId = ctx.newId();
  const decision = change(conv, args.proposalId, (entry, adoption) => {
    if (entry.updates.length >= FOLLOWUP_LIMITS.updatesMax) return tooMany(FOLLOWUP_LIMITS.updatesMax);
    const wrong = badDate(args.date, adoption, ctx, 'happened');
    if (wrong) return wrong;
    return { ...entry, updates: [...entry.updates, { id: updateId, date: args.date, text: args.text }] };
  });
  return decision.ok ? accept(decision.events, { updateId }) : decision;
}

function onUpdate(conv: Convention, proposalId: string, updateId: string, edit: (u: FollowUpUpdate, adoption: Adoption) => FollowUpUpdate | AppError): Decision {
  return change(conv, proposalId, (entry, adoption) => {
    const update = entry.updates.find((u) => u.id === updateId);
    if (!update) return noUpdate();
    const next = edit(update, adoption);
    if (isError(next)) return next;
    return { ...entry, updates: entry.updates.map((u) => (u.id === updateId ? next : u)) };
  });
}

/** Without its `removedAt`: standing again. */
function restored<T extends { removedAt?: number }>(item: T): T {
  const { removedAt: _, ...rest } = item;
  return rest as T;
}

export const followUpDeciders: Deciders<typeof followUpSchemas, typeof followUpRoles, FollowUpResults> = {
  'followup.decide': (c, a, e) => decideCouncil(c, a, e.ctx),
  'followup.clearDecision': (c, a) => change(c, a.proposalId, (entry) => ({ ...entry, decision: null })),
  'followup.setDepartment': (c, a) => change(c, a.proposalId, (entry) => ({ ...entry, department: a.department })),
  'followup.addMilestone': (c, a, e) => addMilestone(c, a, e.ctx),
  'followup.editMilestone': (c, a, e) =>
    onMilestone(c, a.proposalId, a.milestoneId, (m, adoption) => (m.removedAt !== undefined ? removed('milestone') : (badDate(a.due, adoption, e.ctx, 'planned') ?? { ...m, title: a.title, due: a.due, status: a.status }))),
  'followup.removeMilestone': (c, a, e) => onMilestone(c, a.proposalId, a.milestoneId, (m) => (m.removedAt !== undefined ? m : { ...m, removedAt: e.ctx.now() })),
  'followup.restoreMilestone': (c, a) => onMilestone(c, a.proposalId, a.milestoneId, restored),
  'followup.addUpdate': (c, a, e) => addUpdate(c, a, e.ctx),
  'followup.editUpdate': (c, a, e) =>
    onUpdate(c, a.proposalId, a.updateId, (u, adoption) => (u.removedAt !== undefined ? removed('update') : (badDate(a.date, adoption, e.ctx, 'happened') ?? { ...u, date: a.date, text: a.text }))),
  'followup.removeUpdate': (c, a, e) => onUpdate(c, a.proposalId, a.updateId, (u) => (u.removedAt !== undefined ? u : { ...u, removedAt: e.ctx.now() })),
  'followup.restoreUpdate': (c, a) => onUpdate(c, a.proposalId, a.updateId, restored),
};
