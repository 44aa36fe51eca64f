// The page's message line (#message): a warning, an error or a note for the person, worded in
// the language in use (again after a switch). Every view reports its failures here.

import { say } from './i18n/say.js';
import { WorkerGone } from './inference-worker.js';

/** The message line: `words` text, or a function that words it in the language in use (again after a switch). */
export function showMessage(words, kind = 'warn') {
  const box = document.getElementById('message');
  say(box, typeof words === 'function' ? words : () => words);
  box.className = `message ${kind === 'warn' ? '' : kind}`;
  box.hidden = !box.textContent;
}

/** An error for the person; a request cut short by a worker's crash is not one (see onRestart in app.js). */
export function showError(error) {
  if (!(error instanceof WorkerGone)) showMessage(() => String(error?.message ?? error), 'error');
}
