/**
 * The tax ID checker for a host form: loaded when the field shows for a residence with formats,
 * then the form re-renders; after a failed load the next update tries again.
 */
import type { ReactiveControllerHost } from 'lit';
import { tinPatterns, type Country } from '../deriv/residence-list.js';
import type { OptionalField } from '../form/fields.js';
import type { TinMatcher } from '../form/schema.js';
import { loadTinMatcher, tinMatcher } from '../form/tin-loader.js';

export class TinController {
  /** The checker's load, once this form needed it. */
  private __load: Promise<unknown> | undefined;

  constructor(private readonly __host: ReactiveControllerHost) {}

  /** The checker if it is here; starts its load when the form needs it. */
  matcher(fields: readonly OptionalField[], residence: Country | undefined): TinMatcher | undefined {
    if (!this.__load && fields.includes('tax_identification_number') && tinPatterns(residence).length) {
      this.__load = loadTinMatcher().then((matcher) => {
        if (matcher) this.__host.requestUpdate();
        else this.__load = undefined;
      });
    }
    return tinMatcher();
  }

  /**
   * The load under way and the update it asked for, for a submit to wait for: a tax ID is judged
   * by the checker. Undefined when there is nothing to wait for, so a submit goes on at once.
   */
  pending(): Promise<unknown> | undefined {
    if (this.__load && !tinMatcher()) return this.__load.then(() => this.__host.updateComplete);
  }
}
