import type { DecideContext } from '../shared/domain/context.ts';
import type { Convention } from '../shared/domain/types.ts';
import { SESSION_CODE_LENGTH } from '../shared/features/core/roster.ts';

/**
 * Session codes unique on the server, not only in their convention: a phone joins with a code
 * alone (POST /api/join looks for it in every convention), so two conventions sharing one would
 * send phones of the second into the first. A decider sees one convention and cannot know; the
 * context it draws codes from can. Seat codes have the same length: they skip session codes too,
 * which costs nothing. Replay never draws, so the log replays as it was written.
 */
export function serverWideSessionCodes(ctx: DecideContext, conventions: () => Iterable<Convention>): DecideContext {
  return {
    ...ctx,
    newCode: (length) => {
      if (length !== SESSION_CODE_LENGTH) return ctx.newCode(length);
      const used = new Set<string>();
      for (const conv of conventions()) for (const session of Object.values(conv.sessions)) used.add(session.code);
      for (;;) {
        const code = ctx.newCode(length);
        if (!used.has(code)) return code;
      }
    },
  };
}
