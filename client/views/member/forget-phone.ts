import { forgetKeys } from '../../lib/device-storage.ts';
import { MEMBER_OUTBOX_PREFIX } from '../../lib/outbox.ts';
import { forgetToken, type StoredSeat } from '../../lib/seat-storage.ts';
import { proposalFormPrefix } from './form-storage.ts';
import { secretChoicesKey, waveAnswersKey } from './secret-choices.ts';
import { visionDraftPrefix } from './vision-draft.ts';

// Everything this phone keeps of one seat, forgotten at once: when the member leaves the phone
// ("Quitter ce téléphone") and when the convention is archived (its token refused with
// CONVENTION_ARCHIVED). That is: the seat (token, member id, the session codes it opened), the
// queue of commands not yet answered for each of those codes, the reminders of secret choices
// and the consensus answers kept for a series' next wave,
// and the texts being written (proposals, visions). Device preferences that name no convention
// stay: the language and the order questions are read in.

/** `forgotten`: the codes of the seat, when the caller forgot its token already (forgetToken's answer). */
export function forgetSeatOnPhone(seat: StoredSeat, sessionCode: string, forgotten: readonly string[] = []): void {
  const codes = new Set([...forgetToken(seat.token), ...forgotten, sessionCode].map((code) => code.trim().toUpperCase()));
  const memberPrefixes = [visionDraftPrefix(seat.memberId), proposalFormPrefix(seat.memberId)];
  forgetKeys(
    (key) =>
      (key.startsWith(MEMBER_OUTBOX_PREFIX) && codes.has(key.slice(MEMBER_OUTBOX_PREFIX.length).trim().toUpperCase())) ||
      key === secretChoicesKey(seat.memberId) ||
      key === waveAnswersKey(seat.memberId) ||
      memberPrefixes.some((prefix) => key.startsWith(prefix)),
  );
}
