import { afterEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import { connectClient } from '../helpers/client.ts';
import { closeAll, startServer } from '../helpers/server.ts';

// Each socket has its own token bucket (burst 40, then 20 per second by default): one socket
// that floods is refused while the others go on.

describe('rate limit', () => {
  afterEach(closeAll);

  it('a console socket sending 1,000 commands at once gets RATE_LIMITED acks while another socket is served', async () => {
    const server = await startServer();
    const [flooder, other] = await Promise.all([connectClient(server.url, server.facilitatorKey), connectClient(server.url, server.facilitatorKey)]);
    const panels = ['welcome', 'seating', 'agenda'] as const;
    const started = Date.now();
    const flood = Array.from({ length: 1000 }, (_, i) => flooder.send('screen.show', { sessionId: server.live.id, panel: panels[i % 3] }));
    const meanwhile = other.send('convention.rename', { name: 'Pendant le flot' });
    const acks: Ack[] = await Promise.all(flood);
    const elapsedMs = Date.now() - started;
    expect(await meanwhile).toEqual({ ok: true });

    const ok = acks.filter((a) => a.ok).length;
    const limited = acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length;
    expect(ok + limited).toBe(1000);
    // A console's bucket is five times a phone's (bulk work): a burst of 200, then 100 a second.
    expect(ok).toBeGreaterThanOrEqual(200);
    expect(ok).toBeLessThanOrEqual(200 + Math.ceil((elapsedMs / 1000) * 100) + 1);
    expect(limited).toBeGreaterThan(0);
    expect(server.conv.name).toBe('Pendant le flot');
    // The other socket can go on at full speed.
    const more = await Promise.all(Array.from({ length: 10 }, (_, i) => other.send('lever.rename', { leverId: server.conv.levers[0]!.id, title: `Levier ${i}` })));
    expect(more.every((a) => a.ok)).toBe(true);
  });

  it('the bucket refills: after a pause the flooding socket is served again', async () => {
    const server = await startServer({ rate: { burst: 5, perSecond: 10 } });
    const client = await connectClient(server.url, server.facilitatorKey);
    // A console: burst 25, 50 a second.
    const first = await Promise.all(Array.from({ length: 100 }, () => client.send('screen.show', { sessionId: server.live.id, panel: 'agenda' })));
    expect(first.filter((a) => !a.ok).every((a) => !a.ok && a.error.code === 'RATE_LIMITED')).toBe(true);
    expect(first.filter((a) => !a.ok).length).toBeGreaterThan(0);
    // 50 per second: a token every 20 ms.
    await new Promise((done) => setTimeout(done, 100));
    expect(await client.send('screen.show', { sessionId: server.live.id, panel: 'welcome' })).toEqual({ ok: true });
  });
});
