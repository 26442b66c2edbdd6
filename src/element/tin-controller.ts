/**
 * The tax ID checker for a host form. The checker (tin.ts and its pattern scanner) is a chunk beside
 * the bundle, loaded once for every form on the page, when a form shows the tax ID field for a
 * residence with formats; that form then re-renders. After a failed load the next update tries again.
 */
import type { ReactiveControllerHost } from 'lit';
import { tinPatterns, type Country } from '../deriv/residence-list.js';
import type { OptionalField } from '../form/fields.js';
import type { TinMatcher } from '../form/schema.js';

let loaded: TinMatcher | undefined;
/** The one load every form shares; cleared when it fails, so that a later one tries again. */
let loading: Promise<unknown> | undefined;

/** The checker if it is here, else undefined. */
export const tinMatcher = (): TinMatcher | undefined => loaded;

export class TinController {
  /** This form's wait for the load: it re-renders once the checker is in. */
  private __load: Promise<unknown> | undefined;

  constructor(private readonly __host: ReactiveControllerHost) {}

  /** The checker if it is here; starts its load when the form needs it. */
  matcher(fields: readonly OptionalField[], residence: Country | undefined): TinMatcher | undefined {
    if (!loaded && !this.__load && fields.includes('tax_identification_number') && tinPatterns(residence).length) {
      // Never rejects: a chunk that cannot load (offline, a CSP that refuses it) leaves tax IDs refused for now.
      loading ??= import('../form/tin.js').then(
        (module) => (loaded = module.matchesTin),
        (error: unknown) => {
          loading = undefined;
          console.warn('<kyc-signup>: the tax ID checker could not be loaded, so tax IDs are refused for now.', error);
        },
      );
      this.__load = loading.then(() => {
        this.__load = undefined;
        if (loaded) this.__host.requestUpdate();
      });
    }
    return loaded;
  }

  /**
   * The load under way and the update it asked for, for a submit to wait for: a tax ID is judged
   * by the checker. Undefined when there is nothing to wait for, so a submit goes on at once.
   */
  pending(): Promise<unknown> | undefined {
    return this.__load?.then(() => this.__host.updateComplete);
  }
}
