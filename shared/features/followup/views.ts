import { own } from '../../domain/lookup.ts';
import type { Convention } from '../../domain/types.ts';
import { voteRecord } from '../votes/record.ts';
import { adoptions } from './adopted.ts';
import type { CouncilDecision, FollowUp, FollowUpUpdate, Milestone, MilestoneStatus } from './types.ts';

// The follow-up as each reader sees it. It holds no personal data (no member, no vote split):
// the same rows go to every phone, to the public page, to the open data and to export.json,
// which is why `followUpRows` is one pure function of the state they all call.

export interface MilestoneRow {
  id: string;
  title: string;
  due: string | null;
  status: MilestoneStatus;
}

export interface UpdateRow {
  id: string;
  date: string;
  text: string;
}

/** One proposal the convention adopted, and what became of it. */
export interface FollowUpRow {
  proposalId: string;
  number: number;
  /** The title as the convention voted on it. */
  title: string;
  leverId: string | null;
  /** The lever's title, or null when the lever is gone. */
  lever: string | null;
  /** The day the adopting vote closed (YYYY-MM-DD, UTC). */
  adoptedOn: string;
  /** What the Council decided; null while it has not. */
  decision: CouncilDecision | null;
  /** The department in charge ('' when not set). */
  department: string;
  /** Standing milestones, by due date (those without one last), then in the order they were added. */
  milestones: MilestoneRow[];
  /** Standing updates, newest first. */
  updates: UpdateRow[];
  /** Milestones done, over those not abandoned: "2 of 5". */
  progress: { done: number; total: number };
}

/** The console's row: also what was removed, so it can be restored. */
export interface ConsoleFollowUp extends FollowUpRow {
  removedMilestones: MilestoneRow[];
  removedUpdates: UpdateRow[];
}

const standing = <T extends { removedAt?: number }>(item: T) => item.removedAt === undefined;
const milestoneRow = ({ id, title, due, status }: Milestone): MilestoneRow => ({ id, title, due, status });
const updateRow = ({ id, date, text }: FollowUpUpdate): UpdateRow => ({ id, date, text });

function byDue(milestones: Milestone[]): Milestone[] {
  // Array.prototype.sort is stable: equal due dates keep the order they were added in.
  return [...milestones].sort((a, b) => (a.due === b.due ? 0 : a.due === null ? 1 : b.due === null ? -1 : a.due < b.due ? -1 : 1));
}

function newestFirst(updates: FollowUpUpdate[]): FollowUpUpdate[] {
  const order = new Map(updates.map((u, i) => [u.id, i]));
  return [...updates].sort((a, b) => (a.date === b.date ? order.get(b.id)! - order.get(a.id)! : a.date < b.date ? 1 : -1));
}

interface Built {
  /** What the rows were built from: the same objects mean the same rows. */
  from: [Convention['followUp'], Convention['proposals'], Convention['levers']];
  console: ConsoleFollowUp[];
  rows: FollowUpRow[];
}

// Views are recomputed on every change of the convention; the follow-up only when what it reads
// changed (evolve replaces a record whenever it changes it, so identity says it all).
const built = new WeakMap<Convention['votes'], Built>();

function build(conv: Convention): Built {
  const from: Built['from'] = [conv.followUp, conv.proposals, conv.levers];
  const known = built.get(conv.votes);
  if (known && known.from.every((part, i) => part === from[i])) return known;
  const levers = new Map(conv.levers.map((l) => [l.id, l.title]));
  const rows: ConsoleFollowUp[] = [];
  for (const adoption of adoptions(conv).values()) {
    const proposal = own(conv.proposals, adoption.proposalId);
    // The proposal as it was voted on; adopted by hand, as it stands.
    const voted = adoption.voteId === null ? undefined : voteRecord(conv, conv.votes[adoption.voteId]!).proposal;
    const entry: FollowUp | undefined = conv.followUp && own(conv.followUp, adoption.proposalId);
    const milestones = byDue(entry?.milestones ?? []);
    const updates = newestFirst(entry?.updates ?? []);
    const counted = milestones.filter((m) => standing(m) && m.status !== 'abandoned');
    rows.push({
      proposalId: adoption.proposalId,
      number: voted?.number ?? proposal?.number ?? 0,
      title: voted?.title ?? proposal?.title ?? '',
      leverId: proposal?.leverId ?? null,
      lever: proposal ? (levers.get(proposal.leverId) ?? null) : null,
      adoptedOn: adoption.day,
      decision: entry?.decision ?? null,
      department: entry?.department ?? '',
      milestones: milestones.filter(standing).map(milestoneRow),
      updates: updates.filter(standing).map(updateRow),
      progress: { done: counted.filter((m) => m.status === 'done').length, total: counted.length },
      removedMilestones: milestones.filter((m) => !standing(m)).map(milestoneRow),
      removedUpdates: updates.filter((u) => !standing(u)).map(updateRow),
    });
  }
  rows.sort((a, b) => a.number - b.number);
  const result: Built = { from, console: rows, rows: rows.map(({ removedMilestones: _m, removedUpdates: _u, ...row }) => row) };
  built.set(conv.votes, result);
  return result;
}

/** Every adopted proposal (by number) with its follow-up, removed entries included: the console's. */
export const consoleFollowUp = (conv: Convention): ConsoleFollowUp[] => build(conv).console;

/**
 * Every adopted proposal with its follow-up, as anyone may read it: phones, the public page's
 * progress table, the open data and export.json. Removed entries are left out.
 */
export const followUpRows = (conv: Convention): FollowUpRow[] => build(conv).rows;
