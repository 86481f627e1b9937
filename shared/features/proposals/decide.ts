import type { Deciders } from '../../domain/feature.ts';
import { appError } from '../../errors.ts';
import type { Args } from './commands.ts';
import { newProposal } from './new-proposal.ts';
import { importProposals } from './import.ts';
import { accept, refuse, refuseAndRecord, type DecideContext, type Decision } from '../../domain/context.ts';
import { isError, liveSession, own, tableOf } from '../../domain/lookup.ts';
import type { ProposalResults, proposalRoles, proposalSchemas } from './commands.ts';
import type { Actor, Convention } from '../../domain/types.ts';
import type { Proposal, ProposalActor, ProposalOrigin, ProposalStatus } from './types.ts';

/** The engine let only members send these commands (commands.ts): the actor is one. */
type MemberActor = Extract<Actor, { role: 'member' }>;

// Proposals: written on phones, entered from mail and paper, imported, annotated by the support
// group, drafted by tables with versions, merged when they duplicate each other. Every change is
// a version or a history entry: nothing is overwritten silently.

/** Statuses in which a proposal's text may still change. */
const EDITABLE: ReadonlySet<ProposalStatus> = new Set(['draft', 'submitted', 'under_study']);

export function proposalActor(actor: Actor): ProposalActor {
  if (actor.role === 'member') return { kind: 'member', memberId: actor.memberId };
  if (actor.role === 'support') return { kind: 'support' };
  if (actor.role === 'facilitator') return { kind: 'facilitator' };
  return { kind: 'import' };
}

function findProposal(conv: Convention, proposalId: string) {
  return own(conv.proposals, proposalId) ?? appError('NOT_FOUND', 'no such proposal', { entity: 'proposal' });
}

function knownLever(conv: Convention, leverId: string): boolean {
  return conv.levers.some((l) => l.id === leverId);
}

/** A member may edit what they wrote and what their table drafts; the facilitator, everything. */
export function mayEdit(conv: Convention, proposal: Proposal, actor: Actor): boolean {
  if (actor.role === 'facilitator') return true;
  if (actor.role !== 'member') return false;
  if (proposal.authorIds.includes(actor.memberId)) return true;
  // A draft is its authors' alone until it is submitted.
  if (!proposal.tableId || proposal.status === 'draft') return false;
  return Object.values(conv.sessions).some((s) => s.tables.some((t) => t.id === proposal.tableId && t.memberIds.includes(actor.memberId)));
}

export function createProposal(conv: Convention, args: Args<'proposal.create'>, actor: MemberActor, ctx: DecideContext): Decision<{ proposalId: string; number: number; }> {
  if (!knownLever(conv, args.leverId)) return refuse(appError('UNKNOWN_LEVER', 'no such lever'));
  // Written during a session, it belongs to the member's table there; between sessions, to the member.
  const session = liveSession(conv);
  const table = session ? tableOf(session, actor.memberId) : null;
  const proposal = newProposal(conv, ctx, {
    title: args.title,
    text: args.text,
    leverId: args.leverId,
    status: args.submit ? 'submitted' : 'draft',
    authorIds: [actor.memberId],
    tableId: table?.id ?? null,
    origin: { channel: 'phone', reference: '', receivedAt: ctx.now() },
    by: proposalActor(actor),
  });
  return accept([{ type: 'ProposalsAdded', proposals: [proposal] }], { proposalId: proposal.id, number: proposal.number });
}

export function enterProposal(conv: Convention, args: Args<'proposal.enter'>, actor: Actor, ctx: DecideContext): Decision<{ proposalId: string; number: number; }> {
  if (!knownLever(conv, args.leverId)) return refuse(appError('UNKNOWN_LEVER', 'no such lever'));
  const unknown = args.authorIds.find((id) => !own(conv.members, id));
  if (unknown) return refuse(appError('NOT_FOUND', `no member ${unknown}`, { entity: 'member' }));
  const receivedAt = args.receivedAt ? Date.parse(`${args.receivedAt}T12:00:00Z`) : ctx.now();
  const proposal = newProposal(conv, ctx, {
    title: args.title,
    text: args.text,
    leverId: args.leverId,
    status: 'submitted',
    authorIds: [...new Set(args.authorIds)],
    tableId: null,
    origin: { channel: args.channel, reference: args.reference, receivedAt },
    by: proposalActor(actor),
  });
  return accept([{ type: 'ProposalsAdded', proposals: [proposal] }], { proposalId: proposal.id, number: proposal.number });
}

