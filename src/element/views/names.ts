/** Who the person is: names, email and gender. */
import { html, type TemplateResult } from 'lit';
import type { OptionalField } from '../../form/fields.js';
import type { Translate } from '../../i18n/index.js';
import { oncePerKey } from '../once-per-key.js';
import { field, select, textField, when, type FormView } from './field.js';

export function namesView(view: FormView, shown: readonly OptionalField[]): TemplateResult {
  return html`<div class="row">
      ${textField(view, 'first_name')} ${when(shown.includes('middle_name'), () => textField(view, 'middle_name'))}
      ${textField(view, 'last_name')}
    </div>
    <div class="row">${textField(view, 'email')} ${when(shown.includes('gender'), () => gender(view))}</div>`;
}

/** The genders' options, one list per set of texts: a select whose texts stay is not refilled. */
const genders = oncePerKey((texts) => texts.split('\n').map((text, i) => ({ value: String(i), text })));

const genderList = (t: Translate) => genders([t('gender.0'), t('gender.1'), t('gender.2')].join('\n'));

function gender(view: FormView): TemplateResult {
  // Optional, the empty choice is an answer of its own.
  const placeholder = view.t(view.required('gender') ? 'select.choose' : 'gender.none');
  return field(view, 'gender', select(view, 'gender', { autocomplete: 'sex', list: genderList(view.t), placeholder }));
}
