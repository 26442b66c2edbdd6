import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { countryOptions } from './country-options.js';
import { CountriesController } from './deriv/countries-controller.js';
import { isDisabled, supportedDocuments, type Country } from './deriv/residence-list.js';
import { emit, type VerifiedDetail } from './events.js';
import { parseCode } from './form/errors.js';
import { OPTIONAL_FIELDS, parseFieldList, type OptionalField } from './form/fields.js';
import { PHONE_CONTROLS, TEXT_CONTROLS, type TextControl, type TextControlName } from './form/controls.js';
import { cleanPhone, toFormValues, toPayload, type FormValues } from './form/payload.js';
import type { RelayOutcome } from './form/relay-answer.js';
import { baseCheckSchema, checkBaseCheck, MIN_BIRTH_YEAR, type CheckResult } from './form/schema.js';
import { SubmitController } from './form/submit-controller.js';
import { languageReady, loadLanguage, resolveLanguage, translator, type Language, type Messages, type Translate } from './i18n/index.js';
import { inheritedLang } from './i18n/inherited-lang.js';
import { styles } from './kyc-signup.styles.js';

/** By default every BASIS ID optional field shows; the tax ID only when asked for. */
const DEFAULT_FIELDS = OPTIONAL_FIELDS.filter((field) => field !== 'tax_identification_number');

const fieldList = {
  fromAttribute: (value: string | null) => parseFieldList(value),
  toAttribute: (value: readonly OptionalField[]) => value.join(' '),
};

type CountryField = 'country_residence' | 'country_nationality';

/** How long a first render waits for a language table before showing English (then switching). */
const LANGUAGE_WAIT_MS = 1_000;

/** The list while none is loaded: always this one (frozen) array, so caches keyed on the list hit. */
const NO_COUNTRIES: Country[] = [];
Object.freeze(NO_COUNTRIES);

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

/**
 * A signup and identity (KYC) form: countries from Deriv, fields of BASIS ID's `base-check`,
 * posted to the page owner's relay.
 *
 * @summary Drop-in identity signup form.
 * @attr lang - UI language and Deriv's `l`; falls back to the page's `lang`, then `en`.
 *
 * @fires verified - The relay answered `status:"ok"`. Detail: `{ userHash, userId }`.
 * @fires verification-failed - `status:"bad"`, a relay error, or the network failed. Detail: `{ errors, status }`.
 * @fires countries-loaded - The country list is in. Detail: `{ countries, fromCache }`.
 * @fires countries-error - The country list could not be loaded. Detail: `{ code, message }`.
 * @fires country-change - Nationality or residence changed. Detail: `{ field, country }`.
 *
 * @csspart form - The form.
 * @csspart field - Each field: label, control, hint and error.
 * @csspart label - Each control's label.
 * @csspart input - Each input and select.
 * @csspart error - Each field's error message.
 * @csspart submit - The submit button.
 * @csspart alert - The form-level message (`role="alert"`).
 *
 * @cssprop --kyc-color-text - Text colour.
 * @cssprop --kyc-color-muted - Hints and optional markers.
 * @cssprop --kyc-color-bg - Form background.
 * @cssprop --kyc-color-field - Control background.
 * @cssprop --kyc-color-border - Control border.
 * @cssprop --kyc-color-accent - Submit button and focus ring.
 * @cssprop --kyc-color-on-accent - Text on the accent colour.
 * @cssprop --kyc-color-error - Errors and the alert.
 * @cssprop --kyc-color-success - The success state.
 * @cssprop --kyc-focus-ring - Focus outline colour.
 * @cssprop --kyc-radius - Corner radius.
 * @cssprop --kyc-space - Base spacing.
 * @cssprop --kyc-font - Font family.
 */
export class KycSignup extends LitElement {
  static override styles = styles;

  static override properties = {
    backendUrl: { attribute: 'backend-url' },
    appId: { attribute: 'app-id' },
    wsUrl: { attribute: 'ws-url' },
    pingInterval: { attribute: 'ping-interval', type: Number },
    fields: { converter: fieldList },
    requiredFields: { attribute: 'required-fields', converter: fieldList },
    residence: {},
    minAge: { attribute: 'min-age', type: Number },
    values: { attribute: false },
    messages: { attribute: false },
    // `lang` is HTMLElement's own property; observing the attribute re-renders on change.
    _langAttr: { attribute: 'lang' },
    _values: { state: true },
    _touched: { state: true },
    _submitted: { state: true },
    _serverErrors: { state: true },
    _alert: { state: true },
    _verified: { state: true },
  };

