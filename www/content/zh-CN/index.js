// The Simplified Chinese translations of the page's words, by content module: each file here has
// the keys of the English module of the same name (www/content/<name>.js), and uses the terms of
// www/i18n/glossary.json.

export const TRANSLATIONS = Object.freeze({
  'zh-CN': Object.freeze({}),
});
