/** The birthday: day, month and year under one legend, with one message for the three. */
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { errorText, wiring, type FormView } from './field.js';

const PARTS = ['birthday_day', 'birthday_month', 'birthday_year'] as const;

const monthCache = new Map<string, string[]>();
/** Month names in a language, made once (an Intl formatter per render is measurable). */
function monthNames(lang: string): string[] {
  let names = monthCache.get(lang);
  if (!names) {
    const format = new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' });
    names = Array.from({ length: 12 }, (_, i) => format.format(Date.UTC(2000, i, 1)));
    monthCache.set(lang, names);
  }
  return names;
}

export function birthdayView(view: FormView, lang: string): TemplateResult {
  const months = monthNames(lang);
  const part = (name: (typeof PARTS)[number], control: TemplateResult) =>
    html`<div class="field"><label part="label" for=${name}>${view.t(`label.${name}`)}</label>${control}</div>`;
  // One message for the three parts: the first problem, in day-month-year order.
  const [day, month, year] = PARTS.map((name) => wiring(view, name, undefined, 'birthday-error')) as [
    ReturnType<typeof wiring>,
    ReturnType<typeof wiring>,
    ReturnType<typeof wiring>,
  ];
  const value = (name: string) => view.values[name] ?? '';
  return html`<fieldset part="field">
    <legend part="label">${view.t('label.birthday')}</legend>
    <div class="birthday">
      ${part(
        'birthday_day',
        html`<input part="input" id="birthday_day" name="birthday_day" inputmode="numeric" autocomplete="bday-day"
          maxlength="2" aria-required="true" aria-invalid=${ifDefined(day.invalid)} aria-describedby=${ifDefined(day.describedBy)}
          .value=${live(value('birthday_day'))} />`,
      )}
      ${part(
        'birthday_month',
        html`<select part="input" id="birthday_month" name="birthday_month" autocomplete="bday-month" aria-required="true"
          aria-invalid=${ifDefined(month.invalid)} aria-describedby=${ifDefined(month.describedBy)}
          .value=${live(value('birthday_month'))}>
          <option value="" ?selected=${!value('birthday_month')}>${view.t('select.choose')}</option>
          ${Array.from({ length: 12 }, (_, i) => {
            const v = String(i + 1);
            return html`<option value=${v} ?selected=${value('birthday_month') === v}>
              ${months[i]}
            </option>`;
          })}
        </select>`,
      )}
      ${part(
        'birthday_year',
        html`<input part="input" id="birthday_year" name="birthday_year" inputmode="numeric" autocomplete="bday-year"
          maxlength="4" aria-required="true" aria-invalid=${ifDefined(year.invalid)} aria-describedby=${ifDefined(year.describedBy)}
          .value=${live(value('birthday_year'))} />`,
      )}
    </div>
    ${errorText(view, 'birthday', PARTS)}
  </fieldset>`;
}
