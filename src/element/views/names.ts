/** Who the person is: names, email and gender. */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { OptionalField } from '../../form/fields.js';
import { ariaRequired, errorText, label, textField, when, wiring, type FormView } from './field.js';

export function namesView(view: FormView, shown: readonly OptionalField[]): TemplateResult {
  return html`<div class="row aligned">
      ${textField(view, 'first_name')} ${when(shown.includes('middle_name'), () => textField(view, 'middle_name'))}
      ${textField(view, 'last_name')}
    </div>
    <div class="row aligned">${textField(view, 'email')} ${shown.includes('gender') ? gender(view) : nothing}</div>`;
}

function gender(view: FormView): TemplateResult {
  const value = view.values.gender ?? '';
  const { invalid, describedBy } = wiring(view, 'gender');
  const required = view.required('gender');
  return html`<div class="field" part="field">
    ${label(view, 'gender')}
    <select part="input" id="gender" name="gender" autocomplete="sex" aria-required=${ariaRequired(required)}
      aria-invalid=${ifDefined(invalid)} aria-describedby=${ifDefined(describedBy)} .value=${live(value)}>
      <option value="" ?selected=${value === ''}>${view.t(required ? 'select.choose' : 'gender.none')}</option>
      ${['0', '1', '2'].map((v) => html`<option value=${v} ?selected=${value === v}>${view.t(`gender.${v}`)}</option>`)}
    </select>
    ${errorText(view, 'gender')}
  </div>`;
}
