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

/** Parses a space-separated attribute into known optional fields, ignoring unknown words. */
export function parseFieldList(value: string | null | undefined): OptionalField[] {
  const words = new Set((value ?? '').split(/\s+/));
  return OPTIONAL_FIELDS.filter((field) => words.has(field));
}
