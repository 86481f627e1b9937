import { getContext, setContext } from 'svelte';
import type { Live } from '../../lib/live.svelte.ts';

// What every panel of the console needs: the live connection and the facilitator key (for HTTP).
export interface ConsoleContext {
  live: Live;
  accessKey: string;
}

const KEY = Symbol('console');

export function provideConsole(context: ConsoleContext): void {
  setContext(KEY, context);
}

export function useConsole(): ConsoleContext {
  const context = getContext<ConsoleContext | undefined>(KEY);
  if (!context) throw new Error('useConsole() outside the console');
  return context;
}
