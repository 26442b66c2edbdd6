/**
 * The BASIS ID `base-check` fields this product knows, in BASIS ID's order: the one list the schema,
 * the payload, the controls and the fakes are derived from. Adding a field means adding it here
 * (and its rule in schema.ts if its kind is new) and its label in the language tables.
 */

/** What a field holds; the schema has one rule per kind, the element one control per kind. */
export type FieldKind = 'name' | 'email' | 'phone' | 'gender' | 'day' | 'month' | 'year' | 'country' | 'text' | 'zip';

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  /** Shown only when the integrator lists it in `fields`, required only when in `required-fields`. */
  readonly optional?: true;
  /** Required by this form but not by BASIS ID itself. */
  readonly basisOptional?: true;
  /** Collected for the integrator (`onVerified`), never sent to BASIS ID. */
  readonly relayOnly?: true;
  /** A plain text input: its autocomplete token and length cap. */
  readonly autocomplete?: string;
  readonly maxlength?: number;
}

export const FIELDS = [
  { name: 'first_name', kind: 'name', autocomplete: 'given-name', maxlength: 100 },
  { name: 'last_name', kind: 'name', autocomplete: 'family-name', maxlength: 100 },
  { name: 'middle_name', kind: 'name', optional: true, autocomplete: 'additional-name', maxlength: 100 },
  { name: 'email', kind: 'email', autocomplete: 'email', maxlength: 254 },
  { name: 'phone', kind: 'phone' },
  { name: 'phone2', kind: 'phone', optional: true },
  { name: 'gender', kind: 'gender', optional: true },
  { name: 'birthday_day', kind: 'day' },
  { name: 'birthday_month', kind: 'month' },
  { name: 'birthday_year', kind: 'year' },
  { name: 'country_nationality', kind: 'country' },
  // It drives the calling code, the documents and the tax ID format.
  { name: 'country_residence', kind: 'country', basisOptional: true },
  { name: 'city', kind: 'text', optional: true, autocomplete: 'address-level2', maxlength: 100 },
  { name: 'address', kind: 'text', optional: true, autocomplete: 'address-line1', maxlength: 200 },
  { name: 'address2', kind: 'text', optional: true, autocomplete: 'address-line2', maxlength: 200 },
  { name: 'zip', kind: 'zip', optional: true, autocomplete: 'postal-code', maxlength: 12 },
  // The tax ID's cap is the longest input a Deriv pattern is run on (safe-pattern.ts).
  { name: 'tax_identification_number', kind: 'text', optional: true, relayOnly: true, autocomplete: 'off', maxlength: 50 },
] as const satisfies readonly FieldSpec[];

export type Field = (typeof FIELDS)[number];
export type PayloadField = Field['name'];
export type OptionalField = Extract<Field, { optional: true }>['name'];
/** Fields shown as a plain text input. */
export type TextControlName = Extract<Field, { maxlength: number }>['name'];
export type PhoneField = Extract<Field, { kind: 'phone' }>['name'];

const isOptional = (field: FieldSpec): boolean => field.optional === true;
/** The names of the fields `keep` accepts, in BASIS ID's order; pure, so a bundle drops a list it does not use. */
const names = <N extends PayloadField = PayloadField>(keep: (field: FieldSpec) => boolean): readonly N[] =>
  FIELDS.filter(keep).map((field) => field.name as N);

/** Every field the relay accepts from a browser, in BASIS ID's order. */
export const PAYLOAD_FIELDS = /* @__PURE__ */ names(() => true);

/** The fields the relay forwards to BASIS ID. */
export const BASIS_FIELDS = /* @__PURE__ */ names((field) => !field.relayOnly);

/** Optional fields an integrator may show (`fields`) and require (`required-fields`). */
export const OPTIONAL_FIELDS = /* @__PURE__ */ names<OptionalField>(isOptional);

/** The fields BASIS ID itself refuses to go without. */
export const BASIS_REQUIRED_FIELDS = /* @__PURE__ */ names((field) => !isOptional(field) && !field.basisOptional);

/** How each text control is presented, by name. */
export const TEXT_CONTROLS = Object.fromEntries(
  FIELDS.filter((field: FieldSpec) => field.maxlength !== undefined).map((field) => [field.name, field]),
) as Record<TextControlName, Extract<Field, { maxlength: number }>>;

/** Each phone number: the national-number control and its calling-code control. */
export const PHONE_CONTROLS = FIELDS.filter((field: FieldSpec) => field.kind === 'phone').map((field, i) => ({
  name: field.name as PhoneField,
  idd: `${field.name as PhoneField}_idd` as const,
  // A section keeps autofill from copying the first number into the second.
  section: i === 0 ? '' : `section-${field.name} `,
}));
export type PhoneControl = (typeof PHONE_CONTROLS)[number];

/** Parses a space-separated attribute into known optional fields, ignoring unknown words. */
export function parseFieldList(value: string | null | undefined): OptionalField[] {
  const words = new Set((value ?? '').split(/\s+/));
  return OPTIONAL_FIELDS.filter((field) => words.has(field));
}
