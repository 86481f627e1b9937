import { accept } from '../../shared/domain/context.ts';
import { createConvention } from '../../shared/features/core/convention.ts';
import { newMember } from '../../shared/features/core/roster.ts';
import { newSession } from '../../shared/features/core/sessions.ts';
import type { Convention } from '../../shared/domain/types.ts';
import type { Engine } from '../engine/engine.ts';
import { newAccessKey } from '../ids.ts';
import { demoPeople } from './people.ts';
import { demoSpeakingPlan } from './timer-demo.ts';
import { demoVision } from './vision-demo.ts';
import { demoPolls } from './demo-polls.ts';
import { DEMO_PROGRAMME } from './programme.ts';
import { demoQuestionRounds } from './question-rounds.ts';
import { demoSpeedMeeting } from './speed-actors.ts';

// The demo convention created on first start: the 9 levers, 100 fictional members with seat
// codes, the five sessions of the seed with their agendas (and quick polls prepared for session 2);
// session 1 is open so phones can join.

export async function createDemoConvention(engine: Engine, memberCount = 100): Promise<Convention> {
  const ctx = engine.ctx;
  const created = await engine.submit('', 'system', null, () =>
    createConvention({ name: 'Convention citoyenne pour le climat (démo)', keys: { facilitator: newAccessKey(), projector: newAccessKey(), support: newAccessKey() } }, ctx),
  );
  if (!created.ok) throw new Error(created.error.message);
  const conventionId = (created.data as { conventionId: string }).conventionId;
  const step = (fn: (conv: Convention) => ReturnType<typeof accept>) =>
    engine.submit(conventionId, 'system', null, (conv) => (conv ? fn(conv) : { ok: false, error: { code: 'NOT_FOUND', message: 'no demo' } }));

  await step((conv) => {
    const taken = new Set<string>();
    const members = demoPeople(memberCount, ctx.random).map((person) => {
      const member = newMember(conv, ctx, person, taken);
      taken.add(member.seatCode);
      return member;
    });
    return accept([{ type: 'MembersAdded', members }]);
  });
  for (const session of DEMO_PROGRAMME) {
    await step((conv) => accept([{ type: 'SessionCreated', session: newSession(conv, ctx, { ...session, quorum: Math.ceil(memberCount / 2) }) }]));
  }
  await step((conv) => accept(demoPolls(conv, ctx)));
  await step((conv) => demoQuestionRounds(conv, ctx));
  // Session 3's speed meeting: the actors listed, ready for a plan.
  await step((conv) => demoSpeedMeeting(conv, ctx));
  // Session 2's table visions, ready to open; session 5's speaking time before each adoption vote.
  await step((conv) => demoVision(conv, ctx));
  await step((conv) => demoSpeakingPlan(conv, ctx));
  await step((conv) => accept([{ type: 'SessionOpened', sessionId: conv.sessionOrder[0]! }]));
  return engine.conventions.get(conventionId)!;
}
