/** The residence a form starts with, and the calling codes that follow it. */
import { isDisabled, type Country } from '../deriv/residence-list.js';
import { PHONE_CONTROLS } from './fields.js';
import { cleanPhone, type FormValues } from './payload.js';

export const findCountry = (countries: readonly Country[], code: string | undefined): Country | undefined =>
  code ? countries.find((c) => c.value === code) : undefined;

/**
 * Once countries are in: the residence the person chose, else `wanted` (ISO2, any case), else the
 * country Deriv detected; disabled countries are never preselected. Calling codes follow it.
 */
export function withDefaultResidence(values: FormValues, countries: readonly Country[], wanted?: string): FormValues {
  if (!countries.length) return values;
  if (values.country_residence) return withCallingCodes(values, undefined, findCountry(countries, values.country_residence));
  const code = wanted?.toLowerCase();
  const residence =
    countries.find((c) => c.value === code && !isDisabled(c)) ??
    countries.find((c) => c.selected === 'selected' && !isDisabled(c));
  if (!residence) return values;
  return withCallingCodes({ ...values, country_residence: residence.value }, undefined, residence);
}

/** A calling code follows the residence (`previous` to `next`) unless the person chose another one. */
export function withCallingCodes(values: FormValues, previous: Country | undefined, next: Country | undefined): FormValues {
  const before = cleanPhone(previous?.phone_idd ?? '');
  const after = cleanPhone(next?.phone_idd ?? '');
  const result = { ...values };
  for (const { idd } of PHONE_CONTROLS) {
    const current = result[idd] ?? '';
    if (after && (current === '' || current === before)) result[idd] = after;
  }
  return result;
}
