import type { VoteChoice } from '../../../shared/features/votes/types.ts';

// In a secret vote the server keeps who voted, never what: the phone alone remembers the
// member's own choice, only to remind them ("vous avez voté Pour"), and says so. A reminder is
// kept only while it can be shown, that is while its vote is open: once the phone's view says
// the vote is closed (or no longer shows it), it is dropped (closed-secrets.ts, applied by
// MemberSeat.svelte, at start too), so a phone left in a drawer holds no secret choice.

const MAX_KEPT = 600;

/** Where one member's reminders are kept (forget-phone.ts forgets it whole). */
export const secretChoicesKey = (memberId: string) => `convergence.secretChoices.${memberId}`;
/** Where one member's consensus answers kept for a series' next wave are (wave-answers.ts). */
export const waveAnswersKey = (memberId: string) => `convergence.waveAnswers.${memberId}`;
const key = secretChoicesKey;

type Kept = Record<string, { choice: VoteChoice; at: number }>;

function readAll(memberId: string): Kept {
  try {
    const raw = localStorage.getItem(key(memberId));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Kept) : {};
  } catch {
    return {};
  }
}

function writeAll(memberId: string, kept: Kept): void {
  try {
    const entries = Object.entries(kept);
    // Nothing left to remind: no key at all, not an empty one.
    if (entries.length === 0) return localStorage.removeItem(key(memberId));
    // The oldest reminders go first when a convention's worth of votes piles up.
    const trimmed = entries.length > MAX_KEPT ? Object.fromEntries(entries.sort((a, b) => b[1].at - a[1].at).slice(0, MAX_KEPT)) : kept;
    localStorage.setItem(key(memberId), JSON.stringify(trimmed));
  } catch {
    // Private mode or a full storage: no reminder, the vote itself is not affected.
  }
}

export function readSecretChoices(memberId: string): Record<string, VoteChoice> {
  const kept = readAll(memberId);
  const out: Record<string, VoteChoice> = {};
  for (const [voteId, entry] of Object.entries(kept)) {
    if (entry && (entry.choice === 'for' || entry.choice === 'against' || entry.choice === 'abstain')) out[voteId] = entry.choice;
  }
  return out;
}

export function keepSecretChoice(memberId: string, voteId: string, choice: VoteChoice): void {
  const kept = readAll(memberId);
  kept[voteId] = { choice, at: Date.now() };
  writeAll(memberId, kept);
}

export function forgetSecretChoice(memberId: string, voteId: string): void {
  forgetSecretChoices(memberId, [voteId]);
}

/** Drops these reminders (their votes closed: closed-secrets.ts). */
export function forgetSecretChoices(memberId: string, voteIds: readonly string[]): void {
  const kept = readAll(memberId);
  const gone = voteIds.filter((id) => id in kept);
  if (gone.length === 0) return;
  for (const id of gone) delete kept[id];
  writeAll(memberId, kept);
}
