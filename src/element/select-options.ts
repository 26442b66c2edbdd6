/**
 * Fills a `<select>` imperatively: its options (~250 for countries) built with `new Option` (text
 * only, never HTML) once per list and cloned into each select that shows it, instead of one
 * template instance each; the value is kept in sync on every render. Used as an element
 * directive: `<select ${selectOptions(...)}>`.
 */
import { noChange } from 'lit';
import { Directive, directive, type ElementPart } from 'lit/directive.js';

/** One choice: a country of Deriv's list is one as it is. */
export interface Option {
  value: string;
  text: string;
}

export interface SelectOptionsArgs {
  /** The choices; a list that keeps its identity between renders is not rebuilt. */
  list: readonly Option[];
  value: string;
  /** The first, empty option's text ("Choose…" or "Loading…"). */
  placeholder: string;
  /** Options shown but not choosable (a method: a check of countries serves their list). */
  isDisabled?(option: Option): boolean;
}

/**
 * Each list's options, built once and never inserted: every select gets clones (cheaper than
 * constructors). Inserted, they would keep their select, and with it an element long removed
 * from the page, alive for as long as the list lives (the months and genders: for good).
 */
const built = new WeakMap<readonly Option[], HTMLOptionElement[]>();

function optionsOf(list: readonly Option[]): HTMLOptionElement[] {
  let originals = built.get(list);
  if (!originals) built.set(list, (originals = list.map((option) => new Option(option.text, option.value))));
  return originals.map((option) => option.cloneNode(true) as HTMLOptionElement);
}

class SelectOptions extends Directive {
  private list: readonly Option[] | undefined;
  private placeholder: string | undefined;

  render(_args: SelectOptionsArgs): unknown {
    return noChange;
  }

  override update(part: ElementPart, [args]: [SelectOptionsArgs]): unknown {
    const select = part.element as HTMLSelectElement;
    if (args.list !== this.list || args.placeholder !== this.placeholder) {
      const options = optionsOf(args.list);
      // Fresh clones are all enabled.
      args.list.forEach((option, i) => {
        if (args.isDisabled?.(option)) options[i]!.disabled = true;
      });
      select.replaceChildren(new Option(args.placeholder, ''), ...options);
      this.list = args.list;
      this.placeholder = args.placeholder;
    }
    if (select.value !== args.value) select.value = args.value;
    return noChange;
  }
}

export const selectOptions = directive(SelectOptions);
