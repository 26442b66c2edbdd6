/**
 * The Deriv `residence_list` reply: schema, tolerant parsing and the request we send.
 * Unknown fields are stripped; a malformed country is skipped, never the whole list.
 */
import { z } from '../zod.js';

type Documents = Record<string, { display_name?: string; format?: string }>;
const isText = (value: unknown) => value === undefined || typeof value === 'string';
// Keyed by document type; checked by hand (a zod record costs the bundle more than it checks).
const documents = z.custom<Documents>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every(
      (doc) => typeof doc === 'object' && doc !== null && isText(doc.display_name) && isText(doc.format),
    ),
);

const service = z.object({
  documents_supported: z.optional(documents),
  is_country_supported: z.optional(z.literal([0, 1])),
});

const patterns = z.array(z.string());

export const countrySchema = z.object({
  text: z.string().check(z.minLength(1)),
  value: z.string().check(z.regex(/^[a-z]{2}$/)),
  phone_idd: z.optional(z.nullable(z.string())),
  tin_format: z.catch(z.optional(patterns), undefined),
  disabled: z.optional(z.string()),
  selected: z.optional(z.string()),
  // Identity data is a hint; a malformed block is dropped rather than losing the country.
  identity: z.catch(
    z.optional(z.object({ services: z.optional(z.object({ idv: z.optional(service), onfido: z.optional(service) })) })),
    undefined,
  ),
  common_reporting_standard: z.catch(
    z.optional(z.object({ tax: z.optional(z.object({ tin_format: z.optional(patterns) })) })),
    undefined,
  ),
});

/** One country as Deriv describes it (the fields this product uses). */
export type Country = z.infer<typeof countrySchema>;

// The code is what we act on: an error without a message still counts.
const errorSchema = z.object({
  code: z.string(),
  message: z.optional(z.string()),
  details: z.optional(z.unknown()),
});

/** Any Deriv frame: what we need to route it. */
export const frameSchema = z.object({
  msg_type: z.optional(z.string()),
  req_id: z.optional(z.number()),
  error: z.optional(errorSchema),
  residence_list: z.optional(z.unknown()),
});

export type DerivFrame = z.infer<typeof frameSchema>;
export type DerivError = z.infer<typeof errorSchema>;

/** Our `residence_list` request. Declared here so shipped types need no devDependency; test/types checks it against Deriv's. */
export interface ResidenceListRequest {
  residence_list: 1;
  /** Only the fields we parse; absent for a server that does not know `query`. */
  query?: (keyof Country)[];
  req_id: number;
}

/** The fields we ask Deriv for (smaller replies). */
export const RESIDENCE_QUERY: (keyof Country)[] = [
  'text',
  'value',
  'phone_idd',
  'tin_format',
  'disabled',
  'selected',
  'identity',
  'common_reporting_standard',
];

/** Our request; `withQuery: false` for a server whose schema has no `query` (it refuses it). */
export function residenceListRequest(reqId: number, withQuery = true): ResidenceListRequest {
  return withQuery ? { residence_list: 1, query: RESIDENCE_QUERY, req_id: reqId } : { residence_list: 1, req_id: reqId };
}

/** Parses a reply's `residence_list`, keeping every well-formed country. Null when it is not a list. */
export function parseCountries(raw: unknown): Country[] | null {
  if (!Array.isArray(raw)) return null;
  const countries: Country[] = [];
  for (const item of raw) {
    const parsed = countrySchema.safeParse(item);
    if (parsed.success) countries.push(parsed.data);
  }
  return countries;
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