  /** Where the form JSON is POSTed: the relay. Required. */
  backendUrl = '';
  /** Deriv `app_id`. */
  appId = '1089';
  /** Deriv WebSocket endpoint; `app_id` and `l` are added as query parameters. */
  wsUrl = 'wss://ws.derivws.com/websockets/v3';
  /** Milliseconds between pings while connected. */
  pingInterval = 30_000;
  /** Optional fields to show. */
  fields: OptionalField[] = [...DEFAULT_FIELDS];
  /** Shown optional fields this BASIS ID account requires. */
  requiredFields: OptionalField[] = [];
  /** Preselected residence (ISO2); defaults to the country Deriv detects. */
  residence?: string;
  /** Refuse people younger than this many years. */
  minAge?: number;
  /** Values to prefill, by BASIS field name (`phone: "7-9181234567"`, `gender: 1`). */
  values: Partial<Record<string, string | number>> = {};
  /** Overrides for any UI string, by message key. */
  messages: Partial<Messages> = {};

  declare private _langAttr: string | null;
  private _values: FormValues = {};
  private _touched = new Set<string>();
  private _submitted = false;
  private _serverErrors: Record<string, string> = {};
  /** Message key of the form-level alert. */
  private _alert: string | null = null;
  private _verified: VerifiedDetail | null = null;

  private readonly _countries = new CountriesController(this, () => ({
    wsUrl: this.wsUrl,
    appId: this.appId,
    lang: this._language.deriv,
    pingInterval: this.pingInterval,
  }));
  private readonly _submitter = new SubmitController(this);

  private _language: Language = resolveLanguage('en');
  private _t: Translate = translator('en');
  private _schema = baseCheckSchema();
  private _check: CheckResult = { ok: false, errors: [] };
  private _sorted: Country[] = [];
  private _sortedLang = '';
  private _sortedFrom: Country[] | null = null;
  private _schemaKey = '';

  /** The loaded country list (empty until it is in). */
  get countries(): Country[] {
    const state = this._countries.state;
    return state.status === 'ready' ? state.countries : NO_COUNTRIES;
  }

  override connectedCallback(): void {
    // Resolve the language before the controller connects: it is part of Deriv's URL.
    this._language = resolveLanguage(inheritedLang(this));
    super.connectedCallback();
  }

  /** An update waits (briefly) for a language table that is still loading: no English flash. */
  protected override async scheduleUpdate(): Promise<void> {
    const { ui } = resolveLanguage(inheritedLang(this));
    if (!languageReady(ui)) {
      const loaded = loadLanguage(ui).then(() => this.requestUpdate());
      await Promise.race([loaded, new Promise((resolve) => setTimeout(resolve, LANGUAGE_WAIT_MS))]);
    }
    super.scheduleUpdate();
  }

  /** The language first: the countries controller reads it (Deriv's `l`) in its hostUpdate. */
  protected override willUpdate(changed: PropertyValues<this>): void {
    this._language = resolveLanguage(inheritedLang(this));
    this._t = translator(this._language.ui, this.messages);
    if (changed.has('values') && this.values) {
      this._values = { ...this._values, ...toFormValues(this.values) };
    }
  }

  // What depends on the country list is derived here, after the controllers' hostUpdate:
  // a cached list that arrives there renders in this same update.
  protected override update(changed: PropertyValues<this>): void {
    const countries = this.countries;
    if (this._sortedFrom !== countries || this._sortedLang !== this._language.ui) {
      const collator = new Intl.Collator(this._language.ui);
      this._sorted = [...countries].sort((a, b) => collator.compare(a.text, b.text));
      this._sortedLang = this._language.ui;
      this._sortedFrom = countries;
      this._schemaKey = '';
      this._defaultResidence(countries);
    }
    const required = this.requiredFields.filter((field) => this.fields.includes(field));
    const schemaKey = `${required.join()}|${this.minAge ?? ''}`;
    if (schemaKey !== this._schemaKey) {
      this._schemaKey = schemaKey;
      this._schema = baseCheckSchema({
        requiredFields: required,
        countries: countries.length ? countries : undefined,
        minAge: this.minAge,
      });
    }
    this._check = checkBaseCheck(toPayload(this._values, this.fields), {}, this._schema);
    super.update(changed);
  }

  /** Once countries are in: preselect residence (attribute, else Deriv's guess) and calling codes. */
  private _defaultResidence(countries: Country[]): void {
    if (!countries.length) return;
    let residence = this._find(this._values.country_residence);
    if (!this._values.country_residence) {
      const wanted = this.residence?.toLowerCase();
      residence =
        countries.find((c) => c.value === wanted && !isDisabled(c)) ??
        countries.find((c) => c.selected === 'selected' && !isDisabled(c));
      if (!residence) return;
      this._values = { ...this._values, country_residence: residence.value };
    }
    this._fillCallingCodes(undefined, residence);
  }

