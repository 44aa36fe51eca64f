// Why a share link was refused (www/link.js): one sentence per kind of refusal, each naming the
// part of the link and the values that were wrong. link.js throws a LinkRefusal carrying the kind
// and the values, its message the English below (what the JS API says, in every language); the
// page words it in its own language through LINK_TEXT (share-link.js).

import { localised } from '../i18n/localised.js';

const REFUSALS = {
  tooLong: ({ length, max }) => `the link is too long (${length} characters; at most ${max})`,
  unknownPart: ({ part }) => `unknown part "${part}"`,
  repeated: ({ part }) => `${part}: given more than once`,
  modelMissing: () => 'model: missing',
  modelUnknown: ({ model, models }) => `model: "${model}" is not one of the shipped models (${models})`,
  zCount: ({ count, dims }) => `z: ${count} values, but the model has ${dims} latent dimensions`,
  zValue: ({ index, text, max }) => `z: value ${index} ("${text}") is not a number within ±${max}`,
  inkNotBase64: () => 'ink: not base64url',
  inkTooManyStrokes: ({ max }) => `ink: more than ${max} strokes`,
  inkCutShort: () => 'ink: cut short',
  digitNotConditional: ({ model }) => `digit: only the conditional model is told a digit, not ${model}`,
  digitNotDigit: ({ text }) => `digit: "${text}" is not a digit from 0 to 9`,
  testNotIndex: ({ text, max }) => `test: "${text}" is not a test digit's number (a whole number from 0 to ${max})`,
  learnNotStep: ({ text, steps }) => `learn: "${text}" is not a step of the Learn path (1 to ${steps})`,
  langNotTag: ({ text }) => `lang: "${text}" is not a language tag`,
};

/** A refusal of kind `key` in English, whatever the page's language: the Error's message. */
export const englishRefusal = (key, values) => REFUSALS[key](values);

export const LINK_TEXT = localised('link', {
  ...REFUSALS,
  /** Copy link with a test image of a brought dataset in the pad: the link cannot name it. */
  copiedWithoutTest: 'Link copied, without the test image in the pad: it comes from your own dataset, which a link does not carry.',
  /** Copy link with an image file in the pad: the link cannot carry it. */
  copiedWithoutImage: 'Link copied, without the image file in the pad: a link carries strokes and test digits, not files.',
  /** A link's test digit is MNIST's, but the page's test images are a brought dataset's now. */
  testNotMnist: ({ index }) => `The link's test digit ${index} is one of MNIST's, but the test images in use are your dataset's: the pad was left as it was.`,
});
