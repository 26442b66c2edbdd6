/** `kyc-signup/schema`: the base-check request schema shared by the element and the relay. */
import { baseCheckSchema as schemaFor, checkBaseCheck as check, type CheckContext, type CheckResult } from './form/schema.js';
import { matchesTin } from './form/tin.js';

export { MIN_BIRTH_YEAR, PAYLOAD_FIELDS } from './form/schema.js';
export type { BaseCheckInput, CheckContext, CheckResult, PayloadField, TinMatcher } from './form/schema.js';

/** The request schema for a context; tax IDs are judged by `matchesTin` unless the context brings its own. */
export const baseCheckSchema = (ctx: CheckContext = {}) => schemaFor({ matchTin: matchesTin, ...ctx });

/** Validates a candidate request (see `baseCheckSchema`): the data, or the error codes. */
export const checkBaseCheck = (input: unknown, ctx: CheckContext = {}, schema = baseCheckSchema(ctx)): CheckResult =>
  check(input, ctx, schema);
export { OPTIONAL_FIELDS, parseFieldList } from './form/fields.js';
export type { OptionalField } from './form/fields.js';
export { toPayload, cleanPhone } from './form/payload.js';
export type { FormValues } from './form/payload.js';
export { issueCodes, normalizeErrors, parseCode } from './form/errors.js';
export { countrySchema, parseCountries } from './deriv/residence-list.js';
export type { Country } from './deriv/residence-list.js';
