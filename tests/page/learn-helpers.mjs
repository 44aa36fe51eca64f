// Shared by the Learn path's page tests (learn.test.mjs): waiting for a step, what the path
// reveals and how to reach its controls by keyboard.

import assert from 'node:assert/strict';

export const ONE = [[[140, 40], [140, 240]]];
export const STEP_TIMEOUT = 180_000;

/** As the path writes numbers: two decimals, a true minus sign. */
export const fixed = (value, digits = 2) => value.toFixed(digits).replace('-', '−');
export const vector = (values, digits = 2) => `(${Array.from(values, (value) => fixed(value, digits)).join(', ')})`;

export const learn = (page) => page.evaluate(() => window.vaeApp.learn);
export const explanation = (page) =>
  page.evaluate(() => {
    const e = window.vaeApp.inside.shown.explanation;
    return { mean: Array.from(e.mean), z: Array.from(e.z), reconstruction: e.reconstruction, kl: e.kl, elbo: e.elbo };
  });

/** Whether the element with `id` (or the selector) is at least partly in the viewport. */
export function inViewport(page, selector) {
  return page.evaluate((selector) => {
    const box = document.querySelector(selector).getBoundingClientRect();
    return box.width > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
  }, selector);
}

/** Waits for step `id`, its prediction (if any) to be asked, and checks its view is on screen. */
export async function atStep(page, id, view) {
  await page.waitForFunction((id) => window.vaeApp.learn.id === id && window.vaeApp.learn.ready, id, { timeout: STEP_TIMEOUT });
  if (view) {
    await page.waitForFunction((view) => document.querySelector(view).classList.contains('learn-highlight'), view);
    assert.ok(await inViewport(page, view), `step ${id}: ${view} is not in the viewport`);
  }
}

export const armed = (page) => page.waitForFunction(() => window.vaeApp.learn.armed, null, { timeout: STEP_TIMEOUT });
export const revealed = async (page) => {
  await page.waitForFunction(() => window.vaeApp.learn.revealed, null, { timeout: STEP_TIMEOUT });
  return (await learn(page)).reveal;
};
export const choose = (page, value) => page.click(`#learn-prediction button[data-value="${value}"]`);
export const next = (page) => page.click('.learn-nav button.primary');

/**
 * The training run's reveal against the page: its last loss is the curve's and the status line's,
 * its reports are the curve's new points, the prediction is scored by the change it states, and
 * the run's weights are the page's model.
 */
export async function checkTrainingRun(page, reveal, guess) {
  const [, reports, first, last, percent] = /^(\d+) reports came in: the loss went from (\d+\.\d) nats at the first \(epoch [\d.]+\) to (\d+\.\d) at the last \(epoch [\d.]+\), a change of ([+−]?[\d.]+) %/.exec(reveal) ?? [];
  assert.ok(reports, reveal);
  assert.ok(Number(reports) >= 3, `${reports} reports`);
  assert.match(await page.getAttribute('#loss-chart', 'aria-label'), new RegExp(`loss ${last} `), 'the curve’s last loss');
  assert.match(await page.textContent('#train-status'), new RegExp(`loss ${last} `), 'the status line’s loss');
  const change = Number(percent.replace('−', '-'));
  const { truth, correct } = (await learn(page)).predictions['training-run'];
  const expected = change < -10 ? 'falls' : change > 10 ? 'rises' : 'flat';
  assert.ok(truth.includes({ falls: 'falls', rises: 'rises', flat: 'stays' }[expected]), `${truth}: ${first} → ${last}`);
  assert.equal(correct, expected === guess);
  assert.equal(await page.evaluate(() => window.vaeApp.training), false);
  assert.match(await page.$eval('#model-select', (select) => select.selectedOptions[0].textContent), /^trained here/);
}

/** Whether the card and the element `view` are both (partly) on screen, and the card's share of the screen's height. */
export function onScreenTogether(page, view) {
  return page.evaluate((view) => {
    const visible = (box) => box.height > 0 && box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
    const card = document.getElementById('learn-card').getBoundingClientRect();
    return { card: visible(card), view: visible(document.querySelector(view).getBoundingClientRect()), share: card.height / innerHeight };
  }, view);
}

/** Presses Tab until the focused element passes `check` (in the page), at most `limit` times. */
export async function tabTo(page, check, arg, limit = 80) {
  for (let i = 0; i < limit; i += 1) {
    if (await page.evaluate(check, arg)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${check} ${arg ?? ''}`);
}
export const focusedText = (text) => document.activeElement?.textContent === text;
export const focusedId = (id) => document.activeElement?.id === id;
export const focusedValue = (value) => document.activeElement?.dataset?.value === value;
export const focusedLabel = (label) => document.activeElement?.getAttribute('aria-label') === label;

/** Next, once the step is done: it holds the focus. */
export async function nextByKeyboard(page) {
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Next', 'Next takes the focus once the step is done');
  await page.keyboard.press('Enter');
}

/**
 * A step by keyboard: its guess (Tab to the option, Space), “Go to the control” (Enter), the
 * control pressed with `key` (none: the caller does), then its reveal and Next.
 */
export async function byKeyboard(page, { id, view, guess, control, key = 'Enter', reveal = true }) {
  await atStep(page, id, view);
  await tabTo(page, focusedValue, guess);
  await page.keyboard.press(' ');
  await armed(page);
  await tabTo(page, focusedText, 'Go to the control');
  await page.keyboard.press('Enter');
  assert.ok(await page.evaluate((selector) => document.activeElement.matches(selector), control), `step ${id}: the focus is not on ${control}`);
  if (key) await page.keyboard.press(key);
  if (!reveal) return;
  await revealed(page);
  await nextByKeyboard(page);
}
