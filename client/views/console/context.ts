import { getContext, setContext } from 'svelte';

// What panels of the console need besides the live connection (lib/live-context.ts, as on every
// screen): the facilitator key, for HTTP (imports, exports, printable sheets).
export interface ConsoleContext {
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
