/** What every section view reads, and the pieces each field is made of: label, control, message. */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { OPTIONAL_FIELDS, PAYLOAD_FIELDS, TEXT_CONTROLS, type OptionalField, type TextControlName } from '../../form/fields.js';
import type { FormValues } from '../../form/payload.js';
import { errorMessage, shownError, type ErrorState } from '../../form/shown-error.js';
import type { Translate } from '../../i18n/index.js';
import { selectOptions, type SelectOptionsArgs } from '../select-options.js';

/** The form as the views see it: plain data, computed once per render by the element. */
export interface FormView {
  t: Translate;
  values: FormValues;
  /** The visible message of each control that shows an error, by control name. */
  errors: Partial<Record<string, string>>;
  /** Whether a control must be filled in. */
  required: (name: string) => boolean;
}

/** Validity wiring of a control: whether it is required and invalid, and what describes it. */
export interface Wiring {
  required: boolean;
  invalid: boolean;
  describedBy: string | undefined;
}

/**
 * The wiring of a control that shows the message of `field` (its own, or the one it is part of)
 * under `errorId`, and is described by `hint` if given.
 */
export function wiring(view: FormView, field: string, hint?: string, errorId = `${field}-error`): Wiring {
  const invalid = Boolean(view.errors[field]);
  const ids = [hint, invalid ? errorId : undefined].filter(Boolean).join(' ');
  return { required: view.required(field), invalid, describedBy: ids || undefined };
}

/** The visible message for `names` (the first that has an error), under the id controls point at. */
export function errorText(view: FormView, id: string, names: readonly string[] = [id]): TemplateResult {
  const message = names.map((name) => view.errors[name]).find(Boolean);
  return html`<p class="error" part="error" id="${id}-error">${message ?? nothing}</p>`;
}

export function label(view: FormView, name: string): TemplateResult {
  return html`<label part="label" for=${name}
    >${view.t(`label.${name}`)}${view.required(name)
      ? nothing
      : // The space inside the hint's text: a space of its own, between two parts, is left out of the accessible name.
        html`<span class="optional">${` (${view.t('hint.optional')})`}</span>`}</label
  >`;
}

/** A control and its label, part of a field whose message it shares. */
export const labelled = (view: FormView, name: string, control: TemplateResult): TemplateResult =>
  html`<div class="field">${label(view, name)}${control}</div>`;

/** A field of one control: its label, the control and its message. */
export const field = (view: FormView, name: string, control: TemplateResult): TemplateResult =>
  html`<div class="field" part="field">${label(view, name)} ${control} ${errorText(view, name)}</div>`;

/** How an input is presented beyond its name and wiring. */
export interface InputSpec {
  autocomplete: string;
  maxlength: number;
  type?: 'email' | 'tel';
  /** The keyboard, when not the type's own (email and tel bring theirs). */
  inputmode?: 'numeric';
  /** The accessible name, when the visible label does not say enough. */
  label?: string;
}

/**
 * Every input of the form (lit writes `true` as "true", `nothing` leaves the attribute out).
 * `aria-required`, not `required`: the form checks its own rules
 * (`novalidate`), and a native `required` makes Chromium report an untouched select as invalid.
 */
export function input(view: FormView, name: string, spec: InputSpec, wired = wiring(view, name)): TemplateResult {
  return html`<input
    part="input"
    id=${name}
    name=${name}
    dir=${ifDefined(spec.type === 'email' ? 'ltr' : undefined)}
    type=${ifDefined(spec.type)}
    inputmode=${ifDefined(spec.inputmode)}
    autocomplete=${spec.autocomplete}
    maxlength=${spec.maxlength}
    aria-label=${ifDefined(spec.label)}
    aria-required=${wired.required || nothing}
    aria-invalid=${wired.invalid || nothing}
    aria-describedby=${ifDefined(wired.describedBy)}
    .value=${view.values[name] ?? ''}
  />`;
}

/** How a select is presented: its choices (the directive's arguments but the value) and autocomplete token. */
export interface SelectSpec extends Omit<SelectOptionsArgs, 'value'> {
  autocomplete: string;
  /** The whole select is off (the list is still loading). */
  disabled?: boolean;
}

/** Every select of the form: options filled by the directive, the first an empty placeholder. */
export function select(view: FormView, name: string, spec: SelectSpec, wired = wiring(view, name)): TemplateResult {
  return html`<select
    part="input"
    id=${name}
    name=${name}
    autocomplete=${spec.autocomplete}
    aria-required=${wired.required || nothing}
    ?disabled=${spec.disabled}
    aria-invalid=${wired.invalid || nothing}
    aria-describedby=${ifDefined(wired.describedBy)}
    ${selectOptions({ ...spec, value: view.values[name] ?? '' })}
  ></select>`;
}

/** A plain text field: its presentation comes from the field list. */
export function textField(view: FormView, name: TextControlName): TemplateResult {
  const control = TEXT_CONTROLS[name];
  return field(view, name, input(view, name, { ...control, type: control.kind === 'email' ? 'email' : undefined }));
}

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
