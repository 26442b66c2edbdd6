/**
 * `kyc-signup`: registers `<kyc-signup>` (once, even if this file is loaded twice) and exports its types.
 * Importing it where there is no `customElements` (server rendering) defines nothing.
 */
import { KycSignup } from './element/kyc-signup.js';

if (typeof customElements !== 'undefined' && !customElements.get('kyc-signup')) {
  customElements.define('kyc-signup', KycSignup);
}

export { KycSignup };
export { defineLanguage } from './i18n/index.js';
export type * from './events.js';
export type { Country } from './deriv/residence-list.js';
export type { OptionalField } from './form/fields.js';
export type { BaseCheckInput, PayloadField } from './form/schema.js';
export type { Messages, MessageKey } from './i18n/index.js';
