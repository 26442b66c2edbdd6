/** The birthday: day, month and year under one legend, with one message for the three. */
import { html, type TemplateResult } from 'lit';
import { oncePerKey } from '../once-per-key.js';
import type { Option } from '../select-options.js';
import { errorText, input, labelled, select, wiring, type FormView } from './field.js';

const PARTS = ['birthday_day', 'birthday_month', 'birthday_year'] as const;

/** The months as options in a language, made once (an Intl formatter per render is measurable). */
const months = oncePerKey((lang): Option[] => {
  const format = new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), text: format.format(Date.UTC(2000, i, 1)) }));
});

export function birthdayView(view: FormView, lang: string): TemplateResult {
  // One message for the three parts: the first problem, in day-month-year order.
  const [day, month, year] = PARTS.map((name) => wiring(view, name, undefined, 'birthday-error'));
  return html`<fieldset part="field">
    <legend part="label">${view.t('label.birthday')}</legend>
    <div class="birthday">
      ${labelled(view, 'birthday_day', input(view, 'birthday_day', { inputmode: 'numeric', autocomplete: 'bday-day', maxlength: 2 }, day))}
      ${labelled(
        view,
        'birthday_month',
        select(view, 'birthday_month', { autocomplete: 'bday-month', list: months(lang), placeholder: view.t('select.choose') }, month),
      )}
      ${labelled(view, 'birthday_year', input(view, 'birthday_year', { inputmode: 'numeric', autocomplete: 'bday-year', maxlength: 4 }, year))}
    </div>
    ${errorText(view, 'birthday', PARTS)}
  </fieldset>`;
}