/**
 * A new version. It must be based on the current one: an edit made on an older version is
 * refused with the current text (and the attempt is kept in the history), never merged silently.
 */
export function editProposal(conv: Convention, args: Args<'proposal.edit'>, actor: Actor, ctx: DecideContext): Decision<{ version: number; }> {
  const proposal = findProposal(conv, args.proposalId);
  if (isError(proposal)) return refuse(proposal);
  if (!mayEdit(conv, proposal, actor)) return refuse(appError('NOT_ALLOWED_TO_EDIT', 'not an author or a member of its table'));
  if (!EDITABLE.has(proposal.status) && actor.role !== 'facilitator') return refuse(appError('PROPOSAL_CLOSED', `the proposal is ${proposal.status}`, { status: proposal.status }));
  if (!knownLever(conv, args.leverId)) return refuse(appError('UNKNOWN_LEVER', 'no such lever'));
  const by = proposalActor(actor);
  if (args.baseVersion !== proposal.version) {
    const current = { version: proposal.version, title: proposal.title, text: proposal.text, leverId: proposal.leverId };
    return refuseAndRecord(appError('CONFLICT', 'the proposal changed meanwhile', { current }), [
      { type: 'ProposalEditRefused', proposalId: proposal.id, by, at: ctx.now(), baseVersion: args.baseVersion },
    ]);
  }
  if (args.title === proposal.title && args.text === proposal.text && args.leverId === proposal.leverId) return accept([], { version: proposal.version });
  const version = { version: proposal.version + 1, title: args.title, text: args.text, leverId: args.leverId, by, at: ctx.now() };
  return accept([{ type: 'ProposalEdited', proposalId: proposal.id, version }], { version: version.version });
}

export function submitProposal(conv: Convention, args: Args<'proposal.submit'>, actor: Actor, ctx: DecideContext): Decision {
  const proposal = findProposal(conv, args.proposalId);
  if (isError(proposal)) return refuse(proposal);
  if (!mayEdit(conv, proposal, actor)) return refuse(appError('NOT_ALLOWED_TO_EDIT', 'not an author'));
  if (proposal.status === 'submitted') return accept([]);
  if (proposal.status !== 'draft') return refuse(appError('PROPOSAL_CLOSED', `the proposal is ${proposal.status}`, { status: proposal.status }));
  return accept([{ type: 'ProposalStatusSet', proposalIds: [proposal.id], status: 'submitted', by: proposalActor(actor), at: ctx.now() }]);
}

export function withdrawProposal(conv: Convention, args: Args<'proposal.withdraw'>, actor: Actor, ctx: DecideContext): Decision {
  const proposal = findProposal(conv, args.proposalId);
  if (isError(proposal)) return refuse(proposal);
  const author = actor.role === 'member' && proposal.authorIds.includes(actor.memberId);
  if (actor.role !== 'facilitator' && !author) return refuse(appError('NOT_ALLOWED_TO_EDIT', 'only an author or the facilitator withdraws'));
  if (proposal.status === 'withdrawn') return accept([]);
  // The facilitator may still take back a proposal queued for the vote; its author may not.
  const facilitatorMay = actor.role === 'facilitator' && proposal.status === 'ready_for_vote';
  if (!EDITABLE.has(proposal.status) && !facilitatorMay) return refuse(appError('PROPOSAL_CLOSED', `the proposal is ${proposal.status}`, { status: proposal.status }));
  return accept([{ type: 'ProposalStatusSet', proposalIds: [proposal.id], status: 'withdrawn', by: proposalActor(actor), at: ctx.now() }]);
}

