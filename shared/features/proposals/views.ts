import { likelyDuplicates, type DuplicatePair } from './similarity.ts';
import type { Annotation, Proposal, ProposalChannel, ProposalHistoryEntry, ProposalStatus, ProposalVersion } from './types.ts';
import type { Convention } from '../../domain/types.ts';

// Proposals as each screen sees them. Drafts are their authors' alone (member channel); every
// other proposal is public with its support-group annotation, so members read it while drafting
// and voting. Members' names are not on the public list: a proposal speaks for its table.

export interface ProposalSummary {
  id: string;
  number: number;
  title: string;
  text: string;
  leverId: string;
  status: ProposalStatus;
  version: number;
  tableId: string | null;
  /** Table name, when a table drafts it. */
  tableName: string | null;
  channels: ProposalChannel[];
  annotation: Annotation | null;
  mergedInto: string | null;
}

/** The member's own proposals (drafts included) and what the member may edit. */
export interface MemberProposals {
  drafts: ProposalSummary[];
  /** Ids of proposals the member may edit (authored, or drafted by the member's table). */
  editable: string[];
  authored: string[];
}

export interface ConsoleProposal extends ProposalSummary {
  authors: { id: string; name: string }[];
  origins: Proposal['origins'];
  versions: ProposalVersion[];
  history: ProposalHistoryEntry[];
  mergedFrom: string[];
  annotationHistory: Annotation[];
}

function tableNames(conv: Convention): Map<string, string> {
  const names = new Map<string, string>();
  for (const id of conv.sessionOrder) for (const t of conv.sessions[id]!.tables) names.set(t.id, t.name);
  return names;
}

function summary(p: Proposal, names: Map<string, string>): ProposalSummary {
  return {
    id: p.id,
    number: p.number,
    title: p.title,
    text: p.text,
    leverId: p.leverId,
    status: p.status,
    version: p.version,
    tableId: p.tableId,
    tableName: p.tableId ? (names.get(p.tableId) ?? null) : null,
    channels: [...new Set(p.origins.map((o) => o.channel))],
    annotation: p.annotation,
    mergedInto: p.mergedInto,
  };
}

/** Every non-draft proposal, in the order received. */
export function publicProposals(conv: Convention): ProposalSummary[] {
  const names = tableNames(conv);
  return conv.proposalOrder.map((id) => conv.proposals[id]!).filter((p) => p.status !== 'draft').map((p) => summary(p, names));
}

export function memberProposals(conv: Convention, memberId: string): MemberProposals {
  const names = tableNames(conv);
  const tables = new Set<string>();
  for (const id of conv.sessionOrder) for (const t of conv.sessions[id]!.tables) if (t.memberIds.includes(memberId)) tables.add(t.id);
  const drafts: ProposalSummary[] = [];
  const editable: string[] = [];
  const authored: string[] = [];
  for (const id of conv.proposalOrder) {
    const p = conv.proposals[id]!;
    const author = p.authorIds.includes(memberId);
    if (author) authored.push(p.id);
    if (author && p.status === 'draft') drafts.push(summary(p, names));
    if (author || (p.status !== 'draft' && p.tableId && tables.has(p.tableId))) editable.push(p.id);
  }
  return { drafts, editable, authored };
}

// The console's list is recomputed up to 10 times a second; proposals change far less often.
const consoleCache = new WeakMap<object, { members: Convention['members']; sessions: Convention['sessions']; list: ConsoleProposal[] }>();

export function consoleProposals(conv: Convention): ConsoleProposal[] {
  const cached = consoleCache.get(conv.proposals);
  if (cached && cached.members === conv.members && cached.sessions === conv.sessions) return cached.list;
  const list = buildConsoleProposals(conv);
  consoleCache.set(conv.proposals, { members: conv.members, sessions: conv.sessions, list });
  return list;
}

function buildConsoleProposals(conv: Convention): ConsoleProposal[] {
  const names = tableNames(conv);
  return conv.proposalOrder
    .map((id) => conv.proposals[id]!)
    .filter((p) => p.status !== 'draft')
    .map((p) => ({
      ...summary(p, names),
      authors: p.authorIds.map((id) => ({ id, name: conv.members[id]?.name ?? '?' })),
      origins: p.origins,
      versions: p.versions,
      history: p.history,
      mergedFrom: p.mergedFrom,
      annotationHistory: p.annotationHistory,
    }));
}

/** How many drafts members are writing (the console sees counts, not private drafts). */
export function draftCount(conv: Convention): number {
  return conv.proposalOrder.filter((id) => conv.proposals[id]!.status === 'draft').length;
}

const duplicatesMemo = new WeakMap<object, DuplicatePair[]>();

/**
 * Likely duplicates among open proposals, for the console to suggest merges (formula in
 * docs/methods.md). The console view is recomputed up to 10 times a second while proposals change
 * far less often: the pairs are computed once per `conv.proposals` object (evolve() makes a new
 * one at every proposal event) and the same array is returned until then.
 */
export function duplicateSuggestions(conv: Convention): DuplicatePair[] {
  let pairs = duplicatesMemo.get(conv.proposals);
  if (!pairs) {
    pairs = likelyDuplicates(conv.proposals);
    duplicatesMemo.set(conv.proposals, pairs);
  }
  return pairs;
}
