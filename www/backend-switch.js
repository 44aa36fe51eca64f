// Where the model runs, as the menu chooses: the plan (backend-plan.js) the workers follow, the
// WebGPU check behind "auto" and "webgpu", and the badge that says where each job runs.

import { checkWebGpu, describeCheck, describePlacement, planFromTimes, planOn } from './backend-plan.js';
import { BACKEND_TEXT } from './content/backend.js';
import { onLanguageChange } from './i18n/language.js';

const $ = (id) => document.getElementById(id);
const BACKEND_KEY = 'vae-wasm.backend';

/** Whether a menu choice may use WebGPU (after the check). */
export const wantsWebGpu = (choice) => choice === 'auto' || choice === 'webgpu';

export class BackendSwitch {
  /**
   * @param {import('./model-client.js').ModelClient} model
   * @param {object} hooks
   * @param {(plan: object) => Promise<void>} hooks.onPlan the other workers follow a new plan
   * @param {() => Promise<void>} hooks.redraw every view is redrawn on the new backend
   * @param {(words: string | (() => string), kind?: string) => void} hooks.notify
   */
  constructor(model, hooks) {
    this.model = model;
    this.hooks = hooks;
    /** The menu's choice, where each job runs, and the WebGPU check's result. */
    this.choice = localStorage.getItem(BACKEND_KEY) ?? 'auto';
    this.plan = planOn('cpu');
    this.check = null;
    /** Why the page is not cross-origin isolated (no threads), or null (www/site.js). */
    this.withoutThreads = null;
    /** What the badge says: 'loading' until the model runs, 'shown' (where it runs), or 'notLoaded' (the module failed). */
    this.state = 'loading';
    $('backend-badge').textContent = BACKEND_TEXT.loading;
    onLanguageChange(() => (this.state === 'shown' ? this.show() : ($('backend-badge').textContent = BACKEND_TEXT[this.state])));
  }

  /** The WebAssembly module could not load: the badge says so (in every language). */
  notLoaded() {
    this.state = 'notLoaded';
    $('backend-badge').textContent = BACKEND_TEXT.notLoaded;
  }

  show() {
    this.state = 'shown';
    const badge = $('backend-badge');
    const { text, gpu } = describePlacement(this.backends, this.model.threads);
    const checking = wantsWebGpu(this.choice) && !this.check;
    badge.textContent = checking ? BACKEND_TEXT.checking(text) : text;
    badge.className = `badge ${gpu ? 'gpu' : 'cpu'}`;
    const reason = this.check?.reason ? BACKEND_TEXT.reason(this.check.reason) : null;
    const withoutThreads = this.withoutThreads && BACKEND_TEXT.withoutThreads(this.withoutThreads);
    badge.title = this.check?.times ? describeCheck(this.check) : BACKEND_TEXT.cpuTitle({ reason, isolated: crossOriginIsolated, withoutThreads });
    $('backend-select').value = this.choice;
  }

  /** Where each job's model runs now. */
  get backends() {
    return { ...this.model.backends, training: this.plan.training.backend };
  }

  /** Runs the model as `plan` says; the views are redrawn when `redraw`. */
  async usePlan(plan, redraw) {
    await this.model.usePlan(plan);
    this.plan = plan;
    await this.hooks.onPlan(plan);
    this.show();
    if (redraw) await this.hooks.redraw();
  }

  /**
   * The plan for the menu's choice. The CPU choices are immediate; "webgpu" and "auto" wait for
   * the WebGPU check (the page meanwhile runs on the CPU), and a failed check keeps to the CPU
   * with its reason said once.
   */
  async planFor(choice) {
    if (!wantsWebGpu(choice)) return planOn(choice);
    const { kind, latentDim, batchSize } = this.model.config;
    this.check = await checkWebGpu({ kind, latentDim, batchSize });
    const { ok, absent, reason, times } = this.check;
    if (ok) return choice === 'webgpu' ? planOn('webgpu') : planFromTimes(times);
    if (choice === 'webgpu') this.hooks.notify(() => BACKEND_TEXT.cannotUse(BACKEND_TEXT.reason(reason)));
    else if (!absent) this.hooks.notify(() => BACKEND_TEXT.notUsed(BACKEND_TEXT.reason(reason)));
    return planOn('cpu');
  }

  async switchTo(choice, redraw = true) {
    // Marked on the page while it lasts: the WebGPU check can take a while.
    document.body.dataset.switching = 'true';
    try {
      this.choice = choice;
      localStorage.setItem(BACKEND_KEY, choice);
      this.show();
      let plan = await this.planFor(choice);
      try {
        await this.usePlan(plan, redraw);
      } catch (error) {
        if (plan.batch.backend !== 'webgpu' && plan.interactive.backend !== 'webgpu') throw error;
        this.hooks.notify(() => BACKEND_TEXT.couldNotStart(error.message));
        plan = planOn('cpu');
        await this.usePlan(plan, redraw);
      }
    } finally {
      delete document.body.dataset.switching;
    }
  }
}
