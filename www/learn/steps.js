// The Learn path's content: every word a learner reads on the path, as plain data, so that the
// steps can be read, reordered and translated without touching the engine (path.js) or the
// panels. A step names the element it brings into view (`view`), the page's control its action
// is done with (`action.target`, optionally `action.control`, a selector inside it), an optional
// prediction, and its reveal: `reveal.show` names what reveals.js measures on the page, and
// `reveal.text` is a template whose {names} it fills with the page's own numbers.
// tests/page/learn-steps.test.mjs checks every view, target and kind against index.html and
// the engine. Other languages word the steps by step id, as 'learn-steps' in
// www/content/<language>/learn.js (stepWords lays them over these).

import { localised, overlay, translation } from '../i18n/localised.js';

/** A drawing of a 3 (pad coordinates, 0–280) for a learner without a mouse or touch. */
export const EXAMPLE_STROKES = [
  [[90, 60], [130, 40], [180, 50], [195, 90], [170, 125], [130, 140], [175, 150], [200, 190], [185, 230], [135, 245], [90, 225]],
];

export const STEPS = [
  {
    id: 'input',
    view: 'draw-panel',
    title: 'x: the image, as the model sees it',
    text: [
      'A VAE learns a probability model of images. Everything starts from one image x.',
      'Whatever you draw is cropped, scaled into 20×20 and centred in 28×28, as MNIST’s digits were: x is 784 numbers, each the probability of ink at one pixel.',
    ],
    action: { kind: 'draw', target: 'pad', say: 'Draw a digit in the pad (any digit, 0 to 9).' },
    reveal: {
      show: 'input',
      text: 'The model sees your drawing as {pixels} numbers: {inked} pixels hold ink (over ½), the other {blank} are (nearly) blank. That picture, under “what the model sees”, is x.',
    },
  },
  {
    id: 'posterior',
    view: 'latent-panel',
    title: 'The encoder: q(z|x), a place and a spread',
    text: [
      'The encoder reads x and answers with a distribution over a latent space: q(z|x) = N(μ, σ²). μ is where it puts your digit, σ how unsure it is.',
      'On the latent map, each dot is a test digit’s μ, coloured by its label. Digits alike land close together.',
    ],
    formula: 'q(z|x) = N(z; μ(x), diag σ²(x))',
    prediction: {
      kind: 'map-point',
      target: 'latent-map',
      question: 'Before you see it: where on the map does your digit land? Click the map (your drawing’s spot is hidden until you guess), or type the two coordinates.',
    },
    action: { kind: 'map-guess', target: 'latent-map', say: 'Click your guess on the latent map.' },
    reveal: {
      show: 'posterior',
      text: 'The encoder put your digit at μ = {mean}, with σ = {sigma}: the ellipses on the map are 1σ and 2σ around it. Your guess {guess} was {distance} away on the map, {sigmas} σ’s.',
    },
  },
  {
    id: 'eps',
    view: 'step-sample',
    opens: 'inside-open',
    title: 'ε and z = μ + σ ⊙ ε: drawing a z',
    text: [
      'To decode, the VAE draws one z from q(z|x). It does so by drawing noise ε from N(0, I) and moving it: z = μ + σ ⊙ ε.',
      'All the randomness sits in ε, so training can send gradients through μ and σ (the reparameterisation trick). The Inside view holds ε fixed until you change it.',
    ],
    formula: 'z = μ + σ ⊙ ε,   ε ~ N(0, I)',
    prediction: {
      kind: 'choose',
      question: 'When you draw a new ε, what will change?',
      options: [
        { value: 'mean', label: 'μ and σ move' },
        { value: 'z', label: 'z moves; μ and σ stay' },
        { value: 'nothing', label: 'nothing: the image is the same' },
      ],
    },
    action: { kind: 'new-eps', target: 'inside-new-eps', say: 'Press “New ε” in the Inside view (or type an ε, or drag z on its map).' },
    reveal: {
      show: 'eps',
      text: 'ε went from {epsBefore} to {epsAfter}, so z went from {zBefore} to {zAfter}, while μ stayed at {mean} and σ at {sigma}: {answer}.',
    },
  },
  {
    id: 'decoder',
    view: 'step-decoder',
    opens: 'inside-open',
    title: 'The decoder: p(x|z)',
    text: [
      'The decoder turns z back into an image: one logit per pixel, and the sigmoid makes each a probability of ink. That image of probabilities is p(x|z).',
      'Only z goes in. Move z and the decoder draws what it has learnt lives there.',
    ],
    formula: 'p(x|z) = Π over pixels of Bernoulli(xᵢ; sigmoid(decoder(z)ᵢ))',
    prediction: {
      kind: 'up-down',
      question: 'Drag z away from μ on the Inside view’s map (or focus the map and press the arrow keys, Shift for bigger moves). Will the reconstruction term, the nats p(x|z) pays to explain your x, go up or down?',
    },
    action: { kind: 'drag-eps', target: 'inside-map', say: 'Move z on the Inside view’s map: drag it, or use the arrow keys.' },
    reveal: {
      show: 'decoder',
      text: 'z moved {moved} σ’s from μ, and the reconstruction term went from {before} to {after} nats ({direction}). Far from μ the decoder draws another digit than yours.',
    },
  },
  {
    id: 'pixels',
    view: 'step-loss',
    opens: 'inside-open',
    title: 'The reconstruction term, pixel by pixel',
    text: [
      'How well p(x|z) explains x is a sum over the 784 pixels: a pixel with ink pays −log p, a blank one −log(1 − p). The heat map shows where it pays.',
      'A confident, right pixel pays almost nothing; a confident, wrong one pays a lot.',
    ],
    formula: 'reconstruction = −Σᵢ [xᵢ log pᵢ + (1 − xᵢ) log(1 − pᵢ)]',
    prediction: {
      kind: 'choose',
      question: 'Two pixels of your x, with what the decoder gave them. Which pays more nats?',
      options: [
        { value: 'a', label: 'Pixel A (row {rowA}, column {colA}): x = {xA}, p = {pA}' },
        { value: 'b', label: 'Pixel B (row {rowB}, column {colB}): x = {xB}, p = {pB}' },
      ],
    },
    action: { kind: 'click', target: 'inside-reset-eps', say: 'Press “ε = 0 (z = μ)”: z goes back to the encoder’s best guess, and the heat map shows where it pays.' },
    reveal: {
      show: 'pixels',
      text: 'Pixel A pays {costA} nats, pixel B {costB}: {answer}. All 784 pixels together pay {total} nats, the reconstruction term, now with z = μ.',
    },
  },
  {
    id: 'kl',
    view: 'inside-kl-bars',
    opens: 'inside-open',
    title: 'The KL term, dimension by dimension',
    text: [
      'The second term measures how far q(z|x) is from the prior N(0, I), one latent dimension at a time, in nats.',
      'A code far from 0, or a σ much smaller than 1, costs KL: the price of saying much about one image.',
    ],
    formula: 'KL = Σₖ ½ (μₖ² + σₖ² − log σₖ² − 1)',
    prediction: {
      kind: 'up-down',
      question: 'Now look inside a test digit from MNIST instead of your drawing. Will its KL be higher or lower than your drawing’s?',
    },
    action: { kind: 'pick-test-digit', target: 'inside-random', say: 'Press “Random test digit” (or pick one on the map, or type its number).' },
    reveal: {
      show: 'kl',
      text: 'Your drawing paid {before} nats of KL ({perDimBefore} per dimension); test digit {index} pays {after} ({perDimAfter}): {direction}.',
    },
  },
  {
    id: 'elbo',
    view: 'step-loss',
    opens: 'inside-open',
    title: 'The ELBO: both terms together',
    text: [
      'The ELBO adds the two terms and flips the sign: it is a lower bound on log p(x), how probable the model finds x. Higher is better.',
      'Training maximises it over the training images: reconstruct well, and keep every q(z|x) near the prior.',
    ],
    formula: 'ELBO = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z)) ≤ log p(x)',
    prediction: {
      kind: 'choose',
      question: 'Which will the model find more probable, with the higher ELBO?',
      options: [
        { value: 'drawing', label: 'your drawing' },
        { value: 'test', label: 'the test digit' },
      ],
    },
    action: { kind: 'use-drawing', target: 'inside-use-drawing', say: 'Press “Your drawing” to look inside your drawing again.' },
    reveal: {
      show: 'elbo',
      text: 'Your drawing: ELBO = −({reconstruction} + {kl}) = {elbo} nats. The test digit: {testElbo} nats. The higher: {answer}.',
    },
  },
  {
    id: 'why-kl',
    view: 'compare-samples-row',
    title: 'Why the KL term: an autoencoder against a VAE',
    text: [
      'Without the KL term, an encoder may put its codes anywhere: that is a plain autoencoder. The KL term gathers a VAE’s codes around the prior N(0, I).',
      'To generate, we draw z from the prior and decode it. The Compare view does this with three models trained alike.',
    ],
    prediction: {
      kind: 'choose',
      question: 'Which model’s samples from the prior N(0, I) will look like digits?',
      options: [
        { value: 'ae-latent2', label: 'the autoencoder (no KL)' },
        { value: 'conv-latent2-beta0', label: 'the VAE at β = 0 (KL not paid)' },
        { value: 'conv-latent2-beta1-5ep', label: 'the VAE at β = 1' },
      ],
    },
    action: { kind: 'open-compare', target: 'compare-open', say: 'Open the Compare view (“Why a VAE and not an autoencoder?”, cue 4) and look at the “Generate” row.' },
    reveal: {
      show: 'why-kl',
      text: 'Test codes within 2 of the prior’s centre: {shares}. Where the codes fill the prior, a z drawn from it lands where the decoder learnt a digit: {best}.',
    },
  },
  {
    id: 'beta',
    view: 'compare-panel',
    title: 'β: what the KL term trades',
    text: [
      'A β-VAE weighs the KL term by β. A larger β pulls every code harder towards the prior: codes say less about each image, and some dimensions give up entirely (they collapse).',
    ],
    formula: 'loss = reconstruction + β · KL',
    prediction: {
      kind: 'up-down',
      question: 'From β = 1 to β = 10 (two latent-16 models), will your drawing’s KL go up or down?',
    },
    action: { kind: 'preset', target: 'compare-panel', control: '[data-preset="beta"]', value: 'beta', say: 'Press “β: 1 against 10 (latent 16)” in the Compare view.' },
    reveal: {
      show: 'beta',
      text: 'Your drawing at β = 1: KL {klLow} nats, reconstruction {reconstructionLow}; at β = 10: KL {klHigh}, reconstruction {reconstructionHigh}. The KL went {direction}: β buys a simpler code with a worse reconstruction.',
    },
  },
  {
    id: 'training',
    view: 'train-panel',
    title: 'Training: one step, then many',
    text: [
      'Training shows the model a batch of images, computes each one’s ELBO, and moves every weight a little in the direction that raises it (one Adam step).',
      'Step trains exactly one step, in slow motion; Start trains on for whole epochs.',
    ],
    prediction: {
      kind: 'up-down',
      question: 'After one step, will this batch’s ELBO (same images, same ε) go up or down?',
    },
    action: { kind: 'step', target: 'train-step', say: 'Press “Step” in the training panel (the first one loads the training data: a few seconds).' },
    reveal: {
      show: 'training',
      text: 'Step {step}: the batch’s ELBO went from {before} to {after} nats ({direction}): reconstruction {reconstructionBefore} → {reconstructionAfter}, KL {klBefore} → {klAfter}. Thousands of such steps make the model you used; next, many at once.',
    },
  },
  {
    id: 'training-run',
    view: 'train-panel',
    title: 'Training from scratch: many steps',
    text: [
      'The model in use was trained already: trained on, its curve would barely move. So this step starts from a fresh model, random weights that give every pixel a coin flip’s odds (about 543 nats per image).',
      'Start takes step after step, a new batch each time, and reports every fraction of a second. Each report is a point on the curve, and the samples under it, decoded from the same z’s drawn from the prior, change as the weights learn.',
    ],
    prediction: {
      kind: 'choose',
      question: 'Over its first seconds of training, what will a fresh model’s loss do?',
      options: [
        { value: 'falls', label: 'it falls by more than a tenth' },
        { value: 'flat', label: 'it stays within a tenth' },
        { value: 'rises', label: 'it rises by more than a tenth' },
      ],
    },
    action: {
      kind: 'fresh-run',
      target: 'train-reset',
      reports: 3,
      say: 'Press “Reset to a new random model” in the training panel.',
      moves: [
        { target: 'train-start', say: 'A fresh model is in use (its samples are noise). Press Start, and watch the curve and the samples.' },
        { target: 'train-pause', say: 'The reports are coming in. Press Pause when you have seen enough.' },
      ],
    },
    reveal: {
      show: 'training-run',
      text: '{reports} reports came in: the loss went from {first} nats at the first (epoch {epochFirst}) to {last} at the last (epoch {epochLast}), a change of {change}: {answer}. The weights trained so far are the page’s model now (the Model menu names it “trained here”; choose a pretrained model there to go back).',
    },
  },
  {
    id: 'conditional',
    view: 'draw-panel',
    title: 'The conditional VAE: your style, every digit',
    text: [
      'A conditional VAE is told which digit y an image is. Then z needs to hold only the style: slant, width, stroke.',
      'Told another y with the same z, it writes your style as that digit. With no classifier, it also reads your digit, from the ELBO it gets when told each y.',
    ],
    formula: 'q(z|x, y),  p(x|z, y),  p(y|x) ∝ exp ELBO(x, y)',
    prediction: {
      kind: 'choose',
      question: 'Which digit will the conditional model read in your drawing?',
      options: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((digit) => ({ value: String(digit), label: String(digit) })),
    },
    action: { kind: 'model', target: 'model-select', value: 'www/models/cvae-latent2.vaew', conditional: true, say: 'Choose “pretrained · conditional, latent 2” in the Model menu at the top.' },
    reveal: {
      show: 'conditional',
      text: 'It reads a {label}, with p(y|x) = {probability}. Under the bars: your style written as every digit, 0 to 9.',
    },
  },
  {
    id: 'summary',
    view: 'draw-panel',
    title: 'What you predicted, and what the model did',
    text: ['Every prediction you made on the path, against what the page measured. Reopen the path at any time to go through a step again.'],
    action: { kind: 'none', say: 'Explore any panel on your own: every view on the page is live.' },
    reveal: { show: 'summary', text: 'You got {right} of {made} predictions right.' },
  },
];

