import type { AppError } from '../../../shared/errors.ts';
import type { VoteChoice } from '../../../shared/features/votes/types.ts';
import type { CommandInput } from '../../../shared/registry.ts';
import type { VoteSummary } from '../../../shared/features/votes/views.ts';
import { SvelteMap } from 'svelte/reactivity';
import type { Live } from '../../lib/live.svelte.ts';
import type { OptimisticEdit } from '../../lib/optimistic-edit.ts';
import { optimisticEdit } from '../../lib/optimistic-edit.svelte.ts';
import { forgetSecretChoice, keepSecretChoice, readSecretChoices } from './secret-choices.ts';

// This phone's ballots: what the member chose, what waits to be sent (the Live outbox keeps it
// across Wi-Fi gaps and reloads and sends it when the connection returns), what the server took.
// One object for all the open votes, so a batch's progress counts what each row shows.

/**
 * 'boxed': a secret ballot the server holds (the member's view counts it among who voted) but has
 * not acknowledged yet: it waits in the ballot box (server/engine/ballot-box.ts) to be counted
 * with the next ones. It is cast; only the outbox still waits for its ack.
 */
export type BallotState = 'todo' | 'pending' | 'boxed' | 'done';

type CastArgs = CommandInput<'vote.cast'>;

export class Ballots {
  private readonly live: Live;
  private readonly memberId: string;
  /**
   * A ballot per vote as an optimistic edit (client/lib/optimistic-edit.ts): its base is the
   * answer the server took on this page, shown as voted until the member's view says so too.
   */
  private readonly edits = new SvelteMap<string, OptimisticEdit<VoteChoice | null, VoteChoice>>();
  /** Secret choices, kept on this phone only, to remind the member while their vote is open (closed-secrets.ts). */
  private secretKept = $state<Record<string, VoteChoice>>({});
  errors = $state<Record<string, AppError>>({});

  private readonly voted = $derived.by(() => new Set(this.live.member?.votes.voted ?? []));
  /** The last choice waiting to be sent, per vote (a changed public vote sends the latest last). */
  private readonly waiting = $derived.by(() => {
    const out = new Map<string, VoteChoice>();
    for (const entry of this.live.pending) if (entry.name === 'vote.cast') out.set((entry.args as CastArgs).voteId, (entry.args as CastArgs).choice);
    return out;
  });

  constructor(live: Live, memberId: string) {
    this.live = live;
    this.memberId = memberId;
    this.secretKept = readSecretChoices(memberId);
  }

  private acked(voteId: string): VoteChoice | null {
    return this.edits.get(voteId)?.state.base.value ?? null;
  }

  private edit(voteId: string): OptimisticEdit<VoteChoice | null, VoteChoice> {
    let edit = this.edits.get(voteId);
    if (!edit) {
      edit = optimisticEdit<VoteChoice | null, VoteChoice>({
        server: { value: null, version: 0 },
        send: (choice) => this.live.send('vote.cast', { voteId, choice }),
        committed: (choice) => choice,
      });
      this.edits.set(voteId, edit);
    }
    return edit;
  }

  state(voteId: string): BallotState {
    // Only a secret ballot (its choice kept here) waits in the box; a public one is answered at once.
    if (this.waiting.has(voteId)) return this.voted.has(voteId) && voteId in this.secretKept ? 'boxed' : 'pending';
    return this.voted.has(voteId) || this.acked(voteId) !== null ? 'done' : 'todo';
  }

  /** The choice to show: waiting, else the one kept here (secret) or known to the server (public). */
  choice(vote: VoteSummary): VoteChoice | null {
    const waiting = this.waiting.get(vote.id);
    if (waiting) return waiting;
    if (vote.secret) return vote.status === 'open' ? (this.secretKept[vote.id] ?? null) : null;
    return this.acked(vote.id) ?? this.live.member?.votes.choices[vote.id] ?? null;
  }

  /** The page forgets the reminders of votes no longer open, as storage does (closed-secrets.ts). */
  forgetClosed(votes: readonly VoteSummary[]): void {
    const kept = Object.entries(this.secretKept).filter(([id]) => votes.some((v) => v.id === id && v.status === 'open'));
    if (kept.length < Object.keys(this.secretKept).length) this.secretKept = Object.fromEntries(kept);
  }

  async cast(vote: VoteSummary, choice: VoteChoice): Promise<void> {
    // A secret ballot is cast once: a second tap while it waits would only be refused.
    if (vote.secret && this.state(vote.id) !== 'todo') return;
    this.errors = without(this.errors, vote.id);
    const keptBefore = vote.id in this.secretKept;
    if (vote.secret && !keptBefore) {
      keepSecretChoice(this.memberId, vote.id, choice);
      this.secretKept = { ...this.secretKept, [vote.id]: choice };
    }
    const edit = this.edit(vote.id);
    const ack = await edit.submit(choice);
    if (ack.ok) return;
    this.errors = { ...this.errors, [vote.id]: ack.error };
    // The server holds a ballot of this member already (cast from another phone): voted.
    if (ack.error.code === 'ALREADY_VOTED') edit.receive({ value: choice, version: edit.state.server.version + 1 });
    if (vote.secret && !keptBefore) {
      // Refused: this choice was never counted, or the member had voted from another phone and
      // this one does not know what.
      forgetSecretChoice(this.memberId, vote.id);
      this.secretKept = without(this.secretKept, vote.id);
    }
  }
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}
