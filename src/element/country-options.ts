/**
 * Fills a country `<select>` imperatively: ~250 options built with `new Option` (text only,
 * never HTML) once per list and cloned into each select that shows it, instead of one template
 * instance each; the value is kept in sync on every render. Used as an element directive:
 * `<select ${countryOptions(...)}>`.
 */
import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';
import type { Country } from '../deriv/residence-list.js';

export interface CountryOptionsArgs {
  countries: readonly Country[];
  value: string;
  /** The first, empty option's text ("Choose…" or "Loading…"). */
  placeholder: string;
  /** Countries shown but not choosable. */
  disabled?: (country: Country) => boolean;
}

/** Each list's options as first built: a select after the first gets clones (cheaper than constructors). */
const built = new WeakMap<readonly Country[], HTMLOptionElement[]>();

function optionsOf(countries: readonly Country[]): HTMLOptionElement[] {
  const first = built.get(countries);
  if (first) return first.map((option) => option.cloneNode(true) as HTMLOptionElement);
  const options = countries.map((country) => new Option(country.text, country.value));
  built.set(countries, options);
  return options;
}

class CountryOptions extends Directive {
  private list: readonly Country[] | undefined;
  private placeholder: string | undefined;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('countryOptions() belongs on a <select>');
  }

  render(_args: CountryOptionsArgs): unknown {
    return noChange;
  }

  override update(part: ElementPart, [args]: [CountryOptionsArgs]): unknown {
    const select = part.element as HTMLSelectElement;
    if (args.countries !== this.list || args.placeholder !== this.placeholder) {
      const options = optionsOf(args.countries);
      // Clones carry the attributes of the select they came from: set `disabled` both ways.
      args.countries.forEach((country, i) => {
        const disabled = args.disabled?.(country) ?? false;
        if (options[i]!.disabled !== disabled) options[i]!.disabled = disabled;
      });
      select.replaceChildren(new Option(args.placeholder, ''), ...options);
      this.list = args.countries;
      this.placeholder = args.placeholder;
    }
    if (select.value !== args.value) select.value = args.value;
    return noChange;
  }
}

export const countryOptions = directive(CountryOptions);
