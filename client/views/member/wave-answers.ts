import { waveAnswersKey } from './secret-choices.ts';

// A consensus check's answer is secret: the server never keeps what a member answered. When the
// check is a wave of a series that counts transitions (docs/methods.md, "Opinion change"), the
// phone alone keeps its own answer, to send it as `previous` with its answer to the next wave
// (shared/features/series/transitions.ts). Only for such a check (the room's view lists it in
// `waves.keep`, or it is a later wave with transitions); kept while it is open, then while the
// view lists it in `waves.keep` (until the next wave closes); dropped then
// (closed-secrets.ts), and on "Quitter ce téléphone" or an archived convention
// (forget-phone.ts). docs/security.md, "Secret ballots".


/** checkId -> proposalId -> level (null: "Je ne sais pas"). */
type Kept = Record<string, Record<string, number | null>>;

function readAll(memberId: string): Kept {
  try {
    const raw = localStorage.getItem(waveAnswersKey(memberId));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Kept) : {};
  } catch {
    return {};
  }
}

function writeAll(memberId: string, kept: Kept): void {
  try {
    if (Object.keys(kept).length === 0) localStorage.removeItem(waveAnswersKey(memberId));
    else localStorage.setItem(waveAnswersKey(memberId), JSON.stringify(kept));
  } catch {
    // Private mode or a full storage: the next wave counts this member as "no earlier answer".
  }
}

export function keepWaveAnswer(memberId: string, checkId: string, proposalId: string, level: number | null): void {
  const kept = readAll(memberId);
  kept[checkId] = { ...kept[checkId], [proposalId]: level };
  writeAll(memberId, kept);
}

/** The answer this phone gave to a proposal of an earlier wave; undefined when it kept none. */
export function keptWaveAnswer(memberId: string, checkId: string, proposalId: string): number | null | undefined {
  const answer = readAll(memberId)[checkId]?.[proposalId];
  return answer === null || (typeof answer === 'number' && Number.isSafeInteger(answer) && answer >= 0) ? answer : undefined;
}

/** Drops every kept answer but those of `keep` (closed-secrets.ts). */
export function forgetWaveAnswers(memberId: string, keep: ReadonlySet<string>): void {
  const kept = readAll(memberId);
  const gone = Object.keys(kept).filter((id) => !keep.has(id));
  if (gone.length === 0) return;
  for (const id of gone) delete kept[id];
  writeAll(memberId, kept);
}
