/** What every section view reads, and the pieces each field is made of: label, validity wiring, message. */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { OPTIONAL_FIELDS, PAYLOAD_FIELDS, TEXT_CONTROLS, type OptionalField, type TextControlName } from '../../form/fields.js';
import { parseCode } from '../../form/errors.js';
import type { FormValues } from '../../form/payload.js';
import { MIN_BIRTH_YEAR } from '../../form/schema.js';
import { shownError, type ErrorState } from '../../form/shown-error.js';
import type { Translate } from '../../i18n/index.js';

/** The form as the views see it: plain data, computed once per render by the element. */
export interface FormView {
  t: Translate;
  values: FormValues;
  /** The visible message of each control that shows an error, by control name. */
  errors: Partial<Record<string, string>>;
  /** Whether a control must be filled in. */
  required: (name: string) => boolean;
}

export interface Wiring {
  invalid: 'true' | undefined;
  describedBy: string | undefined;
}

/** Validity wiring of a control: `aria-invalid`, and the ids of its hint and visible message. */
export function wiring(view: FormView, name: string, hint?: string, errorId = `${name}-error`): Wiring {
  const error = view.errors[name];
  const ids = [hint, error ? errorId : undefined].filter(Boolean).join(' ');
  return { invalid: error ? 'true' : undefined, describedBy: ids || undefined };
}

/** The visible message for `names` (the first that has an error), under the id controls point at. */
export function errorText(view: FormView, id: string, names: readonly string[] = [id]): TemplateResult {
  const message = names.map((name) => view.errors[name]).find(Boolean);
  return html`<p class="error" part="error" id="${id}-error">${message ?? nothing}</p>`;
}

export function label(view: FormView, name: string): TemplateResult {
  return html`<label part="label" for=${name}
    >${view.t(`label.${name}`)} ${view.required(name)
      ? nothing
      : html`<span class="optional">(${view.t('hint.optional')})</span>`}</label
  >`;
}

export function textField(view: FormView, name: TextControlName): TemplateResult {
  const control = TEXT_CONTROLS[name];
  const email = control.kind === 'email';
  const { invalid, describedBy } = wiring(view, name);
  return html`<div class="field" part="field">
    ${label(view, name)}
    <input
      part="input"
      id=${name}
      name=${name}
      dir=${ifDefined(email ? 'ltr' : undefined)}
      type=${email ? 'email' : 'text'}
      inputmode=${ifDefined(email ? 'email' : undefined)}
      autocomplete=${control.autocomplete}
      maxlength=${control.maxlength}
      aria-required=${ariaRequired(view.required(name))}
      aria-invalid=${ifDefined(invalid)}
      aria-describedby=${ifDefined(describedBy)}
      .value=${live(view.values[name] ?? '')}
    />
    ${errorText(view, name)}
  </div>`;
}

/**
 * `aria-required`, not `required`: the form checks its own rules (`novalidate`), and a native
 * `required` makes Chromium report an untouched select as invalid.
 */
export const ariaRequired = (required: boolean): 'true' | typeof nothing => (required ? 'true' : nothing);

/** A field shown only when the integrator asked for it. */
export const when = (shown: boolean, field: () => TemplateResult): TemplateResult | typeof nothing =>
  shown ? field() : nothing;

/** The view of a form: each control's visible message, and which controls are required. */
export function formView(form: {
  t: Translate;
  values: FormValues;
  errors: ErrorState;
  minAge: number | undefined;
  requiredFields: readonly OptionalField[];
}): FormView {
  const errors: Partial<Record<string, string>> = {};
  for (const name of PAYLOAD_FIELDS) {
    const code = shownError(name, form.errors);
    if (code) errors[name] = errorMessage(form.t, code, form.minAge);
  }
  const optional: readonly string[] = OPTIONAL_FIELDS;
  const required = (name: string) => !optional.includes(name) || form.requiredFields.includes(name as OptionalField);
  return { t: form.t, values: form.values, errors, required };
}

/** The text of an error code: its own message if the table has one, else its kind's. */
export function errorMessage(t: Translate, code: string, minAge: number | undefined): string {
  const params = { minAge: minAge ?? '', minYear: MIN_BIRTH_YEAR, maxYear: new Date().getFullYear() };
  const key = `error.${code}`;
  const text = t(key, params);
  return text === key ? t(`error.${parseCode(code)?.kind ?? 'invalid'}`, params) : text;
}
