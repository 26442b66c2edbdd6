/** `kyc-signup/schema`: the base-check request schema shared by the element and the relay. */
export { baseCheckSchema, checkBaseCheck, MIN_BIRTH_YEAR, PAYLOAD_FIELDS } from './form/schema.js';
export type { BaseCheckInput, CheckContext, CheckResult, PayloadField } from './form/schema.js';
export { OPTIONAL_FIELDS, parseFieldList } from './form/fields.js';
export type { OptionalField } from './form/fields.js';
export { toPayload, cleanPhone } from './form/payload.js';
export type { FormValues } from './form/payload.js';
export { issueCodes, normalizeErrors, parseCode } from './form/errors.js';
export { countrySchema, parseCountries } from './deriv/residence-list.js';
export type { Country } from './deriv/residence-list.js';
