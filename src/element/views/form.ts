/** The whole form and the two screens that stand in for it: plain data and handlers in, a template out. */
import { html, nothing, type TemplateResult } from 'lit';
import type { Country } from '../../deriv/residence-list.js';
import { PHONE_CONTROLS, type OptionalField } from '../../form/fields.js';
import type { Language } from '../../i18n/index.js';
import { addressView } from './address.js';
import { birthdayView } from './birthday.js';
import { countriesView } from './countries.js';
import type { FormView } from './field.js';
import { namesView } from './names.js';
import { phoneView } from './phone.js';

export interface FormScreen {
  view: FormView;
  language: Language;
  /** Optional fields shown. */
  shown: readonly OptionalField[];
  /** Countries in the language's order. */
  countries: readonly Country[];
  /** The list is not in yet. */
  loading: boolean;
  residence: Country | undefined;
  /** Message key of the form-level alert, if any. */
  alert: string | null;
  /** What the polite live region says. */
  announcement: string;
  busy: boolean;
  /** The list failed: offer to try again. */
  retry: boolean;
}

/** The element's listeners; lit calls them with the element (the render's host) as `this`. */
export interface FormHandlers {
  input(event: Event): void;
  blur(event: FocusEvent): void;
  submit(event: SubmitEvent): void;
  retry(): void;
}

export function formScreen(data: FormScreen, on: FormHandlers): TemplateResult {
  const { view, language, shown, busy } = data;
  const t = view.t;
  return html`<form
    part="form"
    novalidate
    dir=${language.dir}
    lang=${language.ui}
    aria-busy=${busy}
    @input=${on.input}
    @change=${on.input}
    @focusout=${on.blur}
    @submit=${on.submit}
  >
    ${namesView(view, shown)} ${phoneView(view, PHONE_CONTROLS[0])}
    ${shown.includes('phone2') ? phoneView(view, PHONE_CONTROLS[1]) : nothing} ${birthdayView(view, language.ui)}
    ${countriesView(view, data.countries, data.loading)} ${addressView(view, shown, data.residence)}
    <div part="alert" class="alert" role="alert">${data.alert ? t(data.alert) : nothing}</div>
    <p class="visually-hidden" aria-live="polite">${data.announcement}</p>
    <div class="actions">
      <button type="submit" part="submit" ?disabled=${busy}>
        ${busy ? html`<span class="spinner" aria-hidden="true"></span>${t('submit.busy')}` : t('submit.label')}
      </button>
      <button type="button" class="secondary" ?hidden=${!data.retry} @click=${on.retry}>${t('countries.retry')}</button>
    </div>
  </form>`;
}

/** Base-check accepted and no steps follow: the success message, its heading ready for focus. */
export function successScreen(t: FormView['t'], language: Language): TemplateResult {
  return html`<div part="form" class="success" role="status" dir=${language.dir} lang=${language.ui}>
    <h2 tabindex="-1">${t('success.title')}</h2>
    <p>${t('success.body')}</p>
  </div>`;
}

/** A saved journey is resuming: nothing of the form shows while the steps load. */
export const resumingScreen = (language: Language): TemplateResult =>
  html`<div part="form" aria-busy="true" dir=${language.dir} lang=${language.ui}></div>`;
