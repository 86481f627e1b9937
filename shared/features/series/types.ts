// Series (issue 17, item 4): one question asked again in later sessions, as waves (before and
// after the experts; sessions 1, 3, 5), so the room can see how it moved. A wave is an ordinary
// quick poll (single choice, multiple choice or a scale; a word cloud has nothing to compare) or
// consensus check, copied from the first wave when asked again and never edited afterwards
// (shared/features/series/decide.ts), so every wave asks exactly the same thing.

export type WaveKind = 'poll' | 'check';

export interface Wave {
  /** The poll's or the check's id. */
  activityId: string;
  /** What the room calls this wave ("Avant les experts"); '' : its session's name. */
  label: string;
  /**
   * Set by evolve (never sent in an event), for a consensus check's wave: true when the phones
   * kept no answer of the wave before for this one, so its transition table cannot be counted
   * (docs/methods.md, "Opinion change": the wave before opened with transitions off, or this wave
   * was asked after it closed). Polls count theirs from stored answers and never set it.
   */
  previousLost?: boolean;
}

export interface Series {
  id: string;
  kind: WaveKind;
  /** How the console and the projector name it; the first wave's question or title at first. */
  title: string;
  /** In the order they were asked: the first is the one asked again, the last the latest. */
  waves: Wave[];
  /**
   * Show how many moved from each answer to each other answer between waves (docs/methods.md,
   * "Opinion change"). A poll's may be set until its second wave opens; a consensus check's only
   * until its first wave opens: its phones keep their own answer only if transitions are on when
   * they answer, until the next wave closes, to send it with the next one (docs/security.md,
   * "Secret ballots"). Every answer of a wave is counted in it or none (Wave.previousLost).
   */
  transitions: boolean;
  createdAt: number;
}

export const SERIES_LIMITS = {
  wavesMax: 10,
  labelMax: 60,
  titleMax: 200,
} as const;
