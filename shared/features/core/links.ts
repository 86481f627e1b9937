import type { AccessKeys } from './types.ts';

// The addresses of a convention's screens, one place for the console's links card, the
// operator's page and the start banner. Each screen has its own key (AccessKeys).

export interface ConventionLinks {
  console: string;
  projector: string;
  support: string;
  speaker: string;
}

/**
 * The speaker's key: conventions created before speakers had a key of their own give the
 * projector's (the speaker screen reads the same room view, read-only).
 */
export const speakerKey = (keys: AccessKeys): string => keys.speaker ?? keys.projector;

export function conventionLinks(keys: AccessKeys, publicUrl: string): ConventionLinks {
  return {
    console: `${publicUrl}/console/${keys.facilitator}`,
    projector: `${publicUrl}/screen/${keys.projector}`,
    support: `${publicUrl}/support/${keys.support}`,
    speaker: `${publicUrl}/speaker/${speakerKey(keys)}`,
  };
}
