/**
 * Deriv's `/websockets/v3` protocol without a transport, so that the `ws` server (demo, e2e,
 * bench, soak) and the browser tests' msw handler answer alike: given a connection's query and
 * a frame, the frames to send back and whether to close. It is as strict as Deriv:
 * - an `app_id` it does not accept gets an unsolicited error (no `req_id`), then a close;
 * - `residence_list` and `ping` are answered with `msg_type`, `echo_req`, `passthrough` (top
 *   level) and `req_id` when sent; unknown fields, `query` values or malformed values get
 *   `InputValidationFailed` with `details`; unknown calls `UnrecognisedRequest`;
 * - country names are localised by `l`, and some tax ID patterns sit where newer replies put them.
 */
import type { CountriesListRequest } from '@deriv/api-types';

export type DerivCountry = Record<string, unknown> & { text: string; value: string };
export type DerivFrame = Record<string, unknown>;

export interface Outcome {
  /** Frames to send, in order. */
  frames: DerivFrame[];
  /** Close the connection after sending them. */
  close: boolean;
}

export interface DerivProtocolOptions {
  /** The list `residence_list` answers with for a connection's `l` (default EN). */
  countries: (lang: string) => readonly DerivCountry[];
  /** `app_id`s accepted. Default: any whole number. */
  appIds?: readonly string[];
}

type QueryField = NonNullable<CountriesListRequest['query']>[number];

/** The `query` values Deriv's schema allows. */
const QUERY_FIELDS: readonly QueryField[] = [
  'account_opening_self_declaration_required',
  'common_reporting_standard',
  'disabled',
  'identity',
  'jurisdiction_risk_assessment',
  'phone_idd',
  'selected',
  'text',
  'tin_format',
  'value',
  'wallet_signup',
];

/** Each call's fields and a check of each: the message for a bad value, or undefined. */
const CALLS: Record<string, Record<string, (value: unknown) => string | undefined>> = {
  residence_list: {
    residence_list: (value) => (value === 1 ? undefined : 'Not in enum list: 1.'),
    query: (value) =>
      Array.isArray(value) && value.every((field) => QUERY_FIELDS.includes(field))
        ? undefined
        : `Not in enum list: ${QUERY_FIELDS.join(', ')}.`,
  },
  ping: { ping: (value) => (value === 1 ? undefined : 'Not in enum list: 1.') },
};

/** Fields every call takes. */
const COMMON: Record<string, (value: unknown) => string | undefined> = {
  req_id: (value) => (Number.isInteger(value) ? undefined : 'Expected integer.'),
  passthrough: (value) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : 'Expected object.'),
};

const isObject = (value: unknown): value is DerivFrame =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const error = (code: string, message: string, details?: Record<string, string>) => ({
  code,
  message,
  ...(details ? { details } : {}),
});

/** Any whole number, as Deriv's own check for a registered app is out of reach offline. */
const WHOLE_NUMBER = /^[1-9]\d{0,9}$/;

export class DerivProtocol {
  /** While set, every call but ping is answered with `RateLimit`, as Deriv does past its limit. */
  rateLimited = false;

  constructor(private readonly options: DerivProtocolOptions) {}

  /**
   * What the server does as a connection opens: refuses an app_id it does not accept with an
   * error that answers no request, then a close. (Newer versions refuse the handshake instead,
   * which a browser sees as a failed connection.)
   */
  open(query: URLSearchParams): Outcome {
    if (this.acceptsApp(query.get('app_id'))) return { frames: [], close: false };
    return { frames: [{ msg_type: 'error', error: error('InvalidAppID', 'Your app_id is invalid.') }], close: true };
  }

  /** The answer to one frame from the client (`null`: a binary frame). */
  answer(query: URLSearchParams, data: string | null): Outcome {
    // A frame that raced the refusal gets the refusal, never an answer.
    const refused = this.open(query);
    if (refused.close) return refused;
    const reply = (frame: DerivFrame): Outcome => ({ frames: [frame], close: false });
    const request = parseFrame(data);
    if (!request) {
      return reply({ echo_req: {}, msg_type: 'error', error: error('BadRequest', 'The request is not a JSON object.') });
    }
    const call = callOf(request);
    if (!call) return reply(errorReply(request, 'UnrecognisedRequest', 'Unrecognised request.'));

    const fields = { ...COMMON, ...CALLS[call] };
    const details: Record<string, string> = {};
    for (const [field, value] of Object.entries(request)) {
      const check = fields[field];
      const problem = check ? check(value) : `Properties not allowed: ${field}.`;
      if (problem) details[field] = problem;
    }
    const bad = Object.keys(details);
    if (bad.length > 0) {
      return reply(errorReply(request, 'InputValidationFailed', `Input validation failed: ${bad.join(', ')}`, details));
    }
    if (call === 'ping') return reply({ ...echoed(request), msg_type: 'ping', ping: 'pong' });
    if (this.rateLimited) return reply(errorReply(request, 'RateLimit', `You have reached the rate limit for ${call}.`));
    const countries = project(this.options.countries(query.get('l') ?? 'EN'), request.query as QueryField[] | undefined);
    return reply({ ...echoed(request), msg_type: 'residence_list', residence_list: countries });
  }

