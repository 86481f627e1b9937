import { randomInt } from 'node:crypto';
import { customAlphabet, nanoid } from 'nanoid';
import { CODE_ALPHABET, type DecideContext } from '../shared/domain/context.ts';

/** The real context: wall clock, nanoid ids, codes and draws from the OS's random source. */
export function systemContext(): DecideContext {
  const codes = new Map<number, () => string>();
  return {
    now: () => Date.now(),
    newId: () => nanoid(12),
    newCode: (length) => {
      let make = codes.get(length);
      if (!make) codes.set(length, (make = customAlphabet(CODE_ALPHABET, length)));
      return make();
    },
    random: () => randomInt(0, 2 ** 47) / 2 ** 47,
  };
}

/** Access keys for the facilitator, projector and support group: 21 random characters each. */
export const newAccessKey = () => nanoid(21);
