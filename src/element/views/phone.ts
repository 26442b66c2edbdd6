/** A phone number: its calling code and national number, one field with one message. */
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { PhoneControl } from '../../form/fields.js';
import { ariaRequired, errorText, label, wiring, type FormView } from './field.js';

export function phoneView(view: FormView, phone: PhoneControl): TemplateResult {
  const { name, idd, section } = phone;
  const required = view.required(name);
  const hintId = `${name}-hint`;
  const number = wiring(view, name, hintId);
  // The calling code shares the number's message, not its hint (which is about the national digits).
  const code = wiring(view, name);
  // Both calling codes read "Country code" on screen; their names say which number each belongs to.
  const iddName = required ? view.t(`name.${idd}`) : `${view.t(`name.${idd}`)} (${view.t('hint.optional')})`;
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
            aria-label=${iddName}
            aria-required=${ariaRequired(required)}
            aria-invalid=${ifDefined(code.invalid)}
            aria-describedby=${ifDefined(code.describedBy)}
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
          aria-required=${ariaRequired(required)}
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