/** Bulk status changes from the console, e.g. every proposal of a lever "ready for vote". */
export function setStatus(conv: Convention, args: Args<'proposal.setStatus'>, actor: Actor, ctx: DecideContext): Decision<{ changed: number; }> {
  const unknown = args.proposalIds.find((id) => !own(conv.proposals, id));
  if (unknown) return refuse(appError('NOT_FOUND', `no proposal ${unknown}`, { entity: 'proposal' }));
  // A merged proposal lives on in its target: its status stays 'merged'.
  const ids = [...new Set(args.proposalIds)].filter((id) => conv.proposals[id]!.status !== args.status && conv.proposals[id]!.status !== 'merged');
  if (ids.length === 0) return accept([], { changed: 0 });
  return accept([{ type: 'ProposalStatusSet', proposalIds: ids, status: args.status, by: proposalActor(actor), at: ctx.now() }], { changed: ids.length });
}

/** Merges a duplicate into another: the target keeps both origins and all authors. */
export function mergeProposals(conv: Convention, args: Args<'proposal.merge'>, ctx: DecideContext): Decision {
  const source = findProposal(conv, args.sourceId);
  if (isError(source)) return refuse(source);
  const target = findProposal(conv, args.targetId);
  if (isError(target)) return refuse(target);
  const closed = (status: string) => status === 'merged' || status === 'draft';
  if (source.id === target.id || closed(source.status) || closed(target.status) || target.status === 'withdrawn') {
    return refuse(appError('INVALID_MERGE', 'pick two different open proposals'));
  }
  return accept([{ type: 'ProposalsMerged', sourceId: source.id, targetId: target.id, at: ctx.now() }]);
}

/**
 * Undoes a merge made by mistake: the duplicate stands on its own again with the status it had,
 * and the kept proposal gives back the origins and authors the merge brought (proposals-evolve.ts).
 */
export function unmergeProposals(conv: Convention, args: Args<'proposal.unmerge'>, ctx: DecideContext): Decision {
  const source = findProposal(conv, args.sourceId);
  if (isError(source)) return refuse(source);
  const target = findProposal(conv, args.targetId);
  if (isError(target)) return refuse(target);
  if (source.status !== 'merged' || source.mergedInto !== target.id) return refuse(appError('NOT_MERGED', 'that proposal is not merged into this one'));
  // Undo in the reverse order: the kept proposal was itself merged since; free it first.
  if (target.status === 'merged') return refuse(appError('WRONG_PHASE', 'the kept proposal was merged in turn: undo that merge first', { phase: 'merged' }));
  return accept([{ type: 'ProposalsUnmerged', sourceId: source.id, targetId: target.id, at: ctx.now() }]);
}

export function annotate(conv: Convention, args: Args<'proposal.annotate'>, ctx: DecideContext): Decision {
  const proposal = findProposal(conv, args.proposalId);
  if (isError(proposal)) return refuse(proposal);
  if (proposal.status === 'draft') return refuse(appError('NOT_FOUND', 'drafts are private', { entity: 'proposal' }));
  const { proposalId, ...reading } = args;
  return accept([{ type: 'ProposalAnnotated', proposalId, annotation: { ...reading, at: ctx.now() } }]);
}

export const proposalDeciders: Deciders<typeof proposalSchemas, typeof proposalRoles, ProposalResults> = {
  'proposal.create': (c, a, e) => createProposal(c, a, e.actor, e.ctx),
  'proposal.import': (c, a, e) => importProposals(c, a.file, e.ctx),
  'proposal.enter': (c, a, e) => enterProposal(c, a, e.actor, e.ctx),
  'proposal.edit': (c, a, e) => editProposal(c, a, e.actor, e.ctx),
  'proposal.submit': (c, a, e) => submitProposal(c, a, e.actor, e.ctx),
  'proposal.withdraw': (c, a, e) => withdrawProposal(c, a, e.actor, e.ctx),
  'proposal.setStatus': (c, a, e) => setStatus(c, a, e.actor, e.ctx),
  'proposal.merge': (c, a, e) => mergeProposals(c, a, e.ctx),
  'proposal.unmerge': (c, a, e) => unmergeProposals(c, a, e.ctx),
  'proposal.annotate': (c, a, e) => annotate(c, a, e.ctx),
};
