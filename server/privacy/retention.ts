import { LIMITS } from '../../shared/limits.ts';
import { retentionOver } from '../../shared/features/core/retention.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../logger.ts';

// The retention sweep (docs/privacy.md, "Retention"): at start and then every so often, every
// convention whose retention period is over has its members erased, by the same command the
// console sends (members.erase, as the role system), so the same rewrite of the log follows. A
// convention counting secret choices right now is refused (ERASE_SECRET_OPEN) and swept next time.

/** How often the sweep runs when nothing says otherwise: hourly is plenty for a period in days. */
export const RETENTION_SWEEP_MS = 60 * 60 * 1000;

/** Erases the members of every convention past its retention; returns how many were erased. */
export async function sweepRetention(engine: Engine, logger: Logger): Promise<number> {
  let erased = 0;
  const now = engine.ctx.now();
  for (const conv of [...engine.conventions.values()]) {
    if (!retentionOver(conv, now)) continue;
    const remaining = conv.memberOrder.filter((id) => conv.members[id]?.erased === undefined);
    for (let i = 0; i < remaining.length; i += LIMITS.membersPerImportMax) {
      const ack = await engine.command({ role: 'system', conventionId: conv.id }, 'members.erase', { memberIds: remaining.slice(i, i + LIMITS.membersPerImportMax) });
      if (!ack.ok) {
        logger.info({ conventionId: conv.id, code: ack.error.code }, 'retention: erasure postponed');
        break;
      }
      erased += ack.data?.erased ?? 0;
    }
    if (remaining.length > 0) logger.info({ conventionId: conv.id, erased }, 'retention: members erased');
  }
  return erased;
}

/** Runs the sweep now and every `everyMs`; stop() before the store closes. */
export function scheduleRetention(engine: Engine, logger: Logger, everyMs: number, before: () => void): { stop(): void; sweep(): Promise<number> } {
  let running: Promise<number> | null = null;
  const sweep = () => {
    // One sweep at a time: a slow one (a big log rewritten) is not stacked.
    running ??= (async () => {
      before();
      return sweepRetention(engine, logger);
    })()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'retention sweep failed');
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  void sweep();
  const timer = setInterval(() => void sweep(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), sweep };
}
