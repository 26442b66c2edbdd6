/** A phone number: its calling code and national number, one field with one message. */
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { PhoneControl } from '../../form/fields.js';
import { errorText, label, wiring, type FormView } from './field.js';

export function phoneView(view: FormView, phone: PhoneControl): TemplateResult {
  const { name, idd, section } = phone;
  const required = view.required(name);
  const hintId = `${name}-hint`;
  const number = wiring(view, name, hintId);
  return html`<div class="field" part="field">
    <div class="phone">
      <div class="field">
        <label part="label" for=${idd}>${view.t(`label.${idd}`)}</label>
        <div class="idd" dir="ltr">
          <span aria-hidden="true">+</span>
          <input
            part="input"
            id=${idd}
            name=${idd}
            inputmode="numeric"
            autocomplete="${section}tel-country-code"
            maxlength="6"
            ?required=${required}
            aria-invalid=${ifDefined(number.invalid)}
            .value=${live(view.values[idd] ?? '')}
          />
        </div>
      </div>
      <div class="field">
        ${label(view, name)}
        <input
          part="input"
          id=${name}
          name=${name}
          type="tel"
          inputmode="tel"
          autocomplete="${section}tel-national"
          maxlength="24"
          ?required=${required}
          aria-invalid=${ifDefined(number.invalid)}
          aria-describedby=${ifDefined(number.describedBy)}
          .value=${live(view.values[name] ?? '')}
        />
      </div>
    </div>
    <p class="hint" id=${hintId}>${view.t('hint.phone')}</p>
    ${errorText(view, name)}
  </div>`;
}