/** Step `step` in the language in use: its words from the translation, its structure as here. */
export const stepWords = (step) => overlay(step, translation('learn-steps')?.[step.id]);

/** The path's own words: buttons, states, scores. */
export const WORDS = localised('learn', {
  entry: 'New here? Learn how a VAE works',
  count: 'Step {k} of {n}',
  back: 'Back',
  next: 'Next',
  skip: 'Skip',
  close: 'Close',
  finish: 'Finish',
  up: 'up',
  down: 'down',
  commit: 'Guess',
  yourGuess: 'Your guess: {guess}.',
  right: 'right',
  wrong: 'not this time',
  verdict: 'Your prediction: {verdict}.',
  waiting: 'Waiting for you: {say}',
  done: 'Done.',
  goThere: 'Go to the control',
  loading: 'The page is getting the view ready…',
  needsDrawing: 'This step needs a drawing: draw a digit in the pad first (step 1).',
  noDrawing: 'No mouse or touch? Use an example drawing',
  coordinates: 'Or type the coordinates (arrow keys change them), then Guess:',
  horizontal: 'horizontal',
  vertical: 'vertical',
  summaryRow: '{title}: you said {guess}; the page measured {truth} ({verdict})',
  summaryNone: 'No predictions yet: go back and make some.',
});