  private acceptsApp(appId: string | null): boolean {
    if (appId === null) return false;
    return this.options.appIds ? this.options.appIds.includes(appId) : WHOLE_NUMBER.test(appId);
  }
}

/** The call a request makes (the first field Deriv knows), or undefined for an unknown one. */
const callOf = (request: DerivFrame): string | undefined => Object.keys(CALLS).find((name) => name in request);

/** What every answer carries: the request, and its passthrough and req_id when valid. */
function echoed(request: DerivFrame): DerivFrame {
  return {
    echo_req: request,
    ...(COMMON.passthrough!(request.passthrough) === undefined ? { passthrough: request.passthrough } : {}),
    ...(COMMON.req_id!(request.req_id) === undefined ? { req_id: request.req_id } : {}),
  };
}

/** Deriv's error answer to `request` (`msg_type` is the call, or `error` for an unknown one). */
export function errorReply(request: DerivFrame, code: string, message: string, details?: Record<string, string>): DerivFrame {
  return { ...echoed(request), msg_type: callOf(request) ?? 'error', error: error(code, message, details) };
}

/** The frame as a JSON object, or null (binary, not JSON, or not an object). */
export function parseFrame(data: string | null): DerivFrame | null {
  try {
    const value: unknown = data === null ? null : JSON.parse(data);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

/** Only the fields `query` names, as Deriv does when a request names some. */
function project(countries: readonly DerivCountry[], query: readonly string[] | undefined): readonly DerivCountry[] {
  if (!query?.length) return countries;
  // Tests may slip malformed entries into a list: those pass through untouched.
  const pick = (country: DerivCountry) =>
    isObject(country) ? Object.fromEntries(query.filter((f) => f in country).map((f) => [f, country[f]])) : country;
  return countries.map((country) => pick(country) as DerivCountry);
}

/**
 * The recorded (older) list as a newer server sends it: of the countries with tax ID patterns,
 * every third has them only in `common_reporting_standard.tax.tin_format`, the next one in both places.
 */
export function withNewerTaxFormats(recorded: readonly DerivCountry[]): DerivCountry[] {
  let seen = 0;
  return recorded.map((country) => {
    const patterns = country.tin_format;
    if (!Array.isArray(patterns)) return country;
    const kind = seen++ % 3;
    if (kind === 2) return country;
    const { tin_format: _, ...rest } = country;
    const crs = { common_reporting_standard: { tax: { tin_format: patterns } } };
    return kind === 0 ? { ...rest, ...crs } : { ...country, ...crs };
  });
}

/** Country names in Deriv's language `l` (`FR`, `ZH_CN`, ...), from the ISO codes; English where unknown. */
export function localised(countries: readonly DerivCountry[], lang: string): readonly DerivCountry[] {
  const tag = lang.replace(/_/g, '-').toLowerCase();
  if (tag === 'en') return countries;
  let names: Intl.DisplayNames;
  try {
    if (Intl.DisplayNames.supportedLocalesOf([tag]).length === 0) return countries;
    names = new Intl.DisplayNames([tag], { type: 'region', fallback: 'none' });
  } catch {
    // Not a language tag at all: Deriv answers in English.
    return countries;
  }
  return countries.map((country) => {
    let text: string | undefined;
    try {
      text = names.of(country.value.toUpperCase());
    } catch {
      text = undefined;
    }
    return text ? { ...country, text } : country;
  });
}

/** The list each `l` gets: the recorded one made newer, localised, computed once per language. */
export function derivCountries(recorded: readonly DerivCountry[]): (lang: string) => readonly DerivCountry[] {
  const english = withNewerTaxFormats(recorded);
  const byLang = new Map<string, readonly DerivCountry[]>();
  return (lang) => {
    const key = lang.toUpperCase();
    let list = byLang.get(key);
    if (!list) byLang.set(key, (list = localised(english, key)));
    return list;
  };
}
