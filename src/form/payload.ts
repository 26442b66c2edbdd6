/**
 * Form values (strings, as controls hold them) to the request the relay receives.
 * Only shown fields are sent; empty optional fields are omitted.
 */
import type { OptionalField } from './fields.js';

/** Raw control values keyed by control name (`phone_idd` and `phone2_idd` included). */
export type FormValues = Partial<Record<string, string>>;

const ALWAYS = [
  'first_name',
  'last_name',
  'email',
  'birthday_day',
  'birthday_month',
  'birthday_year',
  'country_nationality',
  'country_residence',
] as const;

/** Digits of a calling code or national number as typed: spaces, dashes, dots, brackets and `+` dropped. */
export const cleanPhone = (value: string): string => value.replace(/[\s\-().+/]/g, '');

function joinPhone(idd: string | undefined, national: string | undefined): string | undefined {
  const number = cleanPhone(national ?? '');
  return number === '' ? undefined : `${cleanPhone(idd ?? '')}-${number}`;
}

export function toPayload(values: FormValues, shown: readonly OptionalField[]): Record<string, string | number> {
  const payload: Record<string, string | number> = {};
  const set = (field: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') payload[field] = value;
  };
  for (const field of ALWAYS) set(field, values[field]?.trim());
  set('phone', joinPhone(values.phone_idd, values.phone));
  for (const field of shown) {
    const raw = values[field]?.trim();
    if (field === 'phone2') set(field, joinPhone(values.phone2_idd, values.phone2));
    else if (field === 'gender') set(field, raw ? Number(raw) : undefined);
    else set(field, raw);
  }
  for (const field of ['country_nationality', 'country_residence'] as const) {
    const code = payload[field];
    if (typeof code === 'string') payload[field] = code.toUpperCase();
  }
  return payload;
}

/** The reverse, for prefilling: BASIS-style values (`phone: "7-918..."`, `gender: 1`) to control values. */
export function toFormValues(values: Partial<Record<string, unknown>>): FormValues {
  const form: FormValues = {};
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined || value === null || typeof value === 'object') continue;
    const text = String(value);
    const phone = /^(?:phone|phone2)$/.test(field) ? /^\+?(\d{1,5})-(.*)$/.exec(text) : null;
    if (phone) {
      form[`${field}_idd`] = phone[1];
      form[field] = phone[2];
    } else {
      form[field] = field.startsWith('country_') ? text.toLowerCase() : text;
    }
  }
  return form;
}
