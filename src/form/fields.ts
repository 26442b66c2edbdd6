/** The BASIS ID `base-check` fields this product knows, and how each is presented. */

/** Optional fields an integrator may show (`fields`) and require (`required-fields`). */
export const OPTIONAL_FIELDS = [
  'middle_name',
  'phone2',
  'gender',
  'city',
  'address',
  'address2',
  'zip',
  'tax_identification_number',
] as const;
export type OptionalField = (typeof OPTIONAL_FIELDS)[number];

/** Every field the relay accepts from a browser, in BASIS ID's order. */
export const PAYLOAD_FIELDS = [
  'first_name',
  'last_name',
  'middle_name',
  'email',
  'phone',
  'phone2',
  'gender',
  'birthday_day',
  'birthday_month',
  'birthday_year',
  'country_nationality',
  'country_residence',
  'city',
  'address',
  'address2',
  'zip',
  'tax_identification_number',
] as const;
export type PayloadField = (typeof PAYLOAD_FIELDS)[number];

/** Parses a space-separated attribute into known optional fields, ignoring unknown words. */
export function parseFieldList(value: string | null | undefined): OptionalField[] {
  const words = new Set((value ?? '').split(/\s+/));
  return OPTIONAL_FIELDS.filter((field) => words.has(field));
}
