import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../shared/domain/types.ts';
import type { CommandName } from '../../shared/registry.ts';
import { createDemoConvention } from '../../server/demo/create-demo.ts';
import { Engine } from '../../server/engine/engine.ts';
import { systemContext } from '../../server/ids.ts';
import { EventStore } from '../../server/store/event-store.ts';
import { machine, note, round } from './lib.ts';

// `npm run bench -- --batch [--proposals 290] [--members 30] [--strata]`
//
// Session 5's consensus check on a whole batch of proposals: every member answers every
// proposal, all at once (the worst burst: a secret batch check keeps up to 2k - 1 answers per
// proposal in its ballot box, so thousands wait at once). Drives the engine in-process on a
// temporary data folder and prints the answers per second and the time per answer; the last
// stdout line is one JSON object. What it guards: the participation view and the box's rule cost
// a pass over the waiting answers, not a copy of the check per answer (docs/performance.md).
// `--strata`: the demo's three roster attributes are reported (issue 17), so each answer is also
// counted in memory in its three strata, and the close writes the rows per stratum.

type Args = Record<string, string | true>;

export async function benchConsensusBatch(args: Args): Promise<void> {
  const proposals = Math.max(1, Number(args.proposals ?? 290));
  const members = Math.max(1, Math.min(100, Number(args.members ?? 30)));
  const dataDir = mkdtempSync(join(tmpdir(), 'convergence-batch-'));
  const store = new EventStore(join(dataDir, 'convergence.sqlite'));
  const engine = new Engine(store, systemContext());
  try {
    const { id: conventionId } = await createDemoConvention(engine, 100);
    const state = () => engine.conventions.get(conventionId)!;
    const facilitator: Actor = { role: 'facilitator', conventionId };
    const send = async <T>(actor: Actor, name: CommandName, input: unknown): Promise<T> => {
      const ack = await engine.command(actor, name, input);
      if (!ack.ok) throw new Error(`${name} refused: ${ack.error.code} ${ack.error.message}`);
      return ack.data as T;
    };
    const sessionId = state().sessionOrder.at(-1)!;
    await send(facilitator, 'session.open', { sessionId });
    const room = state().memberOrder.slice(0, members);
    await send(facilitator, 'presence.mark', { sessionId, memberIds: room, present: true });
    const ids: string[] = [];
    for (let i = 0; i < proposals; i++) {
      const lever = state().levers[i % state().levers.length]!;
      const { proposalId } = await send<{ proposalId: string }>(facilitator, 'proposal.enter', { title: `Proposition ${i + 1}`, text: `Texte de la proposition ${i + 1}.`, leverId: lever.id, channel: 'mail', reference: '', authorIds: [], receivedAt: null });
      ids.push(proposalId);
    }
    const { checkId } = await send<{ checkId: string }>(facilitator, 'consensus.create', { sessionId, title: 'Lot', proposalIds: ids, mode: 'batch', levels: null, allowUnsure: true, live: false });
    const strata = args.strata === true;
    if (strata) await send(facilitator, 'strata.choose', { attributes: ['ageBracket', 'gender', 'territory'] });
    await send(facilitator, 'consensus.open', { checkId });
    note(`batch: ${members} members answer ${proposals} proposals${strata ? ', counted per stratum in three attributes' : ''}`);
    const started = performance.now();
    const acks: Promise<unknown>[] = [];
    let answers = 0;
    for (const memberId of room) {
      for (const proposalId of ids) {
        const level = answers++ % 5;
        acks.push(send({ role: 'member', conventionId, memberId }, 'consensus.answer', { checkId, proposalId, level }));
      }
    }
    const decided = performance.now();
    // The close releases what is still in the box: every answer acknowledged once it returns.
    await send(facilitator, 'consensus.close', { checkId });
    await Promise.all(acks);
    const ms = performance.now() - started;
    process.stdout.write(`${JSON.stringify({ scenario: 'consensus-batch', proposals, members, answers, strata, decideMs: round(decided - started), totalMs: round(ms), answersPerSec: round((answers / ms) * 1000), msPerAnswer: round(ms / answers, 2), machine: machine() })}\n`);
  } finally {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
