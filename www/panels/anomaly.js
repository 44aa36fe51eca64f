// "Is this a digit?" (anomaly detection): the image in the pad (a drawing or a test digit) placed
// on the histogram of the 10,000 test digits' scores, its percentile in words, where its
// reconstruction term pays pixel by pixel (the Inside view's cross-entropy map, from the same
// `explain`), a threshold that flags images below it with the share of test digits it would flag
// (its false alarms), and for a conditional model the digit the image is closest to. Two scores:
// the ELBO, and the ELBO plus the image's complexity (Serrà et al., 2020), which stops a simple
// image (a dot) from passing as more digit-like than the digits (Nalisnick et al., 2019).
//
// The model's work is the worker's: the test digits' ELBOs and complexities (measured once per
// model and kept there), the explanation; the image's ELBO and complexity are the drawing
// panel's answer. This thread draws.

import { PoliteAnnouncer, showPanel } from '../assist.js';
import { DEFAULT_FALSE_ALARMS, countBelow, drawHistogram, percent, percentileRank, quantile, sortedScores, thresholdRange } from '../anomaly-plot.js';
import { ACCESSIBILITY_TEXT as A } from '../content/accessibility.js';
import { ANOMALY_TEXT as T } from '../content/anomaly.js';
import { INSIDE_TEXT } from '../content/inside.js';
import { count, fixed } from '../i18n/format.js';
import { onLanguageChange } from '../i18n/language.js';
import { say, sayAttribute } from '../i18n/say.js';
import { clearCanvas, drawImages, inkedPixels } from '../plots.js';
import { showCost } from './inside-numbers.js';

const $ = (id) => document.getElementById(id);
/** The view's verdict is announced once no new answer came for this long (answers follow every stroke). */
const ANNOUNCE_QUIET_MS = 1000;
/** The threshold moves in steps of this many nats (the slider's step). */
const THRESHOLD_STEP = 0.5;

/** The index of the largest of some numbers, and of the largest but that one. */
function bestTwo(values) {
  const order = [...values.keys()].sort((a, b) => values[b] - values[a]);
  return [order[0], order[1]];
}

/** The test digits' scores of a kind ('elbo', 'complexity'), from their ELBOs and complexities (Float32Arrays). */
function testScoresOf(kind, { elbos, complexities }) {
  return kind === 'complexity' ? elbos.map((elbo, index) => elbo + complexities[index]) : elbos;
}

/** Where an image's score lies among `total` test digits' (`rank`: the share below it, per cent), in words. */
function percentileWords(rank, total) {
  const images = count(total);
  const words = T.percentile;
  if (rank === 0) return words.belowAll({ images });
  if (rank === 100) return words.aboveAll({ images });
  return rank < 50 ? words.less({ share: percent(100 - rank), images }) : words.more({ share: percent(rank), images });
}

export class AnomalyPanel {
  /**
   * @param {import('../model-client.js').ModelClient} model
   * @param {object} hooks
   * @param {() => string} hooks.subjectWords what is in the pad, in words (the drawing panel's)
   * @param {(error: Error) => void} hooks.onError
   */
  constructor(model, { subjectWords, onError }) {
    this.model = model;
    this.subjectWords = subjectWords;
    this.onError = onError;
    this.isOpen = false;
    /** The image in the pad as the drawing panel answered it ({input, label, encoderElbo, complexity, samples, probabilities}); null: the pad is empty. */
    this.image = null;
    /** Which score the view uses: 'elbo' or 'complexity' (the ELBO + the image's complexity). */
    this.kind = 'elbo';
    /** The test digits' ELBOs and complexities as measured ({elbos, complexities}), null: not yet. */
    this.measured = null;
    /** The test digits' scores of the kind in use ascending (Float64Array), the model generation they are of, and the threshold (nats). */
    this.sorted = null;
    this.generation = -1;
    this.threshold = null;
    /** While a run trains, the histogram stays as measured before it. */
    this.hold = false;
    /** Whether the image was flagged when last announced (null: nothing announced). */
    this.announced = null;
    /** The explanation shown in the per-pixel map (null: none), the image it is of, and how many answers the view showed. */
    this.explanation = null;
    this.explainedFor = null;
    this.shown = 0;
    this.announcer = new PoliteAnnouncer($('anomaly-summary'), ANNOUNCE_QUIET_MS);
    $('anomaly-open').addEventListener('click', () => this.open());
    $('anomaly-close').addEventListener('click', () => this.close());
    $('anomaly-threshold').addEventListener('input', () => {
      this.threshold = $('anomaly-threshold').valueAsNumber;
      // The slider says its own value; the verdict is news only when it turns.
      this.show({ announce: this.state.flagged !== this.announced });
    });
    for (const radio of document.querySelectorAll('input[name="anomaly-score"]')) {
      radio.addEventListener('change', () => {
        if (!radio.checked) return;
        this.kind = radio.value;
        // Each score has its own scale: the threshold goes back to its default.
        this.threshold = null;
        if (this.measured) this.useScores();
        this.show();
      });
    }
    onLanguageChange(() => this.draw());
    // The histogram's pixels follow its box (a phone turned, a window resized).
    new ResizeObserver(() => this.draw()).observe($('anomaly-histogram'));
  }

