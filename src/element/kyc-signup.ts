import { LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { CountriesController } from '../deriv/countries-controller.js';
import type { Country } from '../deriv/residence-list.js';
import { emit, type VerifiedDetail } from '../events.js';
import { failureView } from '../form/failure-alert.js';
import { OPTIONAL_FIELDS, parseFieldList, type OptionalField } from '../form/fields.js';
import { toFormValues, toPayload, type FormValues } from '../form/payload.js';
import type { RelayOutcome } from '../form/relay-answer.js';
import { findCountry, withCallingCodes, withDefaultResidence } from '../form/residence.js';
import { checkBaseCheck, type CheckResult } from '../form/schema.js';
import { resolveLanguage, translator, type Language, type Messages, type Translate } from '../i18n/index.js';
import { inheritedLang } from '../i18n/inherited-lang.js';
import type { StepsMessages } from '../steps/i18n/index.js';
import { parseSteps, type StepName } from '../steps/step-names.js';
import { AnnounceController } from './announce-controller.js';
import { JourneyController } from './journey-controller.js';
import { languageWait } from './language-wait.js';
import { SubmitController } from './submit-controller.js';
import { TinController } from './tin-controller.js';
import { styles } from './kyc-signup.styles.js';
import { formView } from './views/field.js';
import { formScreen, resumingScreen, successScreen } from './views/form.js';

/** By default every BASIS ID optional field shows; the tax ID only when asked for. */
const DEFAULT_FIELDS = OPTIONAL_FIELDS.filter((field) => field !== 'tax_identification_number');


/** The verdict before anything is checked: no problem known. */
const UNCHECKED: CheckResult = { ok: false, errors: [] };

/** Each list in the order of a language, kept as long as the list: elements showing it sort it once. */
const sortedLists = new WeakMap<readonly Country[], { lang: string; sorted: Country[] }>();

function sortCountries(countries: readonly Country[], lang: string): Country[] {
  let entry = sortedLists.get(countries);
  if (entry?.lang !== lang) {
    const collator = new Intl.Collator(lang);
    entry = { lang, sorted: [...countries].sort((a, b) => collator.compare(a.text, b.text)) };
    sortedLists.set(countries, entry);
  }
  return entry.sorted;
}

/** The list while none is loaded: always this one (frozen) array, so caches keyed on the list hit. */
const NO_COUNTRIES: Country[] = [];
Object.freeze(NO_COUNTRIES);

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
 * @fires step-change - A verification step starts (`steps` set); `done` after the last upload. Detail: `{ step }`.
 * @fires upload-complete - The relay accepted one file of a step. Detail: `{ step, side }`.
 * @fires verification-status - The verdict after the steps is known or changed. Detail: `{ status, reasons }`.
 *
 * @csspart form - The form.
 * @csspart field - Each field: label, control, hint and error.
 * @csspart label - Each control's label.
 * @csspart input - Each input and select.
 * @csspart error - Each field's error message.
 * @csspart submit - The submit button.
 * @csspart alert - The form-level message (`role="alert"`).
 * @csspart step - Each verification step's section (`data-step` names it).
 * @csspart dropzone - A step's file input area: click, capture or drop a file.
 * @csspart preview - The chosen file's preview, with retake.
 * @csspart progress - The upload's progress bar.
 *
 * @cssprop --kyc-color-text - Text colour.
 * @cssprop --kyc-color-muted - Hints and optional markers.
 * @cssprop --kyc-color-bg - Form background.
 * @cssprop --kyc-color-field - Control background.
 * @cssprop --kyc-color-border - Control border.
 * @cssprop --kyc-color-accent - Submit button.
 * @cssprop --kyc-color-on-accent - Text on the accent colour.
 * @cssprop --kyc-color-error - Errors and the alert.
 * @cssprop --kyc-color-success - The success state.
 * @cssprop --kyc-focus-ring - Focus outline colour (default: the text colour, which contrasts with the background in both schemes).
 * @cssprop --kyc-message-lines - Lines kept under each field for its message (default 2); raise it for longer custom messages.
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
    // Space-separated attributes as array properties: known words only, in the list's order.
    // Nothing reflects, so reading the attribute is all a converter does.
    fields: { converter: parseFieldList },
    requiredFields: { attribute: 'required-fields', converter: parseFieldList },
    residence: {},
    minAge: { attribute: 'min-age', type: Number },
    values: { attribute: false },
    messages: { attribute: false },
    steps: { converter: parseSteps },
    // `lang` is HTMLElement's own property; observing the attribute re-renders on change.
    __langAttr: { attribute: 'lang' },
    __values: { state: true },
    __touched: { state: true },
    __submitted: { state: true },
    __serverErrors: { state: true },
    __alert: { state: true },
    __verified: { state: true },
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
  /** Overrides for any UI string, by message key (the steps' `steps.*` keys too). */
  messages: Partial<Messages & StepsMessages> = {};
  /** Verification steps to run after base-check (`document selfie address-proof`); empty: none. */
  steps: StepName[] = [];

  declare private __langAttr: string | null;
  private __values: FormValues = {};
  private __touched = new Set<string>();
  private __submitted = false;
  private __serverErrors: Record<string, string> = {};
  /** Message key of the form-level alert. */
  private __alert: string | null = null;
  private __verified: VerifiedDetail | null = null;

  private readonly __countries = new CountriesController(this, () => ({
    wsUrl: this.wsUrl,
    appId: this.appId,
    lang: this.__language.deriv,
    pingInterval: this.pingInterval,
  }));
  private readonly __submitter = new SubmitController(this);
  private readonly __journey = new JourneyController(
    this,
    () => ({
      steps: this.steps,
      backendUrl: this.backendUrl,
      language: this.__language,
      messages: this.messages,
    }),
    () => (this.__verified = null),
  );
  private readonly __tin = new TinController(this);
  private readonly __announcer = new AnnounceController(this, (name) => this.__t(`label.${name}`));

  private __language: Language = resolveLanguage('en');
  private __t: Translate = translator('en');
  private __sorted: Country[] = [];
  /**
   * The rules' verdict on the values, worked out when asked: once a message may show (a field
   * left, a submit), not for the first paint nor for keystrokes before then.
   */
  private get __check(): CheckResult {
    const fields = this.fields;
    const countries = this.countries;
    return checkBaseCheck(toPayload(this.__values, fields), {
      requiredFields: this.requiredFields.filter((field) => fields.includes(field)),
      countries: countries.length ? countries : undefined,
      minAge: this.minAge,
      matchTin: this.__tin.matcher(fields, this.__residence),
    });
  }

  /** The loaded country list (empty until it is in). */
  get countries(): Country[] {
    const state = this.__countries.state;
    return state.status === 'ready' ? state.countries : NO_COUNTRIES;
  }

  private get __residence(): Country | undefined {
    return findCountry(this.countries, this.__values.country_residence);
  }

  /** An update waits (briefly) for a language table that is still loading: no English flash. */
  protected override async scheduleUpdate(): Promise<void> {
    const wait = languageWait(resolveLanguage(inheritedLang(this)).ui, () => this.requestUpdate());
    if (wait) await wait;
    super.scheduleUpdate();
  }

  /** The language first: the countries controller reads it (Deriv's `l`) in its hostUpdate. */
  protected override willUpdate(changed: PropertyValues<this>): void {
    this.__language = resolveLanguage(inheritedLang(this));
    this.__t = translator(this.__language.ui, this.messages);
    if (changed.has('values') && this.values) {
      this.__values = { ...this.__values, ...toFormValues(this.values) };
    }
    // A reload in the middle of the steps (phones reload when the camera opens) resumes them,
    // unless base-check succeeded in this page.
    if (this.__verified) return;
    if (!this.hasUpdated || changed.has('steps') || changed.has('backendUrl')) this.__journey.resume();
  }

  // What depends on the country list is derived here, after the controllers' hostUpdate:
  // a cached list that arrives there renders in this same update.
  protected override update(changed: PropertyValues<this>): void {
    const countries = this.countries;
    const sorted = sortCountries(countries, this.__language.ui);
    if (sorted !== this.__sorted) {
      this.__sorted = sorted;
      this.__values = withDefaultResidence(this.__values, countries, this.residence);
    }
    // The tax ID checker starts loading as soon as the form shows the field for a residence with formats.
    this.__tin.matcher(this.fields, this.__residence);
    super.update(changed);
  }

  // ---- events from the controls ----

  private __onInput(event: Event): void {
    const { name, value } = event.target as HTMLInputElement | HTMLSelectElement;
    if (!name || this.__values[name] === value) return;
    this.__announcer.clear();
    const previous = this.__values[name];
    this.__values = { ...this.__values, [name]: value };
    if (this.__serverErrors[name]) {
      const { [name]: _, ...rest } = this.__serverErrors;
      this.__serverErrors = rest;
    }
    if (name !== 'country_residence' && name !== 'country_nationality') return;
    const country = findCountry(this.countries, value);
    if (name === 'country_residence') {
      this.__values = withCallingCodes(this.__values, findCountry(this.countries, previous), country);
    }
    if (country) emit(this, 'country-change', { field: name, country });
  }

  private async __onBlur(event: FocusEvent): Promise<void> {
    const name = (event.target as HTMLInputElement).name;
    if (!name || this.__touched.has(name)) return;
    // Leaving for Submit: its handler shows every message, and focuses the first, in one go.
    const to = event.relatedTarget;
    if (to instanceof HTMLButtonElement && to.type === 'submit') return;
    await this.__announcer.left(name, () => (this.__touched = new Set(this.__touched).add(name)));
  }

  private async __onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.__submitter.busy || this.__verified) return;
    // A tax ID is judged once its checker is in (the update its load asked for included).
    const tinLoad = this.__tin.pending();
    if (tinLoad) await tinLoad;
    this.__submitted = true;
    this.__alert = null;
    if (this.__countries.state.status !== 'ready') {
      this.__alert = 'countries.needed';
      return;
    }
    const check = this.__check;
    if (!check.ok) {
      this.__alert = 'alert.fix';
      return this.__focusFirstInvalid();
    }
    if (!this.backendUrl) {
      console.error('<kyc-signup>: the backend-url attribute is required.');
      this.__alert = 'alert.unavailable';
      return;
    }
    const outcome = await this.__submitter.submit(this.backendUrl, check.data);
    if (outcome) this.__apply(outcome);
  }

  private __apply(outcome: RelayOutcome): void {
    if (outcome.kind === 'ok') {
      this.__verified = { userHash: outcome.userHash, userId: outcome.userId };
      emit(this, 'verified', this.__verified);
      // The first step takes the focus to its own heading; without steps, the success heading does.
      if (this.steps.length && outcome.session) return void this.__journey.start(outcome.session, this.__residence);
      return void this.__focusSuccess();
    }
    const { fieldErrors, alert } = failureView(outcome.errors, outcome.status, (name) =>
      Boolean(this.renderRoot.querySelector(`[name="${name}"]`)),
    );
    this.__serverErrors = fieldErrors;
    this.__alert = alert;
    emit(this, 'verification-failed', { errors: outcome.errors, status: outcome.status });
    if (Object.keys(fieldErrors).length) void this.__focusFirstInvalid();
  }

  private async __focusFirstInvalid(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  /** The form (and the focused button) is gone: focus goes to the heading that replaced it, unless the person is elsewhere. */
  private async __focusSuccess(): Promise<void> {
    await this.updateComplete;
    const active = document.activeElement;
    if (active && active !== document.body && active !== this) return;
    this.renderRoot.querySelector<HTMLElement>('.success h2')?.focus();
  }

  private __retryCountries(): void {
    this.__alert = null;
    this.__countries.retry();
  }

  // ---- rendering ----

  protected override render(): TemplateResult {
    const language = this.__language;
    if (this.__journey.steps) return this.__journey.steps.render();
    if (this.__verified) return successScreen(this.__t, language);
    // Not verified here, so the steps load to resume a saved journey: no form meanwhile.
    if (this.__journey.loading) return resumingScreen(language);
    const view = formView({
      t: this.__t,
      values: this.__values,
      errors: {
        serverErrors: this.__serverErrors,
        touched: this.__touched,
        submitted: this.__submitted,
        // Nothing left nor submitted yet: no message of ours shows, so nothing is checked.
        check: this.__touched.size || this.__submitted ? this.__check : UNCHECKED,
      },
      minAge: this.minAge,
      requiredFields: this.requiredFields,
    });
    this.__announcer.rendered(view.errors);
    const status = this.__countries.state.status;
    return formScreen(
      {
        view,
        language,
        shown: this.fields,
        countries: this.__sorted,
        loading: status !== 'ready',
        residence: this.__residence,
        alert: status === 'error' ? 'countries.error' : this.__alert,
        announcement: this.__announcer.text,
        busy: this.__submitter.busy,
        retry: status === 'error',
      },
      // Methods, not closures: lit calls them with the element as `this`, and sees the same
      // listener every render.
      { input: this.__onInput, blur: this.__onBlur, submit: this.__onSubmit, retry: this.__retryCountries },
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kyc-signup': KycSignup;
  }
}
