import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Ack } from '../../shared/protocol.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// "kill -9 at any moment loses no acknowledged action": facilitator sockets add members as fast
// as their rate allows while the server is killed with SIGKILL at random moments and restarted.
// Every member whose command was acknowledged must be in the roster afterwards, exactly once.

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

function facilitator(): Socket {
  return io(server.url, { auth: { protocol: PROTOCOL_VERSION, token: server.facilitatorKey }, transports: ['websocket'], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 300 });
}

describe('durability under SIGKILL', () => {
  it('keeps every acknowledged command across 4 kills, and retries never duplicate', { timeout: 120_000 }, async () => {
    const acked = new Set<string>();
    let stop = false;
    const sockets = Array.from({ length: 4 }, facilitator);
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);

    // Each writer resends a command until it gets an answer, with the same cid, as the client does.
    const writers = sockets.map(async (socket, w) => {
      for (let i = 0; !stop; i++) {
        const name = `Durable ${w}-${i}`;
        const cid = `kill9-${w}-${i}-xxxx`;
        for (;;) {
          if (stop) return;
          if (!socket.connected) {
            await new Promise((r) => setTimeout(r, 50));
            continue;
          }
          try {
            const ack = (await socket.timeout(2000).emitWithAck('member.add', { cid, args: { name } })) as Ack;
            if (ack.ok) {
              acked.add(name);
              break;
            }
            if (ack.error.code !== 'RATE_LIMITED') throw new Error(ack.error.code);
            await new Promise((r) => setTimeout(r, 100));
          } catch (error) {
            if (error instanceof Error && /^[A-Z_]+$/.test(error.message)) throw error;
          }
        }
      }
    });

    for (let kill = 0; kill < 4; kill++) {
      await new Promise((r) => setTimeout(r, 400 + random() * 800));
      await server.kill9();
      await server.start();
    }
    await new Promise((r) => setTimeout(r, 500));
    stop = true;
    await Promise.all(writers);
    for (const socket of sockets) socket.close();

    const view = await server.consoleView();
    const names = view.members.map((m) => m.name).filter((n) => n.startsWith('Durable '));
    expect(acked.size).toBeGreaterThan(20);
    for (const name of acked) expect(names).toContain(name);
    expect(new Set(names).size).toBe(names.length);
  });
});
