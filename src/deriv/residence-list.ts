/**
 * The Deriv `residence_list` reply: schema, tolerant parsing and the request we send.
 * Unknown fields are stripped; a malformed country is skipped, never the whole list.
 */
import { z } from '../zod.js';

// The parts past the name and code are checked by hand: zod's record, array, literal, nullable
// and catch cost the bundle more than they check here.
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isText = (value: unknown): boolean => value === undefined || typeof value === 'string';
const isTexts = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

type Documents = Record<string, { display_name?: string; format?: string }>;
type Service = { documents_supported?: Documents; is_country_supported?: 0 | 1 };
type Identity = { services?: { idv?: Service; onfido?: Service } };
type Reporting = { tax?: { tin_format?: string[] } };

const isService = (value: unknown): boolean =>
  value === undefined ||
  (isObject(value) &&
    [undefined, 0, 1].includes(value.is_country_supported as number) &&
    (value.documents_supported === undefined ||
      (isObject(value.documents_supported) &&
        Object.values(value.documents_supported).every((doc) => isObject(doc) && isText(doc.display_name) && isText(doc.format)))));

/** Hints: tax ID formats and identity data. Malformed, one is dropped rather than the country (see parseCountries). */
const HINTS = {
  tin_format: isTexts,
  identity: (v: unknown) => isObject(v) && (v.services === undefined || (isObject(v.services) && isService(v.services.idv) && isService(v.services.onfido))),
  common_reporting_standard: (v: unknown) => isObject(v) && (v.tax === undefined || (isObject(v.tax) && (v.tax.tin_format === undefined || isTexts(v.tax.tin_format)))),
};
const hint = <T>(name: keyof typeof HINTS) => z.optional(z.custom<T>(HINTS[name]));

export const countrySchema = z.object({
  text: z.string().check(z.refine((v) => v !== '')),
  // A refinement, like the form's patterns: zod's regex check costs the bundle more.
  value: z.string().check(z.refine((v) => /^[a-z]{2}$/.test(v))),
  phone_idd: z.optional(z.custom<string | null>((v) => v === null || typeof v === 'string')),
  tin_format: hint<string[]>('tin_format'),
  disabled: z.optional(z.string()),
  selected: z.optional(z.string()),
  identity: hint<Identity>('identity'),
  common_reporting_standard: hint<Reporting>('common_reporting_standard'),
});

/** One country as Deriv describes it (the fields this product uses). */
export type Country = z.infer<typeof countrySchema>;

// The code is all we act on (an error without a message still counts); the rest is stripped.
const errorSchema = z.object({ code: z.string() });

/** Any Deriv frame: what we need to route it. */
export const frameSchema = z.object({
  msg_type: z.optional(z.string()),
  req_id: z.optional(z.custom<number>((v) => typeof v === 'number')),
  error: z.optional(errorSchema),
  residence_list: z.optional(z.unknown()),
});

export type DerivFrame = z.infer<typeof frameSchema>;

/**
 * Our `residence_list` request, without the `req_id` the socket adds. Declared here so shipped
 * types need no devDependency; test/types checks it against Deriv's.
 */
export interface ResidenceListRequest {
  residence_list: 1;
  /** Only the fields we parse; absent for a server that does not know `query`. */
  query?: (keyof Country)[];
}

/** The fields we ask Deriv for (smaller replies): those the schema reads. */
export const RESIDENCE_QUERY = Object.keys(countrySchema.shape) as (keyof Country)[];

/** Our request; `withQuery: false` for a server whose schema has no `query` (it refuses it). */
export function residenceListRequest(withQuery = true): ResidenceListRequest {
  return withQuery ? { residence_list: 1, query: RESIDENCE_QUERY } : { residence_list: 1 };
}

/** Parses a reply's `residence_list`, keeping every well-formed country. Null when it is not a list. */
export function parseCountries(raw: unknown): Country[] | null {
  if (!Array.isArray(raw)) return null;
  const countries: Country[] = [];
  for (const item of raw) {
    const parsed = countrySchema.safeParse(withoutMalformedHints(item));
    if (parsed.success) countries.push(parsed.data);
  }
  return countries;
}

function withoutMalformedHints(item: unknown): unknown {
  if (!isObject(item)) return item;
  const kept = { ...item };
  for (const [name, check] of Object.entries(HINTS)) if (kept[name] !== undefined && !check(kept[name])) delete kept[name];
  return kept;
}

/** A country that cannot be chosen as residence. */
export const isDisabled = (country: Country): boolean => country.disabled === 'DISABLED';

/** Tax ID patterns from both places Deriv puts them, de-duplicated. */
export function tinPatterns(country: Country | undefined): string[] {
  if (!country) return [];
  const all = [...(country.tin_format ?? []), ...(country.common_reporting_standard?.tax?.tin_format ?? [])];
  return [...new Set(all)];
}

export interface SupportedDocument {
  service: 'idv' | 'onfido';
  type: string;
  name: string;
}

/** Identity documents accepted for a country, from services that support it. */
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
