/**
 * Bundle-size variant (measured by `npm run bench`, not used by the product): src/deriv/residence-list.ts
 * with the Deriv frame and country parsing written by hand instead of with zod. Same exports and
 * the same tolerance: unknown fields are dropped, a malformed country is skipped, a malformed
 * `tin_format`, `identity` or `common_reporting_standard` block is dropped from its country.
 * It removes zod's record, catch, array, nullable, number and unknown from the browser bundle.
 */
import type { CountriesListRequest } from '@deriv/api-types';

type Documents = Record<string, { display_name?: string; format?: string }>;
interface Service {
  documents_supported?: Documents;
  is_country_supported?: 0 | 1;
}
export interface Country {
  text: string;
  value: string;
  phone_idd?: string | null;
  tin_format?: string[];
  disabled?: string;
  selected?: string;
  identity?: { services?: { idv?: Service; onfido?: Service } };
  common_reporting_standard?: { tax?: { tin_format?: string[] } };
}
export interface DerivError {
  code: string;
  message: string;
  details?: unknown;
}
export interface DerivFrame {
  msg_type?: string;
  req_id?: number;
  error?: DerivError;
  residence_list?: unknown;
}

const FAIL = Symbol('invalid');
type Parsed<T> = T | typeof FAIL;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** An optional field: absent stays absent, a present value must pass `check`. */
function opt<T>(o: Obj, key: string, check: (v: unknown) => Parsed<T>, out: Obj): boolean {
  if (o[key] === undefined) return true;
  const v = check(o[key]);
  if (v === FAIL) return false;
  out[key] = v;
  return true;
}
const str = (v: unknown): Parsed<string> => (typeof v === 'string' ? v : FAIL);
const strs = (v: unknown): Parsed<string[]> => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? [...v] : FAIL);
/** `z.catch(z.optional(x), undefined)`: a bad value becomes absent instead of failing the country. */
const lenient = <T>(o: Obj, key: string, check: (v: unknown) => Parsed<T>, out: Obj): void => {
  const copy: Obj = {};
  if (opt(o, key, check, copy) && key in copy) out[key] = copy[key];
};
function shape<T>(v: unknown, fields: Record<string, (v: unknown) => Parsed<unknown>>): Parsed<T> {
  if (!isObj(v)) return FAIL;
  const out: Obj = {};
  for (const [key, check] of Object.entries(fields)) if (!opt(v, key, check, out)) return FAIL;
  return out as T;
}
function documents(v: unknown): Parsed<Documents> {
  if (!isObj(v)) return FAIL;
  const out: Documents = {};
  for (const [type, doc] of Object.entries(v)) {
    const parsed = shape<Documents[string]>(doc, { display_name: str, format: str });
    if (parsed === FAIL) return FAIL;
    out[type] = parsed;
  }
  return out;
}
const service = (v: unknown) =>
  shape<Service>(v, { documents_supported: documents, is_country_supported: (n) => (n === 0 || n === 1 ? n : FAIL) });
const identity = (v: unknown) => shape<Country['identity']>(v, { services: (s) => shape(s, { idv: service, onfido: service }) });
const crs = (v: unknown) => shape<Country['common_reporting_standard']>(v, { tax: (t) => shape(t, { tin_format: strs }) });

function country(v: unknown): Country | null {
  if (!isObj(v) || typeof v.text !== 'string' || v.text === '' || typeof v.value !== 'string' || !/^[a-z]{2}$/.test(v.value)) {
    return null;
  }
  const out: Obj = { text: v.text, value: v.value };
  const ok =
    opt(v, 'phone_idd', (p) => (p === null ? null : str(p)), out) && opt(v, 'disabled', str, out) && opt(v, 'selected', str, out);
  if (!ok) return null;
  lenient(v, 'tin_format', strs, out);
  lenient(v, 'identity', identity, out);
  lenient(v, 'common_reporting_standard', crs, out);
  return out as unknown as Country;
}

/** Same interface as the zod schema the socket uses (`safeParse`). */
export const frameSchema = {
  safeParse(v: unknown): { success: true; data: DerivFrame } | { success: false } {
    const error = (e: unknown) => shape<DerivError>(e, { code: str, message: str, details: (d) => d });
    const parsed = shape<DerivFrame>(v, {
      msg_type: str,
      req_id: (n) => (typeof n === 'number' ? n : FAIL),
      error: (e) => (isObj(e) && typeof e.code === 'string' && typeof e.message === 'string' ? error(e) : FAIL),
      residence_list: (r) => r,
    });
    return parsed === FAIL ? { success: false } : { success: true, data: parsed };
  },
};
export const countrySchema = {
  safeParse: (v: unknown) => {
    const c = country(v);
    return c ? { success: true as const, data: c } : { success: false as const };
  },
};

export const RESIDENCE_QUERY: NonNullable<CountriesListRequest['query']> = [
  'text',
  'value',
  'phone_idd',
  'tin_format',
  'disabled',
  'selected',
  'identity',
  'common_reporting_standard',
];

export function residenceListRequest(reqId: number): CountriesListRequest & { req_id: number } {
  return { residence_list: 1, query: RESIDENCE_QUERY, req_id: reqId };
}

export function parseCountries(raw: unknown): Country[] | null {
  if (!Array.isArray(raw)) return null;
  return raw.map(country).filter((c): c is Country => c !== null);
}

export const isDisabled = (country: Country): boolean => country.disabled === 'DISABLED';

export function tinPatterns(country: Country | undefined): string[] {
  if (!country) return [];
  return [...new Set([...(country.tin_format ?? []), ...(country.common_reporting_standard?.tax?.tin_format ?? [])])];
}

export interface SupportedDocument {
  service: 'idv' | 'onfido';
  type: string;
  name: string;
}

export function supportedDocuments(country: Country | undefined): SupportedDocument[] {
  const services = country?.identity?.services;
  if (!services) return [];
  const docs: SupportedDocument[] = [];
  for (const service of ['idv', 'onfido'] as const) {
    const entry = services[service];
    if (!entry || entry.is_country_supported !== 1) continue;
    for (const [type, doc] of Object.entries(entry.documents_supported ?? {})) {
      docs.push({ service, type, name: doc.display_name ?? type.replace(/_/g, ' ') });
    }
  }
  return docs;
}
