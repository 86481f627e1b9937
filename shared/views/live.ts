/** Facts that views need but the log does not hold: who is connected, and where phones join. */
export interface LiveFacts {
  connected: ReadonlySet<string>;
  /** Base address phones reach the server at, e.g. http://192.168.1.20:3000 (never localhost). */
  publicUrl: string;
}

export const joinUrl = (publicUrl: string, sessionCode: string) => `${publicUrl}/j/${sessionCode}`;
