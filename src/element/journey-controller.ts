/**
 * The verification journey after base-check: loads the steps chunk on demand (a dynamic import,
 * so it stays a chunk beside the bundle) and hands the element over to its StepsController.
 * It starts when base-check succeeded, or on its own when a saved journey exists: a reload in
 * the middle of the steps (phones reload when the camera opens) resumes them.
 */
import type { ReactiveController, ReactiveElement } from 'lit';
import type { Country } from '../deriv/residence-list.js';
import type { Language } from '../i18n/index.js';
import type { StepsController } from '../steps/index.js';
import { readJourney } from '../steps/journey-store.js';
import type { StepName } from '../steps/step-names.js';

export interface JourneyOptions {
  steps: readonly StepName[];
  backendUrl: string;
  language: Language;
  messages: Partial<Record<string, string>>;
  /** Base-check succeeded in this page: a saved journey is not resumed over it. */
  verified: boolean;
}

export class JourneyController implements ReactiveController {
  /** The verification steps, once their chunk is in: the host renders them instead of its form. */
  steps: StepsController | null = null;
  /** A saved journey is being resumed: the host shows no form until the steps chunk is in. */
  resuming = false;
  private __loading = false;
  /** The steps and relay the saved journey was last looked up for. */
  private __lookedUp: [readonly StepName[], string] | undefined;

  constructor(
    private readonly __host: ReactiveElement,
    private readonly __options: () => JourneyOptions,
    /** "Start again": the steps are gone and the host shows its form anew. */
    private readonly __onEnd: () => void,
  ) {
    __host.addController(this);
  }

  hostConnected(): void {}

  /** A saved journey is looked up at the first update, and again when `steps` or the relay change. */
  hostUpdate(): void {
    const { steps, backendUrl, verified } = this.__options();
    const [lastSteps, lastUrl] = this.__lookedUp ?? [];
    if (steps === lastSteps && backendUrl === lastUrl) return;
    this.__lookedUp = [steps, backendUrl];
    if (this.steps || this.__loading || verified || !steps.length || !backendUrl) return;
    const saved = readJourney(backendUrl);
    if (!saved) return;
    this.resuming = true;
    void this.start(saved.session);
  }

  /** Loads the steps chunk and starts the journey; `country` (the form's residence) picks the documents offered. */
  async start(session: string, country?: Country): Promise<void> {
    this.__loading = true;
    try {
      const { StepsController } = await import('../steps/index.js');
      this.steps = new StepsController(this.__host, () => ({
        ...this.__options(),
        session,
        country,
        onRestart: () => this.__end(),
      }));
    } catch (error) {
      console.error('<kyc-signup>: the verification steps could not be loaded.', error);
    } finally {
      this.__loading = false;
      this.resuming = false;
      this.__host.requestUpdate();
    }
  }

  private __end(): void {
    if (this.steps) this.__host.removeController(this.steps);
    this.steps = null;
    this.__onEnd();
    this.__host.requestUpdate();
  }
}
