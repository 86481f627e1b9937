import { describe, expect, it } from 'vitest';
import { AccessIndex, hashToken } from '../../server/realtime/access.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { claim, command, roomFixture, run, type RunResult } from '../helpers/domain-fixtures.ts';

// The handshake's index of tokens (server/realtime/access.ts) is updated one member at a time
// after each join, release, new seat code or deactivation. Whatever the sequence, it must answer
// every token exactly as an index rebuilt from the state would: the member, SEAT_TAKEN_OVER for a
// replaced token, AUTH_INVALID otherwise.

function lcg(seed: number) {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('AccessIndex kept up to date member by member', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('answers like a rebuilt index after 200 seeded seat changes (seed %i)', (seed) => {
    const random = lcg(seed);
    let conv: Convention = roomFixture();
    const session = conv.sessions[conv.liveSessionId!]!;
    const memberIds = conv.memberOrder.slice(0, 4);
    const live = new AccessIndex(() => [conv], (id) => (id === conv.id ? conv : undefined));
    const tokens: string[] = [conv.keys.facilitator, conv.keys.projector, 'never-issued'];
    live.resolve(tokens[0]!); // built once, then only updated
    const answers = new Set<string>();
    const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

    for (let step = 0; step < 200; step++) {
      const memberId = pick(memberIds);
      const member = conv.members[memberId]!;
      const kind = random();
      let result: RunResult;
      if (kind < 0.55) {
        const token = `token-${seed}-${step}`;
        tokens.push(token);
        result = claim(conv, { sessionCode: session.code, seatCode: member.seatCode }, hashToken(token));
      } else if (kind < 0.7) result = run(conv, command('seat.release', { memberId }));
      else if (kind < 0.85) result = run(conv, command('member.newSeatCode', { memberId }));
      else result = run(conv, command('member.setActive', { memberId, active: !member.active }));
      if (result.error) continue;
      conv = result.state;
      live.noteEvents(conv.id, result.events);

      const rebuilt = new AccessIndex(() => [conv], () => conv);
      for (const token of tokens) {
        const answer = live.resolve(token);
        expect(answer, `step ${step}, ${token}`).toEqual(rebuilt.resolve(token));
        answers.add('error' in answer ? answer.error : answer.actor.role);
      }
    }
    // The sequence did exercise each answer.
    expect(answers).toEqual(new Set(['facilitator', 'projector', 'member', 'SEAT_TAKEN_OVER', 'AUTH_INVALID']));
  });
});
