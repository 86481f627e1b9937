import type { DecideContext } from '../../domain/context.ts';
import type { Convention } from '../../domain/types.ts';
import type { Proposal, ProposalActor, ProposalOrigin, ProposalStatus } from './types.ts';

export function newProposal(conv: Convention, ctx: DecideContext, fields: { title: string; text: string; leverId: string; status: ProposalStatus; authorIds: string[]; tableId: string | null; origin: ProposalOrigin; by: ProposalActor; importKey?: string | null }, numberOffset = 0): Proposal {
  const at = ctx.now();
  return {
    id: ctx.newId(),
    number: conv.proposalOrder.length + 1 + numberOffset,
    title: fields.title,
    text: fields.text,
    leverId: fields.leverId,
    version: 1,
    status: fields.status,
    authorIds: fields.authorIds,
    tableId: fields.tableId,
    origins: [fields.origin],
    versions: [{ version: 1, title: fields.title, text: fields.text, leverId: fields.leverId, by: fields.by, at }],
    annotation: null,
    annotationHistory: [],
    mergedInto: null,
    mergedFrom: [],
    history: [{ kind: 'created', by: fields.by, at, origin: fields.origin }],
    importKey: fields.importKey ?? null,
  };
}
