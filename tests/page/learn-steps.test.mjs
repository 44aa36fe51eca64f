// The Learn path's content against the page, without a browser: every step names a view and an
// action target that index.html has, a control that exists inside its target, an action and a
// prediction the engine handles, and a reveal it measures; its words fill every template.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ACTION_KINDS, ACTIONS } from '../../www/learn/actions.js';
import { PREDICTION_KINDS } from '../../www/learn/predictions.js';
import { REVEALS } from '../../www/learn/reveals.js';
import { STEPS, WORDS } from '../../www/learn/steps.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HTML = readFileSync(join(ROOT, 'index.html'), 'utf8');
const IDS = new Set([...HTML.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]));

/** Which of the steps' references are wrong, in words (none: all hold). */
function problems(steps, ids = IDS) {
  const found = [];
  const ids_ = new Set(steps.map((step) => step.id));
  if (ids_.size !== steps.length) found.push('two steps share an id');
  for (const step of steps) {
    const where = `step "${step.id}"`;
    if (!ids.has(step.view)) found.push(`${where}: view #${step.view} is not in index.html`);
    if (step.opens && !ids.has(step.opens)) found.push(`${where}: opens #${step.opens}, not in index.html`);
    if (!ACTION_KINDS.includes(step.action?.kind)) found.push(`${where}: action kind "${step.action?.kind}" is not one the engine handles`);
    if (step.action?.kind !== 'none' && !ids.has(step.action?.target)) found.push(`${where}: action target #${step.action?.target} is not in index.html`);
    for (const [k, move] of (step.action?.moves ?? []).entries()) {
      if (!ids.has(move.target)) found.push(`${where}: the action's move ${k + 2}'s target #${move.target} is not in index.html`);
      if (!move.say) found.push(`${where}: the action's move ${k + 2} has no words`);
    }
    if (Boolean(step.action?.moves) !== Boolean(ACTIONS[step.action?.kind]?.moves)) found.push(`${where}: the action's moves and its kind's do not go together`);
    if (step.action?.control) {
      // The control is an attribute selector inside the target's markup: [name="value"].
      const [, name, value] = /^\[([\w-]+)="([^"]+)"\]$/.exec(step.action.control) ?? [];
      const start = HTML.indexOf(`id="${step.action.target}"`);
      if (!name || start < 0 || !HTML.slice(start).includes(`${name}="${value}"`)) found.push(`${where}: control ${step.action.control} is not inside #${step.action.target}`);
    }
    if (step.prediction && !PREDICTION_KINDS.includes(step.prediction.kind)) found.push(`${where}: prediction kind "${step.prediction.kind}" is not one the engine handles`);
    if (step.prediction?.kind === 'map-point' && !ids.has(step.prediction.target)) found.push(`${where}: prediction target #${step.prediction.target} is not in index.html`);
    if (step.prediction?.kind === 'choose' && !(step.prediction.options?.length >= 2)) found.push(`${where}: a choice needs two options at least`);
    if (!REVEALS[step.reveal?.show]) found.push(`${where}: reveal "${step.reveal?.show}" is not one the engine measures`);
    if (!(step.text?.length >= 1 && step.text.length <= 4) || !step.title || !step.action.say || !step.reveal.text) found.push(`${where}: missing words`);
  }
  return found;
}

test('every step names a view, a control, an action, a prediction and a reveal the page and the engine have', () => {
  assert.deepEqual(problems(STEPS), []);
  assert.ok(STEPS.length >= 10, `${STEPS.length} steps`);
  assert.ok(STEPS.filter((step) => step.prediction).length >= 8, 'most steps ask for a prediction first');
  assert.equal(STEPS.at(-1).reveal.show, 'summary', 'the path ends with the summary');
});

test('a step that names a missing view, control or kind fails the check', () => {
  const [first] = STEPS;
  const broken = [
    [{ ...first, view: 'no-such-panel' }, /view #no-such-panel/],
    [{ ...first, action: { ...first.action, target: 'no-such-button' } }, /action target #no-such-button/],
    [{ ...first, action: { ...first.action, kind: 'juggle' } }, /action kind "juggle"/],
    [{ ...first, prediction: { kind: 'guess-the-weather', question: '?' } }, /prediction kind "guess-the-weather"/],
    [{ ...first, reveal: { show: 'magic', text: '.' } }, /reveal "magic"/],
    [{ ...first, action: { ...first.action, moves: [{ target: 'no-such-pause', say: '.' }] } }, /move 2's target #no-such-pause/],
    [{ ...STEPS.find((step) => step.action.control), action: { ...STEPS.find((step) => step.action.control).action, control: '[data-preset="gamma"]' } }, /control/],
  ];
  for (const [step, message] of broken) assert.match(problems([step]).join('\n'), message);
  // And the page losing an element a step needs.
  const without = new Set([...IDS].filter((id) => id !== 'inside-new-eps'));
  assert.match(problems(STEPS, without).join('\n'), /inside-new-eps/);
});

test('the entry button and the card are in the page, and the stylesheet is linked', () => {
  for (const id of ['learn-open', 'learn-card']) assert.ok(IDS.has(id), id);
  assert.match(HTML, /<link rel="stylesheet" href="www\/learn\/learn\.css">/);
  assert.ok(WORDS.entry.startsWith('New here?'));
});
