// A table's vision being written on this phone, kept as it is typed: a reload or a dead battery
// loses nothing. Cleared once the server has it, or when it equals the text it started from.

export interface VisionDraft {
  text: string;
  /** The version the member was writing on, and its text (to tell an edit from a new version). */
  baseVersion: number;
  baseText: string;
}

/** Every draft of one member starts so (forget-phone.ts forgets them all). */
export const visionDraftPrefix = (memberId: string) => `convergence.visionDraft.${memberId}.`;
const key = (memberId: string, visionId: string) => `${visionDraftPrefix(memberId)}${visionId}`;

export function readDraft(memberId: string, visionId: string): VisionDraft | null {
  try {
    const raw = localStorage.getItem(key(memberId, visionId));
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (!parsed || typeof parsed !== 'object') return null;
    const draft = parsed as Partial<VisionDraft>;
    if (typeof draft.text !== 'string' || typeof draft.baseVersion !== 'number' || typeof draft.baseText !== 'string') return null;
    return { text: draft.text, baseVersion: draft.baseVersion, baseText: draft.baseText };
  } catch {
    return null;
  }
}

export function writeDraft(memberId: string, visionId: string, draft: VisionDraft): void {
  try {
    localStorage.setItem(key(memberId, visionId), JSON.stringify(draft));
  } catch {
    // A full or private storage: the text still lives on the page.
  }
}

export function clearDraft(memberId: string, visionId: string): void {
  try {
    localStorage.removeItem(key(memberId, visionId));
  } catch {
    // Nothing to do.
  }
}