  private _find(code: string | undefined): Country | undefined {
    return code ? this.countries.find((c) => c.value === code) : undefined;
  }

  /** A calling code follows the residence unless the user chose another one. */
  private _fillCallingCodes(previous: Country | undefined, next: Country | undefined): void {
    const before = cleanPhone(previous?.phone_idd ?? '');
    const after = cleanPhone(next?.phone_idd ?? '');
    const values = { ...this._values };
    for (const { idd } of PHONE_CONTROLS) {
      const current = values[idd] ?? '';
      if (after && (current === '' || current === before)) values[idd] = after;
    }
    this._values = values;
  }

  /** The error code shown for a control, if any: server verdicts always, ours once touched or submitted. */
  private _error(name: string): string | undefined {
    const server = this._serverErrors[name];
    if (server) return server;
    if (!this._submitted && !this._touched.has(name)) return undefined;
    if (this._check.ok) return undefined;
    return this._check.errors.find((code) => parseCode(code)?.field === name);
  }

  private _message(code: string): string {
    const t = this._t;
    const params = { minAge: this.minAge ?? '', minYear: MIN_BIRTH_YEAR, maxYear: new Date().getFullYear() };
    const key = `error.${code}`;
    const text = t(key, params);
    return text === key ? t(`error.${parseCode(code)?.kind ?? 'invalid'}`, params) : text;
  }

  // ---- events from the controls ----

  private _onInput(event: Event): void {
    const control = event.target as HTMLInputElement | HTMLSelectElement;
    const name = control.name;
    if (!name || this._values[name] === control.value) return;
    const previous = this._values[name];
    this._values = { ...this._values, [name]: control.value };
    if (this._serverErrors[name]) {
      const { [name]: _, ...rest } = this._serverErrors;
      this._serverErrors = rest;
    }
    if (name === 'country_residence' || name === 'country_nationality') {
      this._countryChanged(name, previous, control.value);
    }
  }

  private _countryChanged(field: CountryField, previous: string | undefined, value: string): void {
    const country = this._find(value);
    if (field === 'country_residence') this._fillCallingCodes(this._find(previous), country);
    if (country) emit(this, 'country-change', { field, country });
  }

  private _onBlur(event: FocusEvent): void {
    const name = (event.target as HTMLInputElement).name;
    if (name && !this._touched.has(name)) this._touched = new Set(this._touched).add(name);
  }

