import { accept, type DecideContext, type Decision } from '../../domain/context.ts';
import type { Deciders } from '../../domain/feature.ts';
import type { Convention } from '../../domain/types.ts';
import { newMember } from '../core/roster.ts';
import { newSession } from '../core/sessions.ts';
import type { Args, DemoResults, demoRoles, demoSchemas } from './commands.ts';
import { demoPolls } from './demo-polls.ts';
import { demoPeople } from './people.ts';
import { GRENOBLE_PROGRAMME } from './programme.ts';
import { demoQuestionRounds } from './question-rounds.ts';
import { demoSpeedMeeting } from './speed-actors.ts';
import { applyTemplate, TEMPLATES } from './templates.ts';
import { demoSpeakingPlan } from './timer-demo.ts';
import { demoVision } from './vision-demo.ts';

// The demo convention: 100 fictional members with seat codes, the five sessions of the seed
// with their agendas, quick polls for session 2, question rounds, session 3's speed meeting,
// session 2's table visions, session 5's speaking time; session 1 open so phones can join.

/** The demo's parts reuse the features' own set-up functions; their ack results are not the demo's. */
const withoutData = (decision: Decision<unknown>): Decision => (decision.ok ? { ok: true, events: decision.events } : decision);

function seed(conv: Convention, args: Args<'demo.seed'>, ctx: DecideContext): Decision {
  switch (args.part) {
    case 'members': {
      const taken = new Set<string>();
      const members = demoPeople(args.memberCount, ctx.random).map((person) => {
        const member = newMember(conv, ctx, person, taken);
        taken.add(member.seatCode);
        return member;
      });
      return accept([{ type: 'MembersAdded', members }]);
    }
    case 'session': {
      const session = GRENOBLE_PROGRAMME[args.index];
      if (!session) return accept([]);
      return accept([{ type: 'SessionCreated', session: newSession(conv, ctx, { ...session, quorum: Math.ceil(args.memberCount / 2) }) }]);
    }
    case 'polls':
      return accept(demoPolls(conv, ctx));
    case 'questions':
      return demoQuestionRounds(conv, ctx);
    case 'speed':
      return demoSpeedMeeting(conv, ctx);
    case 'vision':
      return withoutData(demoVision(conv, ctx));
    case 'speaking':
      return withoutData(demoSpeakingPlan(conv, ctx));
    case 'open':
      return accept(conv.sessionOrder[0] ? [{ type: 'SessionOpened', sessionId: conv.sessionOrder[0] }] : []);
  }
}

export const demoDeciders: Deciders<typeof demoSchemas, typeof demoRoles, DemoResults> = {
  'demo.seed': (c, a, e) => seed(c, a, e.ctx),
  'template.apply': (c, a, e) => applyTemplate(c, TEMPLATES[a.template], e.ctx),
};
