// What the dataset worker says when it refuses a file (the crate's refusals of a file's contents
// are the crate's words, src/): English templates by key, their `{values}` filled when a file is
// refused (www/i18n/refusal.js); the page words them again in its language from
// www/content/zh-CN/file-refusals.js.

export const FILE_REFUSALS = Object.freeze({
  undecodable: 'the browser could not decode it ({reason})',
  'decodes-otherwise': 'its header says {width}×{height}, but it decodes as {decodedWidth}×{decodedHeight}',
  'too-many-pixels': 'the images hold more than {max} pixels in all, the limit',
});