  private async _onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._submitter.busy || this._verified) return;
    this._submitted = true;
    this._alert = null;
    if (this._countries.state.status !== 'ready') {
      this._alert = 'countries.needed';
      return;
    }
    if (!this._check.ok) {
      this._alert = 'alert.fix';
      return this._focusFirstInvalid();
    }
    if (!this.backendUrl) {
      console.error('<kyc-signup>: the backend-url attribute is required.');
      this._alert = 'alert.unavailable';
      return;
    }
    const outcome = await this._submitter.submit(this.backendUrl, this._check.data);
    if (outcome) this._apply(outcome);
  }

  private _apply(outcome: RelayOutcome): void {
    if (outcome.kind === 'ok') {
      this._verified = { userHash: outcome.userHash, userId: outcome.userId };
      emit(this, 'verified', this._verified);
      return;
    }
    const fieldErrors: Record<string, string> = {};
    const formErrors: string[] = [];
    for (const code of outcome.errors) {
      const field = parseCode(code)?.field;
      if (field && this.renderRoot.querySelector(`[name="${field}"]`)) fieldErrors[field] ??= code;
      else formErrors.push(code);
    }
    this._serverErrors = fieldErrors;
    this._alert = this._alertKey(formErrors, outcome.status, Object.keys(fieldErrors).length > 0);
    emit(this, 'verification-failed', { errors: outcome.errors, status: outcome.status });
    if (Object.keys(fieldErrors).length) void this._focusFirstInvalid();
  }

  private _alertKey(codes: string[], status: number | null, hasFieldErrors: boolean): string {
    if (codes.includes('user:exists')) return 'alert.user:exists';
    if (codes.some((c) => c.startsWith('network:'))) return 'alert.network';
    if (status === 429) return 'alert.rate_limited';
    if (codes.some((c) => c.startsWith('request:')) || status === 403) return 'alert.rejected';
    if (codes.some((c) => /^(upstream|relay):/.test(c)) || (status ?? 0) >= 500) return 'alert.unavailable';
    return hasFieldErrors ? 'alert.fix' : 'alert.failed';
  }

  private async _focusFirstInvalid(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private _retryCountries(): void {
    this._alert = null;
    this._countries.retry();
  }

  // ---- rendering ----

  protected override render(): TemplateResult {
    const t = this._t;
    const lang = this._language;
    if (this._verified) {
      return html`<div part="form" class="success" role="status" dir=${lang.dir} lang=${lang.ui}>
        <h2>${t('success.title')}</h2>
        <p>${t('success.body')}</p>
      </div>`;
    }
    const shown = this.fields;
    const busy = this._submitter.busy;
    const state = this._countries.state;
    const alert = state.status === 'error' ? 'countries.error' : this._alert;
    return html`<form
      part="form"
      novalidate
      dir=${lang.dir}
      lang=${lang.ui}
      aria-busy=${busy ? 'true' : 'false'}
      @input=${this._onInput}
      @change=${this._onInput}
      @focusout=${this._onBlur}
      @submit=${this._onSubmit}
    >
      <div class="row aligned">
        ${this._text('first_name')} ${shown.includes('middle_name') ? this._text('middle_name') : nothing}
        ${this._text('last_name')}
      </div>
      <div class="row aligned">${this._text('email')} ${shown.includes('gender') ? this._gender() : nothing}</div>
      ${this._phone(PHONE_CONTROLS[0], true)}
      ${shown.includes('phone2') ? this._phone(PHONE_CONTROLS[1], this._isRequired('phone2')) : nothing}
      ${this._birthday()}
      <div class="row aligned">${this._country('country_nationality')} ${this._country('country_residence')}</div>
      ${this._documents()}
      ${shown.includes('address') ? this._text('address') : nothing}
      ${shown.includes('address2') ? this._text('address2') : nothing}
      <div class="row aligned">
        ${shown.includes('city') ? this._text('city') : nothing} ${shown.includes('zip') ? this._text('zip') : nothing}
      </div>
      ${shown.includes('tax_identification_number') ? this._text('tax_identification_number') : nothing}
      <div part="alert" class="alert" role="alert">${alert ? t(alert) : nothing}</div>
      <div>
        <button type="submit" part="submit" ?disabled=${busy}>
          ${busy ? html`<span class="spinner" aria-hidden="true"></span>${t('submit.busy')}` : t('submit.label')}
        </button>
        ${state.status === 'error'
          ? html`<button type="button" class="secondary" @click=${this._retryCountries}>${t('countries.retry')}</button>`
          : nothing}
      </div>
    </form>`;
  }

  private _isRequired(name: string): boolean {
    return !(OPTIONAL_FIELDS as readonly string[]).includes(name) || this.requiredFields.includes(name as OptionalField);
  }

  /** Validity wiring of a control: `aria-invalid`, and the ids of its hint and visible message. */
  private _describedBy(
    name: string,
    hint?: string,
    errorId = `${name}-error`,
  ): { invalid: 'true' | undefined; describedBy: string | undefined } {
    const error = this._error(name);
    const ids = [hint, error ? errorId : undefined].filter(Boolean).join(' ');
    return { invalid: error ? 'true' : undefined, describedBy: ids || undefined };
  }

  /** The visible message for `names` (the first that has an error), under the id controls point at. */
  private _errorText(id: string, ...names: string[]): TemplateResult {
    const code = (names.length ? names : [id]).map((name) => this._error(name)).find(Boolean);
    return html`<p class="error" part="error" id="${id}-error">${code ? this._message(code) : nothing}</p>`;
  }

  private _label(name: string, text = this._t(`label.${name}`)): TemplateResult {
    return html`<label part="label" for=${name}
      >${text}${this._isRequired(name) ? nothing : html` <span class="optional">(${this._t('hint.optional')})</span>`}</label
    >`;
  }

  private _text(name: TextControlName): TemplateResult {
    const control: TextControl = TEXT_CONTROLS[name];
    const { invalid, describedBy } = this._describedBy(name);
    return html`<div class="field" part="field">
      ${this._label(name)}
      <input
        part="input"
        id=${name}
        name=${name}
        dir=${ifDefined(control.type === 'email' ? 'ltr' : undefined)}
        type=${control.type ?? 'text'}
        inputmode=${ifDefined(control.inputmode)}
        autocomplete=${control.autocomplete}
        maxlength=${control.maxlength}
        ?required=${this._isRequired(name)}
        aria-invalid=${ifDefined(invalid)}
        aria-describedby=${ifDefined(describedBy)}
        .value=${live(this._values[name] ?? '')}
      />
      ${this._errorText(name)}
    </div>`;
  }

  private _phone(phone: (typeof PHONE_CONTROLS)[number], required: boolean): TemplateResult {
    const { name, idd, section } = phone;
    const hintId = `${name}-hint`;
    const number = this._describedBy(name, hintId);
    return html`<div class="field" part="field">
      <div class="phone">
        <div class="field">
          <label part="label" for=${idd}>${this._t(`label.${idd}`)}</label>
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
              .value=${live(this._values[idd] ?? '')}
            />
          </div>
        </div>
        <div class="field">
          ${this._label(name)}
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
            .value=${live(this._values[name] ?? '')}
          />
        </div>
      </div>
      <p class="hint" id=${hintId}>${this._t('hint.phone')}</p>
      ${this._errorText(name)}
    </div>`;
  }

  private _birthday(): TemplateResult {
    const months = monthNames(this._language.ui);
    const part = (name: 'birthday_day' | 'birthday_month' | 'birthday_year', control: TemplateResult) =>
      html`<div class="field"><label part="label" for=${name}>${this._t(`label.${name}`)}</label>${control}</div>`;
    // One message for the three parts: the first problem, in day-month-year order.
    const wiring = (name: string) => this._describedBy(name, undefined, 'birthday-error');
    const [day, month, year] = [wiring('birthday_day'), wiring('birthday_month'), wiring('birthday_year')];
    const value = (name: string) => this._values[name] ?? '';
    return html`<fieldset part="field">
      <legend part="label">${this._t('label.birthday')}</legend>
      <div class="birthday">
        ${part(
          'birthday_day',
          html`<input part="input" id="birthday_day" name="birthday_day" inputmode="numeric" autocomplete="bday-day"
            maxlength="2" required aria-invalid=${ifDefined(day.invalid)} aria-describedby=${ifDefined(day.describedBy)}
            .value=${live(value('birthday_day'))} />`,
        )}
        ${part(
          'birthday_month',
          html`<select part="input" id="birthday_month" name="birthday_month" autocomplete="bday-month" required
            aria-invalid=${ifDefined(month.invalid)} aria-describedby=${ifDefined(month.describedBy)}
            .value=${live(value('birthday_month'))}>
            <option value="" ?selected=${!value('birthday_month')}>${this._t('select.choose')}</option>
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
            maxlength="4" required aria-invalid=${ifDefined(year.invalid)} aria-describedby=${ifDefined(year.describedBy)}
            .value=${live(value('birthday_year'))} />`,
        )}
      </div>
      ${this._errorText('birthday', 'birthday_day', 'birthday_month', 'birthday_year')}
    </fieldset>`;
  }

  private _gender(): TemplateResult {
    const value = this._values.gender ?? '';
    const { invalid, describedBy } = this._describedBy('gender');
    const required = this._isRequired('gender');
    return html`<div class="field" part="field">
      ${this._label('gender')}
      <select part="input" id="gender" name="gender" autocomplete="sex" ?required=${required}
        aria-invalid=${ifDefined(invalid)} aria-describedby=${ifDefined(describedBy)} .value=${live(value)}>
        <option value="" ?selected=${value === ''}>${this._t(required ? 'select.choose' : 'gender.none')}</option>
        ${['0', '1', '2'].map((v) => html`<option value=${v} ?selected=${value === v}>${this._t(`gender.${v}`)}</option>`)}
      </select>
      ${this._errorText('gender')}
    </div>`;
  }

  private _country(name: CountryField): TemplateResult {
    const loading = this._countries.state.status !== 'ready';
    const residence = name === 'country_residence';
    const { invalid, describedBy } = this._describedBy(name);
    return html`<div class="field" part="field">
      ${this._label(name)}
      <select part="input" id=${name} name=${name} autocomplete=${residence ? 'country' : 'off'} required
        ?disabled=${loading} aria-invalid=${ifDefined(invalid)} aria-describedby=${ifDefined(describedBy)}
        ${countryOptions({
          countries: this._sorted,
          value: this._values[name] ?? '',
          placeholder: this._t(loading ? 'countries.loading' : 'select.choose'),
          disabled: residence ? isDisabled : undefined,
        })}></select>
      ${this._errorText(name)}
    </div>`;
  }

  private _documents(): TemplateResult | typeof nothing {
    const country = this._find(this._values.country_residence);
    if (!country || isDisabled(country)) return nothing;
    const names = [...new Set(supportedDocuments(country).map((doc) => doc.name))];
    return html`<div class="documents" aria-live="polite">
      ${names.length
        ? html`${this._t('documents.title')}<ul>${names.map((n) => html`<li>${n}</li>`)}</ul>`
        : this._t('documents.none')}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kyc-signup': KycSignup;
  }
}
