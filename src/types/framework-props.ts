/**
 * What frameworks pass to `<kyc-signup>`, typed once for the React and Vue typings:
 * its properties, its kebab-case attributes, and one handler per event.
 */
import type { KycSignupEventMap } from '../events.js';
import type { KycSignup } from '../element/kyc-signup.js';

/** The settable properties (frameworks set these as properties once the element is defined). */
export type KycSignupProperties = Partial<
  Pick<
    KycSignup,
    | 'backendUrl'
    | 'appId'
    | 'wsUrl'
    | 'lang'
    | 'pingInterval'
    | 'fields'
    | 'requiredFields'
    | 'residence'
    | 'minAge'
    | 'values'
    | 'messages'
    | 'steps'
  >
>;

/** The attributes whose names are not also property names; always set as attributes. */
export interface KycSignupAttributes {
  'backend-url'?: string;
  'app-id'?: string;
  'ws-url'?: string;
  'ping-interval'?: number | `${number}`;
  /** Space-separated optional field names. */
  'required-fields'?: string;
  'min-age'?: number | `${number}`;
}

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

/** `verification-failed` → `onVerificationFailed`: an event's handler prop in the React component and in Vue. */
export type HandlerName<E extends string> = `on${Capitalize<Camel<E>>}`;

/**
 * `onVerified`, `onVerificationFailed`, `onCountriesLoaded`, `onCountriesError`, `onCountryChange`,
 * and the steps' `onStepChange`, `onUploadComplete`, `onVerificationStatus`.
 */
export type KycSignupHandlers = {
  [E in keyof KycSignupEventMap as HandlerName<E>]?: (event: KycSignupEventMap[E]) => void;
};
