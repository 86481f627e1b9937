import type { ProposalEvent } from './events.ts';
import type { Convention, Proposal } from './types.ts';

// How proposal events change the state (see evolve.ts for the rules every evolve obeys).

const PROPOSAL_EVENTS = new Set<string>(['ProposalsAdded', 'ProposalEdited', 'ProposalEditRefused', 'ProposalStatusSet', 'ProposalsMerged', 'ProposalAnnotated'] satisfies ProposalEvent['type'][]);

export function isProposalEvent(event: { type: string }): event is ProposalEvent {
  return PROPOSAL_EVENTS.has(event.type);
}

export function evolveProposal(s: Convention, event: ProposalEvent): Convention {
  switch (event.type) {
    case 'ProposalsAdded': {
      const proposals = { ...s.proposals };
      for (const p of event.proposals) proposals[p.id] = p;
      return { ...s, proposals, proposalOrder: [...s.proposalOrder, ...event.proposals.map((p) => p.id)] };
    }
    case 'ProposalEdited':
      return update(s, event.proposalId, (p) => ({
        title: event.version.title,
        text: event.version.text,
        leverId: event.version.leverId,
        version: event.version.version,
        versions: [...p.versions, event.version],
        history: [...p.history, { kind: 'edited', by: event.version.by, at: event.version.at, version: event.version.version }],
      }));
    case 'ProposalEditRefused':
      return update(s, event.proposalId, (p) => ({
        history: [...p.history, { kind: 'edit_refused', by: event.by, at: event.at, baseVersion: event.baseVersion, currentVersion: p.version }],
      }));
    case 'ProposalStatusSet': {
      let next = s;
      for (const id of event.proposalIds) {
        next = update(next, id, (p) => ({ status: event.status, history: [...p.history, { kind: 'status', by: event.by, at: event.at, from: p.status, to: event.status }] }));
      }
      return next;
    }
    case 'ProposalsMerged': {
      const source = s.proposals[event.sourceId];
      if (!source) return s;
      const merged = update(s, event.sourceId, (p) => ({
        status: 'merged',
        mergedInto: event.targetId,
        history: [...p.history, { kind: 'status', by: { kind: 'facilitator' }, at: event.at, from: p.status, to: 'merged' }, { kind: 'merged_into', at: event.at, targetId: event.targetId }],
      }));
      // The target keeps both origins and every author: nobody's contribution disappears.
      return update(merged, event.targetId, (p) => ({
        origins: [...p.origins, ...source.origins],
        authorIds: [...new Set([...p.authorIds, ...source.authorIds])],
        mergedFrom: [...p.mergedFrom, event.sourceId],
        history: [...p.history, { kind: 'absorbed', at: event.at, sourceId: event.sourceId }],
      }));
    }
    case 'ProposalAnnotated':
      return update(s, event.proposalId, (p) => ({
        annotation: event.annotation,
        annotationHistory: p.annotation ? [...p.annotationHistory, p.annotation] : p.annotationHistory,
        history: [...p.history, { kind: 'annotated', at: event.annotation.at }],
      }));
  }
}

function update(s: Convention, id: string, change: (p: Proposal) => Partial<Proposal>): Convention {
  const proposal = s.proposals[id];
  if (!proposal) return s;
  return { ...s, proposals: { ...s.proposals, [id]: { ...proposal, ...change(proposal) } } };
}
