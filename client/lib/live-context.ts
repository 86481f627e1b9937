import { getContext, setContext } from 'svelte';
import type { Live } from './live.svelte.ts';

// How every screen's components reach its live connection (lib/live.svelte.ts): the screen that
// opens it (MemberSeat, ConsoleApp, ScreenApp, SupportApp, SpeakerApp) provides it once, and any
// component below reads it with useLive(), instead of receiving it through every component between.

const KEY = Symbol('live');

/** Called by the component that creates the connection, while it initialises. */
export function provideLive(live: Live): Live {
  setContext(KEY, live);
  return live;
}

/** The screen's live connection, from a component below the one that provided it. */
export function useLive(): Live {
  const live = getContext<Live | undefined>(KEY);
  if (!live) throw new Error('useLive() outside a screen with a live connection');
  return live;
}
