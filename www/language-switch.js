// The page's language: chosen at start (the share link's `lang`, the learner's last choice, the
// browser's languages), switched at once by the header's menu (no reload: the model keeps
// running, and every view words itself again), kept in this browser, and named in <html lang>
// and the manifest the browser installs. Beside the menu's way of reading, the glossary: the
// terms in both languages (glossary-panel.js), started here with the menu.

import { GlossaryPanel } from './glossary-panel.js';
import { LANGUAGES, chooseLanguage, language, onLanguageChange, setLanguage } from './i18n/language.js';
import { wordPage } from './i18n/page-text.js';

const STORAGE_KEY = 'vae-wasm.language';
const $ = (id) => document.getElementById(id);

function storedLanguage() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The page in `next`: its markup worded, <html lang>, the menu and the manifest. */
function show(next) {
  document.documentElement.lang = next;
  // The label names the switch in Chinese too, for a reader who has only Chinese; in Chinese once is enough.
  $('language-alias').hidden = next === 'zh-CN';
  $('language-select').value = next;
  document.querySelector('link[rel=manifest]').href = next === 'en' ? 'www/manifest.webmanifest' : `www/manifest.${next}.webmanifest`;
  wordPage();
}

/** Puts the page in its starting language and wires the header's menu. */
export function startLanguage() {
  const select = $('language-select');
  select.replaceChildren(...Object.entries(LANGUAGES).map(([value, name]) => Object.assign(new Option(name, value), { lang: value })));
  const link = new URLSearchParams(location.hash.slice(1)).get('lang');
  setLanguage(chooseLanguage({ link, stored: storedLanguage(), browser: navigator.languages ?? [navigator.language] }));
  show(language());
  onLanguageChange(show);
  new GlossaryPanel();
  select.addEventListener('change', () => {
    setLanguage(select.value);
    // A link's language in the address bar would otherwise win over this choice at the next load.
    const params = new URLSearchParams(location.hash.slice(1));
    if (params.has('lang')) {
      params.set('lang', select.value);
      history.replaceState(null, '', `#${params}`);
    }
    try {
      localStorage.setItem(STORAGE_KEY, select.value);
    } catch {
      // Storage refused (private mode, full): the choice holds for this visit.
    }
  });
}
