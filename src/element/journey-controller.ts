/**
 * The verification journey after base-check: loads the steps chunk on demand (a dynamic import,
 * so it stays a chunk beside the bundle), which starts the journey and hands the element over to
 * its StepsController. It starts when base-check succeeded, or on its own when a saved journey
 * exists: a reload in the middle of the steps (phones reload when the camera opens) resumes them.
 * Not a registered controller: it needs none of the host's lifecycle.
 */
import type { ReactiveElement } from 'lit';
import type { Country } from '../deriv/residence-list.js';
import type { JourneyOptions, StepsController } from '../steps/index.js';
import { hasSavedJourney } from '../steps/journey-key.js';

export class JourneyController {
  /** The verification steps, once their chunk is in: the host renders them instead of its form. */
  steps: StepsController | null = null;
  /** The steps chunk is loading: a host resuming a saved journey shows no form meanwhile. */
  loading = false;

  constructor(
    private readonly __host: ReactiveElement,
    private readonly __options: () => JourneyOptions,
    /** "Start again": the steps are gone and the host shows its form anew. */
    private readonly __onEnd: () => void,
  ) {}

  /** Resumes the journey saved for this relay, if any. */
  resume(): void {
    const { steps, backendUrl } = this.__options();
    if (!this.steps && !this.loading && steps.length && backendUrl && hasSavedJourney(backendUrl)) void this.start();
  }

  /**
   * Loads the steps chunk and starts the journey: with base-check's `session`, else the saved
   * journey, if the chunk finds one valid (none: the form shows).
   */
  async start(session?: string, country?: Country): Promise<void> {
    this.loading = true;
    try {
      const { startJourney } = await import('../steps/index.js');
      const end = () => {
        this.steps = null;
        this.__onEnd();
        this.__host.requestUpdate();
      };
      this.steps = startJourney(this.__host, this.__options, end, session, country);
    } catch (error) {
      console.error('<kyc-signup>: the verification steps could not be loaded.', error);
    } finally {
      this.loading = false;
      this.__host.requestUpdate();
    }
  }
}
