// A proposal being written is kept on the phone as it is typed, so that a reload, a dead battery
// or a tap on the wrong tab loses nothing. Cleared once the server has it.

export interface SavedForm {
  title: string;
  text: string;
  leverId: string;
  /** The version the edit started from (null: a new proposal). */
  baseVersion: number | null;
  at: number;
}

/** Every form of one member starts so (forget-phone.ts forgets them all). */
export const proposalFormPrefix = (memberId: string) => `convergence.proposalForm.${memberId}.`;
const key = (memberId: string, proposalId: string | null) => `${proposalFormPrefix(memberId)}${proposalId ?? 'new'}`;

export function readForm(memberId: string, proposalId: string | null): SavedForm | null {
  try {
    const raw = localStorage.getItem(key(memberId, proposalId));
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (!parsed || typeof parsed !== 'object') return null;
    const form = parsed as Partial<SavedForm>;
    if (typeof form.title !== 'string' || typeof form.text !== 'string' || typeof form.leverId !== 'string') return null;
    return { title: form.title, text: form.text, leverId: form.leverId, baseVersion: typeof form.baseVersion === 'number' ? form.baseVersion : null, at: Number(form.at) || 0 };
  } catch {
    return null;
  }
}

export function writeForm(memberId: string, proposalId: string | null, form: SavedForm): void {
  try {
    localStorage.setItem(key(memberId, proposalId), JSON.stringify(form));
  } catch {
    // A full or private storage: the text still lives on the page.
  }
}

export function clearForm(memberId: string, proposalId: string | null): void {
  try {
    localStorage.removeItem(key(memberId, proposalId));
  } catch {
    // Nothing to do.
  }
}
