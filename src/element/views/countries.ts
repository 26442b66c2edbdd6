/** Nationality and residence: selects filled from Deriv's list; disabled countries are not a residence. */
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { isDisabled, type Country } from '../../deriv/residence-list.js';
import { countryOptions } from '../country-options.js';
import { errorText, label, wiring, type FormView } from './field.js';

export function countriesView(view: FormView, sorted: readonly Country[], loading: boolean): TemplateResult {
  return html`<div class="row aligned">
    ${country(view, 'country_nationality', sorted, loading)} ${country(view, 'country_residence', sorted, loading)}
  </div>`;
}

function country(view: FormView, name: 'country_residence' | 'country_nationality', sorted: readonly Country[], loading: boolean): TemplateResult {
  const residence = name === 'country_residence';
  const { invalid, describedBy } = wiring(view, name);
  return html`<div class="field" part="field">
    ${label(view, name)}
    <select part="input" id=${name} name=${name} autocomplete=${residence ? 'country' : 'off'} aria-required="true"
      ?disabled=${loading} aria-invalid=${ifDefined(invalid)} aria-describedby=${ifDefined(describedBy)}
      ${countryOptions({
        countries: sorted,
        value: view.values[name] ?? '',
        placeholder: view.t(loading ? 'countries.loading' : 'select.choose'),
        disabled: residence ? isDisabled : undefined,
      })}></select>
    ${errorText(view, name)}
  </div>`;
}
