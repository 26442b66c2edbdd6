/**
 * Form values (strings, as controls hold them) to the request the relay receives.
 * Only shown fields are sent; empty optional fields are omitted.
 */
import { FIELDS, type FieldSpec, type OptionalField } from './fields.js';

/** Raw control values keyed by control name (`phone_idd` and `phone2_idd` included). */
export type FormValues = Partial<Record<string, string>>;

/** Digits of a calling code or national number as typed: spaces, dashes, dots, brackets and `+` dropped. */
export const cleanPhone = (value: string): string => value.replace(/[\s\-().+/]/g, '');

function joinPhone(idd: string | undefined, national: string | undefined): string | undefined {
  const number = cleanPhone(national ?? '');
  return number === '' ? undefined : `${cleanPhone(idd ?? '')}-${number}`;
}

export function toPayload(values: FormValues, shown: readonly OptionalField[]): Record<string, string | number> {
  const payload: Record<string, string | number> = {};
  for (const field of FIELDS as readonly FieldSpec[]) {
    if (field.optional && !shown.includes(field.name as OptionalField)) continue;
    const value = fieldValue(field, values);
    if (value !== undefined && value !== '') payload[field.name] = value;
  }
  return payload;
}

function fieldValue({ name, kind }: FieldSpec, values: FormValues): string | number | undefined {
  const raw = values[name]?.trim();
  if (kind === 'phone') return joinPhone(values[`${name}_idd`], values[name]);
  if (kind === 'gender') return raw ? Number(raw) : undefined;
  return kind === 'country' ? raw?.toUpperCase() : raw;
}

/** The reverse, for prefilling: BASIS-style values (`phone: "7-918..."`, `gender: 1`) to control values. */
export function toFormValues(values: Partial<Record<string, unknown>>): FormValues {
  const form: FormValues = {};
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined || value === null || typeof value === 'object') continue;
    const text = String(value);
    const kind = (FIELDS as readonly FieldSpec[]).find((spec) => spec.name === field)?.kind;
    const phone = kind === 'phone' ? /^\+?(\d{1,5})-(.*)$/.exec(text) : null;
    if (phone) {
      form[`${field}_idd`] = phone[1];
      form[field] = phone[2];
    } else {
      form[field] = kind === 'country' ? text.toLowerCase() : text;
    }
  }
  return form;
}
