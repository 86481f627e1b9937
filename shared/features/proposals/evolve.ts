import type { Convention } from '../../domain/types.ts';
import type { Proposal, ProposalHistoryEntry, ProposalOrigin, ProposalStatus, Annotation, ProposalActor, ProposalVersion } from './types.ts';

// How proposal events change the state (see shared/features/core/evolve.ts for the rules every
// evolve obeys).

/** Events of proposals. */
export type ProposalEvent =
  | { type: 'ProposalsAdded'; proposals: Proposal[] }
  | { type: 'ProposalEdited'; proposalId: string; version: ProposalVersion }
  | { type: 'ProposalEditRefused'; proposalId: string; by: ProposalActor; at: number; baseVersion: number }
  | { type: 'ProposalStatusSet'; proposalIds: string[]; status: ProposalStatus; by: ProposalActor; at: number }
  | { type: 'ProposalsMerged'; sourceId: string; targetId: string; at: number }
  | { type: 'ProposalsUnmerged'; sourceId: string; targetId: string; at: number }
  | { type: 'ProposalAnnotated'; proposalId: string; annotation: Annotation };

const PROPOSAL_EVENTS = new Set<string>(['ProposalsAdded', 'ProposalEdited', 'ProposalEditRefused', 'ProposalStatusSet', 'ProposalsMerged', 'ProposalsUnmerged', 'ProposalAnnotated'] satisfies ProposalEvent['type'][]);

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
      return update(merged, event.targetId, (p) => {
        const addedAuthorIds = source.authorIds.filter((id, i) => !p.authorIds.includes(id) && source.authorIds.indexOf(id) === i);
        return {
          origins: [...p.origins, ...source.origins],
          authorIds: [...p.authorIds, ...addedAuthorIds],
          mergedFrom: [...p.mergedFrom, event.sourceId],
          history: [...p.history, { kind: 'absorbed', at: event.at, sourceId: event.sourceId, addedAuthorIds, addedOrigins: source.origins }],
        };
      });
    }
    case 'ProposalsUnmerged': {
      const target = s.proposals[event.targetId];
      const absorbed = target && lastAbsorbed(target, event.sourceId);
      if (!absorbed) return s;
      const restored = update(s, event.sourceId, (p) => {
        const status = statusBeforeMerge(p);
        return {
          status,
          mergedInto: null,
          history: [...p.history, { kind: 'status', by: { kind: 'facilitator' }, at: event.at, from: 'merged', to: status }, { kind: 'unmerged_from', at: event.at, targetId: event.targetId }],
        };
      });
      // Take back what merges added and no other duplicate still merged in brings: the target's
      // own authors are those no merge ever added (an unmerge removes only added ones).
      const stillMerged = target.mergedFrom.filter((id) => id !== event.sourceId);
      const addedByMerges = new Set(target.history.flatMap((entry) => (entry.kind === 'absorbed' ? entry.addedAuthorIds : [])));
      const authorElsewhere = (authorId: string) => stillMerged.some((id) => s.proposals[id]?.authorIds.includes(authorId));
      return update(restored, event.targetId, (p) => ({
        authorIds: p.authorIds.filter((id) => !addedByMerges.has(id) || authorElsewhere(id)),
        origins: withoutOrigins(p.origins, absorbed.addedOrigins),
        mergedFrom: stillMerged,
        history: [...p.history, { kind: 'released', at: event.at, sourceId: event.sourceId }],
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

type Absorbed = Extract<ProposalHistoryEntry, { kind: 'absorbed' }>;

/** The entry of the target's latest merge of sourceId (a proposal may be merged, freed, merged again). */
function lastAbsorbed(target: Proposal, sourceId: string): Absorbed | undefined {
  for (let i = target.history.length - 1; i >= 0; i--) {
    const entry = target.history[i]!;
    if (entry.kind === 'absorbed' && entry.sourceId === sourceId) return entry;
  }
  return undefined;
}

/** The status the duplicate had when it was merged (submitted, under study…). */
export function statusBeforeMerge(p: Proposal): ProposalStatus {
  for (let i = p.history.length - 1; i >= 0; i--) {
    const entry = p.history[i]!;
    if (entry.kind === 'status' && entry.to === 'merged') return entry.from;
  }
  return 'submitted';
}

/** `origins` less one occurrence of each of `removed` (the same mail may reach two proposals). */
function withoutOrigins(origins: ProposalOrigin[], removed: ProposalOrigin[]): ProposalOrigin[] {
  const rest = origins.slice();
  for (const origin of removed) {
    const i = rest.findIndex((o) => o.channel === origin.channel && o.reference === origin.reference && o.receivedAt === origin.receivedAt);
    if (i >= 0) rest.splice(i, 1);
  }
  return rest;
}

function update(s: Convention, id: string, change: (p: Proposal) => Partial<Proposal>): Convention {
  const proposal = s.proposals[id];
  if (!proposal) return s;
  return { ...s, proposals: { ...s.proposals, [id]: { ...proposal, ...change(proposal) } } };
}
