// Touch and pen, on a phone-sized screen: the pad draws with every kind of pointer, and the
// layout fits a phone in light and dark mode (screenshots in tests/page/artifacts/).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ARTIFACTS, drawingOutputs, openSite, overlap, screenshot } from './harness.mjs';

/** A vertical stroke down the middle of the pad, as page coordinates. */
async function strokePoints(page) {
  const box = await page.locator('#pad').boundingBox();
  return Array.from({ length: 12 }, (_, i) => ({ x: box.x + box.width / 2, y: box.y + box.height * (0.15 + (0.7 * i) / 11) }));
}

describe('a phone with touch and pen', { timeout: 300_000 }, () => {
  let site;
  let cdp;
  before(async () => {
    site = await openSite({ context: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true } });
    cdp = await site.page.context().newCDPSession(site.page);
  });
  after(async () => site?.close());

  test('the pad, what the model sees and the reconstruction are in view together', async () => {
    const { page } = site;
    await page.evaluate(() => window.scrollTo(0, 0));
    const height = await page.evaluate(() => window.innerHeight);
    for (const id of ['#pad', '#input-view', '#recon-view']) {
      const box = await page.locator(id).boundingBox();
      assert.ok(box.y >= 0 && box.y + box.height <= height, `${id} is not in view on the phone (${box.y}–${box.y + box.height} of ${height})`);
    }
  });

  test('a finger draws a 1 that is reconstructed as a 1', async () => {
    const { page } = site;
    await page.locator('#pad').scrollIntoViewIfNeeded();
    const points = await strokePoints(page);
    const touch = (type, point) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: point ? [{ x: point.x, y: point.y }] : [] });
    await touch('touchStart', points[0]);
    for (const point of points.slice(1)) await touch('touchMove', point);
    await touch('touchEnd');
    const one = await drawingOutputs(page);
    assert.ok(one.input.some((v) => v > 0.5), 'the touch stroke left no ink');
    assert.ok(overlap(one.input, one.reconstruction) > 0.3, 'the touched 1 is not reconstructed as itself');
    await screenshot(page, 'phone-touch');
  });

  test('a pen draws too', async () => {
    const { page } = site;
    await page.click('#clear');
    await page.waitForFunction(() => window.vaeApp.reconstruction === null);
    const points = await strokePoints(page);
    const pen = (type, point) =>
      cdp.send('Input.dispatchMouseEvent', { type, x: point.x, y: point.y, button: 'left', buttons: type === 'mouseReleased' ? 0 : 1, clickCount: 1, pointerType: 'pen' });
    await pen('mousePressed', points[0]);
    for (const point of points.slice(1)) await pen('mouseMoved', point);
    await pen('mouseReleased', points.at(-1));
    const one = await drawingOutputs(page);
    assert.ok(one.input.some((v) => v > 0.5), 'the pen stroke left no ink');
  });

  test('the layout fits the phone in light and dark mode, the Inside view too', async () => {
    const { page } = site;
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok((await overflow()) <= 0, `the page is ${await overflow()}px wider than the phone`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'phone-light');
    await page.tap('#inside-open');
    await page.waitForFunction(() => window.vaeApp.inside.count > 0, null, { timeout: 60_000 });
    assert.ok((await overflow()) <= 0, `with the Inside view open the page is ${await overflow()}px wider than the phone`);
    await page.locator('#inside-panel').screenshot({ path: `${ARTIFACTS}/phone-inside.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'phone-dark');
  });

  test('no console errors', () => assert.deepEqual(site.problems, []));
});
