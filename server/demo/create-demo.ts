import type { Convention } from '../../shared/domain/types.ts';
import { GRENOBLE_PROGRAMME } from '../../shared/features/demo/programme.ts';
import type { Engine } from '../engine/engine.ts';
import { newAccessKey } from '../ids.ts';

// The demo convention created on first start, through named system commands (convention.create,
// then demo.seed part by part: shared/features/demo/), so it enters the log like any command.

export async function createDemoConvention(engine: Engine, memberCount = 100): Promise<Convention> {
  const created = await engine.command({ role: 'system', conventionId: '' }, 'convention.create', {
    name: 'Convention citoyenne pour le climat (démo)',
    keys: { facilitator: newAccessKey(), projector: newAccessKey(), support: newAccessKey(), speaker: newAccessKey() },
  });
  if (!created.ok || !created.data) throw new Error(created.ok ? 'no convention id' : created.error.message);
  const system = { role: 'system' as const, conventionId: created.data.conventionId };
  const seed = async (part: string, index = 0) => {
    const ack = await engine.command(system, 'demo.seed', { part, memberCount, index });
    if (!ack.ok) throw new Error(`demo ${part}: ${ack.error.message}`);
  };
  await seed('members');
  for (let index = 0; index < GRENOBLE_PROGRAMME.length; index++) await seed('session', index);
  for (const part of ['polls', 'questions', 'speed', 'vision', 'speaking', 'open']) await seed(part);
  return engine.conventions.get(system.conventionId)!;
}
