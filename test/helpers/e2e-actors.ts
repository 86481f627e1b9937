import { randomBytes } from 'node:crypto';
import { expect, type Browser, type Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Ack } from '../../shared/protocol.ts';

// The actors of the end-to-end scenarios: phones in their own browser contexts, and real sockets
// holding a role's key for the commands a scenario drives without a screen.

export interface Commander {
  send<T = unknown>(name: string, args: unknown): Promise<T>;
  close(): void;
}

/** A real socket with a role's key (facilitator, support group); `send` throws on a refusal. */
export async function commander(url: string, token: string): Promise<Commander> {
  const socket: Socket = io(url, { auth: { protocol: PROTOCOL_VERSION, token }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    async send<T>(name: string, args: unknown): Promise<T> {
      const ack = (await socket.timeout(10_000).emitWithAck(name, { cid: randomBytes(12).toString('hex'), args })) as Ack<T>;
      if (!ack.ok) throw new Error(`${name}: ${ack.error.code} ${ack.error.message}`);
      return ack.data as T;
    },
    close: () => socket.close(),
  };
}

/**
 * What the server sends a phone can be held back, then let through in order: the phone keeps
 * showing an old state while another phone's change is applied, as on a slow Wi-Fi. Its own
 * messages to the server still go through at once.
 */
export interface Valve {
  hold(): void;
  release(): void;
}

export async function phone(browser: Browser, withValve = false): Promise<{ page: Page; valve: Valve }> {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  let holding = false;
  const held: (() => void)[] = [];
  if (withValve) {
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const upstream = ws.connectToServer();
      upstream.onMessage((message) => {
        if (holding) held.push(() => ws.send(message));
        else ws.send(message);
      });
    });
  }
  return {
    page,
    valve: {
      hold: () => void (holding = true),
      release: () => {
        holding = false;
        for (const deliver of held.splice(0)) deliver();
      },
    },
  };
}

export async function joinWithSeat(page: Page, joinUrl: string, seatCode: string, name: string): Promise<void> {
  await page.goto(joinUrl);
  await page.locator('#seat-code').fill(seatCode);
  await page.getByTestId('join-submit').click();
  await expect(page.getByTestId('member-name')).toHaveText(name);
}