  open() {
    showPanel('anomaly', true);
    this.isOpen = true;
    this.refresh().catch(this.onError);
  }

  close() {
    showPanel('anomaly', false);
    this.isOpen = false;
  }

  /** The pad's image changed: `drawn` the drawing panel's answer, null once the pad is empty. */
  setImage(drawn) {
    this.image = drawn?.encoderElbo === null || drawn?.encoderElbo === undefined ? null : drawn;
    if (!this.isOpen) return;
    // The mark and the words at once; the per-pixel map when its explanation comes.
    if (this.sorted) this.show();
    this.refresh().catch(this.onError);
  }

  /** While a run trains (`running`), the histogram stays as measured before it; measured again once it stops. */
  setHold(running) {
    this.hold = running;
    if (running && this.sorted) this.setStatus(() => T.held);
    if (!running) this.modelChanged();
  }

  /** The model changed: its test digits' ELBOs are measured again (when the view is open), the threshold back at its default. */
  modelChanged() {
    if (this.hold) return;
    this.sorted = null;
    this.measured = null;
    this.threshold = null;
    this.explainedFor = null;
    if (this.isOpen) this.refresh().catch(this.onError);
  }

  /** Asks for what the view lacks: the test digits' ELBOs for the model in use, and the image's explanation. */
  async refresh() {
    if (!this.isOpen) return;
    if (this.model.autoencoder) {
      this.sorted = null;
      this.setStatus(() => T.autoencoder);
      this.show();
      return;
    }
    const measuring = !this.sorted || (!this.hold && this.generation !== this.model.generation);
    await Promise.all([measuring ? this.measure() : null, this.explain()]);
  }

  /** The test digits' ELBOs and complexities, from the worker (once per model). */
  async measure() {
    const generation = this.model.generation;
    this.setStatus(() => T.measuring);
    this.show();
    const measured = await this.model.testScores();
    // Replaced by a newer model meanwhile: its own request follows (modelChanged), but while a
    // run trains, when the weights change every second, the last measured stays.
    if (!measured || (generation !== this.model.generation && !this.hold)) return;
    this.measured = measured;
    this.generation = generation;
    this.useScores();
    const images = this.sorted.length;
    this.setStatus(() => (this.hold ? T.held : T.measured(count(images))));
    this.show();
  }

  /** The histogram and the threshold's range for the score in use; the threshold kept, or at its default. */
  useScores() {
    this.sorted = sortedScores(testScoresOf(this.kind, this.measured));
    const { min, max } = thresholdRange(this.sorted);
    const slider = $('anomaly-threshold');
    slider.min = String(min);
    slider.max = String(max);
    slider.step = String(THRESHOLD_STEP);
    // The default flags 1 % of the test digits (on the slider's steps).
    slider.value = String(this.threshold ?? quantile(this.sorted, DEFAULT_FALSE_ALARMS));
    this.threshold = slider.valueAsNumber;
  }

  /** Where the image's reconstruction term pays: the Inside view's `explain`, down the view's own lane. */
  async explain() {
    const image = this.image;
    if (!image || this.explainedFor === image) return;
    const answer = await this.model.explain(image.input, null, null, image.label, false, 'anomaly');
    // Replaced by a newer image or model meanwhile.
    if (!answer || this.image !== image) return;
    this.explanation = answer.explanation;
    this.explainedFor = image;
    this.show();
  }

  setStatus(words) {
    say($('anomaly-status'), words);
  }

  /** What the view knows, drawn and worded again (after a switch of language, or a new size): nothing new to announce. */
  draw() {
    if (this.isOpen) this.show({ announce: false });
  }

  /** Draws and words what the view knows; `announce`: says the verdict once the answers settle. */
  show({ announce = true } = {}) {
    const ready = Boolean(this.sorted) && !this.model.autoencoder;
    $('anomaly-body').hidden = !ready;
    if (!ready) return;
    const sorted = this.sorted;
    const images = count(sorted.length);
    const words = T.scores[this.kind];
    say($('anomaly-score-about'), () => T.scores[this.kind].about);
    say($('anomaly-histogram-caption'), () => T.scores[this.kind].caption);
    say($('anomaly-threshold-label'), () => T.scores[this.kind].thresholdLabel);
    const value = this.imageScore();
    drawHistogram($('anomaly-histogram'), sorted, value, this.threshold, words.axis);
    const flagged = countBelow(sorted, this.threshold);
    const share = percent((100 * flagged) / sorted.length);
    const threshold = fixed(this.threshold, 1);
    say($('anomaly-threshold-value'), () => T.threshold(threshold));
    sayAttribute($('anomaly-threshold'), 'aria-valuetext', () => T.valueText({ threshold, share }));
    say($('anomaly-false-alarms'), () => T.falseAlarms({ share, flagged: count(flagged), images }));
    const q = (p) => fixed(quantile(sorted, p), 1);
    const figures = { images, low: fixed(sorted[0], 1), high: fixed(sorted[sorted.length - 1], 1), q1: q(0.25), median: q(0.5), q3: q(0.75), threshold, flagged: share };
    sayAttribute($('anomaly-histogram'), 'aria-label', () =>
      T.histogram({ ...figures, name: T.scores[this.kind].name, image: value === null ? null : fixed(value, 1) }),
    );
    this.showImage(announce);
  }

