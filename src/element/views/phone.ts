/** A phone number: its calling code and national number, one field with one message. */
import { html, type TemplateResult } from 'lit';
import type { PhoneControl } from '../../form/fields.js';
import { errorText, input, labelled, wiring, type FormView } from './field.js';

export function phoneView(view: FormView, phone: PhoneControl): TemplateResult {
  const { name, idd, section } = phone;
  const hintId = `${name}-hint`;
  // The calling code shares the number's message, not its hint (which is about the national digits).
  const code = wiring(view, name);
  // Both calling codes read "Country code" on screen; their names say which number each belongs to.
  const iddName = code.required ? view.t(`name.${idd}`) : `${view.t(`name.${idd}`)} (${view.t('hint.optional')})`;
  return html`<div class="field" part="field">
    <div class="phone">
      ${labelled(
        view,
        idd,
        html`<div class="idd" dir="ltr">
          <span aria-hidden="true">+</span>
          ${input(view, idd, { inputmode: 'numeric', autocomplete: `${section}tel-country-code`, maxlength: 6, label: iddName }, code)}
        </div>`,
      )}
      ${labelled(view, name, input(view, name, { type: 'tel', autocomplete: `${section}tel-national`, maxlength: 24 }, wiring(view, name, hintId)))}
    </div>
    <p class="hint" id=${hintId}>${view.t('hint.phone')}</p>
    ${errorText(view, name)}
  </div>`;
}
