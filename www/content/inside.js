// The Inside view's words that carry the model's numbers or change with its kind: which image it
// looks inside, the layers' shapes, where its map is zoomed. Its fixed sentences are in
// index.html (#inside-panel), a VAE's and an autoencoder's side by side (.for-vae, .for-ae).

import { localised } from '../i18n/localised.js';

export const INSIDE_TEXT = localised('inside', {
  /** What one image of the test split is called (MNIST's, or a brought dataset's). */
  testNumber: (last) => `Test image number (0 to ${last})`,
  /** The image looked inside: `index` null for the drawing; `label` its class (null: none); `told` the digit a conditional model is told (null: not conditional). */
  subject: ({ image, index, label, told }) =>
    (index === null ? 'your drawing' : `${image} ${index}${label === null ? '' : ` (a ${label})`}`) + (told === null ? '' : `, told y = ${told}`),
  caption: ({ image, index, label }) => (index === null ? 'x: your drawing' : `x: ${image} ${index}${label === null ? '' : `, labelled ${label}`}`),
  pick: { waiting: 'Click a dot on the map…', idle: 'Pick on the map' },

  /** A layer's activations: "32 maps, 13×13" or "400 units". */
  shape: (shape) => (shape.length === 3 ? `${shape[0]} maps, ${shape[1]}×${shape[2]}` : `${shape[0]} units`),
  encoder: ({ mlp, conditional }) =>
    mlp
      ? 'A hidden layer of 400 units, each a weighted sum of all 784 pixels followed by ReLU, shown as a 20×20 grid. Darker blue means a larger activation (each map scaled to its own largest value).'
      : 'Two strided 3×3 convolutions, each followed by ReLU, turn the image into feature maps that respond to strokes, edges and their arrangement. Darker blue means a larger activation (each map scaled to its own largest value).' +
        (conditional ? ' This conditional model is also told the digit y: its one-hot vector joins the 2,304 features before the last linear layer, so q(z|x, y) needs to encode only the style.' : ''),
  decoder: ({ mlp, conditional }) =>
    mlp
      ? 'A hidden layer of 400 units (a 20×20 grid) and a linear layer give one logit per pixel. The sigmoid turns logits into p(x|z), the probability of ink at each pixel.'
      : `A linear layer projects z${conditional ? ' and the one-hot digit y' : ''} to 32 maps of 7×7; transposed convolutions double the side twice, to 14×14 and 28×28; a last one gives one logit per pixel. The sigmoid turns logits into p(x|z${conditional ? ', y' : ''}), the probability of ink at each pixel.`,

  /** The view's map: its words for a screen reader, and how far it shows. */
  mapLabel: {
    vae: 'q(z|x) on the latent map: 1σ and 2σ ellipses around μ, and z. Drag, or use the arrow keys, to move z (this sets ε)',
    autoencoder: 'z = encoder(x) on the latent map: one point among the test digits’ codes (nothing to drag: there is no ε)',
  },
  /** The map's words: what it is and how to use it, then where the image lies on it. */
  mapWords: ({ label, where }) => `${label}. ${where}.`,
  mapView: ({ whole, extent }) => (whole ? `the whole map, ±${extent}` : `zoomed: μ ± ${extent} (the test digits nearby as dots)`),
  densities: ({ rows, dims }) => `prior N(0, 1), z from −4 to 4${dims > rows ? ` (the first ${rows} of ${dims} dimensions)` : ''}`,
  epsLabel: (k) => `ε of dimension ${k}`,

  /** The pictures' words, following what they show (figures formatted). */
  pictures: {
    x: ({ subject, inked }) => `x, the input image: ${subject}; ${inked} of 784 pixels hold ink (over ½)`,
    layer: ({ name, shape, map, value }) => `${name}: ${shape}; the strongest activation ${value}, in map ${map}`,
    logits: ({ low, high }) => `The decoder’s logits, blue negative, red positive: from ${low} to ${high}`,
    probabilities: ({ inked }) => `p(x|z), each pixel’s probability of ink: ${inked} of 784 pixels more likely ink than not`,
    cost: ({ total, row, column, most }) => `Each pixel’s binary cross-entropy, darker pays more: ${total} nats in all; the pixel at row ${row}, column ${column} pays most, ${most}`,
    /** q(z|x) against the prior: `dims` in all, `furthest` (the largest KL first: {dim, mean, sigma, kl}), `rest` (how many others) with at most `restKl` nats each. */
    densities: ({ dims, furthest, rest, restKl }) =>
      `Each dimension’s q(z|x) against the prior N(0, 1)${dims > furthest.length ? `, the ${furthest.length} of ${dims} furthest from it first` : ''}: ` +
      furthest.map(({ dim, mean, sigma, kl }) => `z${dim}: μ ${mean}, σ ${sigma}, KL ${kl} nats`).join('; ') +
      (rest ? `; the other ${rest} have KL ${restKl} nats at most` : ''),
    /** Where the view's map puts the image: μ and z (an autoencoder: z alone), and the test digits nearest μ (`near`: worded by the latent map's words). */
    where: ({ code, mean, z, plane, near }) =>
      `${code ? `the code z is at ${z}` : `μ is at ${mean} and z at ${z}`}${plane ? ' on the map’s plane' : ''}${near ? `; ${near}` : ''}`,
  },
});
