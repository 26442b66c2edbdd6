/** Nationality and residence: selects filled from Deriv's list; disabled countries are not a residence. */
import { html, type TemplateResult } from 'lit';
import { isDisabled, type Country } from '../../deriv/residence-list.js';
import { field, select, type FormView } from './field.js';

export function countriesView(view: FormView, sorted: readonly Country[], loading: boolean): TemplateResult {
  return html`<div class="row">
    ${country(view, 'country_nationality', sorted, loading)} ${country(view, 'country_residence', sorted, loading)}
  </div>`;
}

function country(view: FormView, name: 'country_residence' | 'country_nationality', sorted: readonly Country[], loading: boolean): TemplateResult {
  const residence = name === 'country_residence';
  return field(
    view,
    name,
    select(view, name, {
      autocomplete: residence ? 'country' : 'off',
      list: sorted,
      placeholder: view.t(loading ? 'countries.loading' : 'select.choose'),
      disabled: loading,
      isDisabled: residence ? isDisabled : undefined,
    }),
  );
}
