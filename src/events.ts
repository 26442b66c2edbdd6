/** The element's public events: details, typing in HTMLElementEventMap, and one way to fire them. */
import type { Country } from './deriv/residence-list.js';
import type { StepsEventMap } from './steps/events.js';

export type { StepChangeDetail, UploadCompleteDetail, VerificationStatusDetail } from './steps/events.js';

export interface VerifiedDetail {
  userHash: string;
  userId: string;
}
export interface VerificationFailedDetail {
  errors: string[];
  /** The relay's HTTP status, or null when no answer came. */
  status: number | null;
}
export interface CountriesLoadedDetail {
  countries: Country[];
  fromCache: boolean;
}
export interface CountriesErrorDetail {
  code: string;
  message: string;
}
export interface CountryChangeDetail {
  field: 'country_residence' | 'country_nationality';
  country: Country;
}

/** Every event the element fires: the form's, and the verification steps' when `steps` is set. */
export interface KycSignupEventMap extends StepsEventMap {
  verified: CustomEvent<VerifiedDetail>;
  'verification-failed': CustomEvent<VerificationFailedDetail>;
  'countries-loaded': CustomEvent<CountriesLoadedDetail>;
  'countries-error': CustomEvent<CountriesErrorDetail>;
  'country-change': CustomEvent<CountryChangeDetail>;
}

declare global {
  interface HTMLElementEventMap extends KycSignupEventMap {}
}

type DetailOf<K extends keyof KycSignupEventMap> = KycSignupEventMap[K]['detail'];

/** Fires a public event: bubbles and crosses the shadow boundary, as the contract says. */
export function emit<K extends keyof KycSignupEventMap>(target: EventTarget, name: K, detail: DetailOf<K>): void {
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
