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
import { hasSavedJourney } from '../steps/journey-key.js';
import type { StepName } from '../steps/step-names.js';

export interface JourneyOptions {
  steps: readonly StepName[];
  backendUrl: string;
  language: Language;
  messages: Partial<Record<string, string>>;
}

export class JourneyController implements ReactiveController {
  /** The verification steps, once their chunk is in: the host renders them instead of its form. */
  steps: StepsController | null = null;
  /** The steps chunk is loading: a host resuming a saved journey shows no form meanwhile. */
  loading = false;

  constructor(
    private readonly __host: ReactiveElement,
    private readonly __options: () => JourneyOptions,
    /** "Start again": the steps are gone and the host shows its form anew. */
    private readonly __onEnd: () => void,
  ) {
    __host.addController(this);
  }

  hostConnected(): void {}

  /** Resumes the journey saved for this relay, if any. */
  resume(): void {
    const { steps, backendUrl } = this.__options();
    if (!this.steps && !this.loading && steps.length && backendUrl && hasSavedJourney(backendUrl)) void this.start();
  }

  /**
   * Loads the steps chunk and starts the journey; `country` (the form's residence) picks the
   * documents offered. Without a session it resumes the saved journey, which the chunk reads and
   * checks: none valid (expired, malformed), the form shows.
   */
  async start(session?: string, country?: Country): Promise<void> {
    this.loading = true;
    try {
      const { StepsController, readJourney } = await import('../steps/index.js');
      const token = session ?? readJourney(this.__options().backendUrl)?.session;
      if (token === undefined) return;
      this.steps = new StepsController(this.__host, () => ({
        ...this.__options(),
        session: token,
        country,
        onRestart: () => this.__end(),
      }));
    } catch (error) {
      console.error('<kyc-signup>: the verification steps could not be loaded.', error);
    } finally {
      this.loading = false;
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
