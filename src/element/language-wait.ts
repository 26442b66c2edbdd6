/** An update of the element waits (briefly) for a language table that is still loading: no English flash. */
import { languageReady, loadLanguage } from '../i18n/index.js';

/** How long a first render waits for a language table before showing English (then switching). */
const LANGUAGE_WAIT_MS = 1_000;

/**
 * Undefined when `ui`'s table is here; else the wait: until the table is in, at most
 * LANGUAGE_WAIT_MS. `loaded` runs when the table arrives, also after the wait gave up.
 */
export function languageWait(ui: string, loaded: () => void): Promise<unknown> | undefined {
  if (languageReady(ui)) return undefined;
  return Promise.race([loadLanguage(ui).then(loaded), new Promise((resolve) => setTimeout(resolve, LANGUAGE_WAIT_MS))]);
}
