/**
 * The journey a host element starts once the steps chunk is in: with base-check's session, or
 * the saved journey's, read and checked here so the element's bundle carries no journey store.
 */
import type { ReactiveElement } from 'lit';
import type { Country } from '../deriv/residence-list.js';
import { readJourney } from './journey-store.js';
import { StepsController, type StepsOptions } from './steps-controller.js';

/** What the host passes on to its steps, read at each use. */
export type JourneyOptions = Omit<StepsOptions, 'session' | 'country' | 'onRestart'>;

/**
 * The steps of the journey, added to `host`; null when there is no session (none saved, or the
 * saved one expired or malformed). `country` (the form's residence) picks the documents offered.
 * `end` runs on "Start again", once the steps have left the host.
 */
export function startJourney(
  host: ReactiveElement,
  options: () => JourneyOptions,
  end: () => void,
  session?: string,
  country?: Country,
): StepsController | null {
  const token = session ?? readJourney(options().backendUrl)?.session;
  if (token === undefined) return null;
  const steps: StepsController = new StepsController(host, () => ({
    ...options(),
    session: token,
    country,
    onRestart: () => {
      host.removeController(steps);
      end();
    },
  }));
  return steps;
}