  /** The image's score of the kind in use (nats; null: no image). */
  imageScore() {
    const elbo = this.image?.encoderElbo ?? null;
    if (elbo === null) return null;
    return this.kind === 'complexity' ? elbo + this.image.complexity : elbo;
  }

  /** The image's place: its score, percentile, verdict, closest digit, and where it pays. */
  showImage(announce) {
    const image = this.image;
    for (const id of ['anomaly-image', 'anomaly-verdict', 'anomaly-percentile']) $(id).hidden = !image;
    $('anomaly-digit').hidden = !image?.probabilities;
    if (!image) {
      say($('anomaly-score'), () => T.empty);
      this.announcer.cancel();
      return;
    }
    const { rank, flagged } = this.state;
    const kind = this.kind;
    const value = fixed(this.imageScore(), 1);
    const threshold = fixed(this.threshold, 1);
    const verdict = () => ({ name: T.scores[kind].name, value, threshold });
    say($('anomaly-verdict'), () => (flagged ? T.flagged(verdict()) : T.passes(verdict())));
    $('anomaly-verdict').classList.toggle('flagged', flagged);
    const elbo = fixed(image.encoderElbo, 1);
    const complexity = fixed(image.complexity, 1);
    say($('anomaly-score'), () => {
      const score = T.score({ subject: this.subjectWords(), elbo, samples: image.samples });
      return kind === 'complexity' ? `${score} ${T.complexity({ complexity, total: value })}` : score;
    });
    // Worded again after a switch of language, when the model may have changed: from these figures alone.
    const images = this.sorted.length;
    say($('anomaly-percentile'), () => percentileWords(rank, images));
    if (image.probabilities) say($('anomaly-digit'), () => this.closestWords(image.probabilities));
    this.showPixels(image);
    this.shown += 1;
    if (!announce) return;
    this.announced = flagged;
    this.announcer.say(() => [$('anomaly-verdict'), $('anomaly-percentile')].map((element) => element.textContent).join(' '));
  }

  /** The image, what the model expects of it, and where its reconstruction term pays. */
  showPixels(image) {
    const e = this.explanation;
    drawImages($('anomaly-input'), image.input, 1);
    const subject = this.subjectWords;
    const inked = inkedPixels(image.input);
    sayAttribute($('anomaly-input'), 'aria-label', () => INSIDE_TEXT.pictures.x({ subject: subject(), inked }));
    if (!e) {
      clearCanvas($('anomaly-probabilities'));
      clearCanvas($('anomaly-cost'));
      sayAttribute($('anomaly-probabilities'), 'aria-label', () => A.reconstruction.empty);
      sayAttribute($('anomaly-cost'), 'aria-label', () => A.reconstruction.empty);
      say($('anomaly-cost-sum'), () => '');
      return;
    }
    drawImages($('anomaly-probabilities'), e.probabilities, 1);
    const likely = inkedPixels(e.probabilities);
    sayAttribute($('anomaly-probabilities'), 'aria-label', () => INSIDE_TEXT.pictures.probabilities({ inked: likely }));
    showCost($('anomaly-cost'), e);
    const total = fixed(e.reconstruction, 1);
    say($('anomaly-cost-sum'), () => T.costSum(total));
  }

  /** A conditional model: the digit whose ELBO is highest, and by how many nats over the next (ln of the ratio of their p(y|x)). */
  closestWords(probabilities) {
    const [digit, next] = bestTwo(probabilities);
    const far = probabilities[next] <= 0;
    const gap = Math.log(probabilities[digit]) - Math.log(far ? Number.MIN_VALUE : probabilities[next]);
    return T.closest({ digit, next, gap: fixed(far ? Math.floor(gap) : gap, far ? 0 : 1), far });
  }

  /**
   * What the view shows, for the page tests: the score in use (`kind`), the number of test digits
   * scored, the image's ELBO, complexity and score (`value`), its percentile, the threshold and
   * what it flags.
   */
  get state() {
    const sorted = this.sorted;
    const elbo = this.image?.encoderElbo ?? null;
    const complexity = this.image?.complexity ?? null;
    const value = this.imageScore();
    const shown = { open: this.isOpen, kind: this.kind, elbo, complexity, value, shown: this.shown };
    if (!sorted) return { ...shown, images: 0, rank: null, threshold: null, falseAlarms: null, flagged: null };
    return {
      ...shown,
      images: sorted.length,
      rank: value === null ? null : percentileRank(sorted, value),
      threshold: this.threshold,
      falseAlarms: countBelow(sorted, this.threshold) / sorted.length,
      flagged: value === null ? null : value < this.threshold,
      cost: this.explainedFor === this.image && this.explanation ? this.explanation.reconstruction : null,
    };
  }
}
