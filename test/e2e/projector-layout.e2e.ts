import { expect, test, type Page } from '@playwright/test';
import { commander } from '../helpers/e2e-actors.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

// Issue 18 (20): the countdown's corner on the projector beside the welcome panel, at the two
// sizes of a room audit. The corner must leave the join instructions (QR code, address, code,
// current item) uncovered, and its label must not be cut: it wraps, its full text in a title.
// E2E_SCREENSHOTS=/some/dir saves screenshots.

let server: ServerProcess;

test.beforeEach(async () => {
  server = await startServerProcess();
});

test.afterEach(async () => {
  await server?.stop();
});

const LABEL = 'Travail en tables : scénarios de transition pour le territoire et leurs leviers prioritaires';

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
  name: string;
}

/** The boxes of what the welcome panel shows (each element that holds text, and the QR code). */
function welcomeBoxes(page: Page): Promise<Box[]> {
  return page.getByTestId('panel-welcome').evaluate((panel) =>
    [...panel.querySelectorAll('img, h2, p')].map((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, name: `${el.tagName} ${el.className}` };
    }),
  );
}

const intersects = (a: Box, b: Box) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`the countdown's corner leaves the welcome panel readable at ${size.width}x${size.height}`, async ({ browser }) => {
    const view = await server.consoleView();
    const sessionId = view.liveSessionId!;
    const fac = await commander(server.url, server.facilitatorKey);
    await fac.send('timer.start', { sessionId, label: LABEL, seconds: 600 });

    const projector = await (await browser.newContext({ viewport: size })).newPage();
    await projector.goto(server.screenUrl);
    await expect(projector.getByTestId('panel-welcome')).toBeVisible();
    const corner = projector.getByTestId('screen-timer');
    await expect(corner).toBeVisible();
    await expect(projector.getByTestId('join-code')).toBeVisible();

    const cornerBox = await corner.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, name: 'corner' };
    });
    const boxes = await welcomeBoxes(projector);
    expect(boxes.length).toBeGreaterThan(4);
    expect(boxes.filter((box) => intersects(box, cornerBox)).map((box) => box.name)).toEqual([]);
    // The join instructions themselves are not cut either.
    const clipped = await projector.getByTestId('panel-welcome').evaluate((panel) =>
      [...panel.querySelectorAll('h2, p')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.className),
    );
    expect(clipped).toEqual([]);

    // The label: whole, on as many lines as it needs, never cut sideways; its full text at hand.
    const title = corner.getByTestId('screen-timer-title');
    await expect(title).toHaveText(LABEL);
    await expect(title).toHaveAttribute('title', LABEL);
    const fits = await title.evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth }));
    expect(fits.sw).toBeLessThanOrEqual(fits.cw);
    // The corner stays inside the frame.
    expect(cornerBox.left).toBeGreaterThanOrEqual(0);
    expect(cornerBox.top).toBeGreaterThanOrEqual(0);
    expect(cornerBox.right).toBeLessThanOrEqual(size.width);
    expect(cornerBox.bottom).toBeLessThanOrEqual(size.height);

    const dir = process.env.E2E_SCREENSHOTS;
    if (dir) await projector.screenshot({ path: `${dir}/welcome-corner-${size.width}.png` });
    fac.close();
  });
}
