/**
 * BASIS ID's verdict callback: its JSON read as BASIS ID signs it, the signature checked in
 * constant time, and the verdict it carries. The signature is a plain hash with no timestamp,
 * so a replay verifies too: the verdict store (store/verdict-store.ts) is what ignores it.
 */
import { equalInConstantTime, sha256Hex, utf8 } from './crypto.js';
import { statusVerdict, type Verdict } from './verdict.js';

/** BASIS ID's callbacks are a few hundred bytes; a larger body is not one. */
export const CALLBACK_MAX_BYTES = 16 * 1024;

const FIELDS = [
  'user_id',
  'user_hash',
  'status',
  'autocheck_bad_reasons',
  'callback_type',
  'reason',
  'request',
  'message',
  'signature',
] as const;

type Field = (typeof FIELDS)[number];
export type CallbackFields = Record<Field, string>;

const KNOWN = new Set<string>(FIELDS);

/** As BASIS ID concatenates a value: text as is, numbers as JSON writes them, missing as ''. */
function fieldText(value: unknown): string | null {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** The callback's fields (keys in any case), or null for anything that is not such an object. */
export function readCallbackFields(text: string): CallbackFields | null {
  if (utf8(text).length > CALLBACK_MAX_BYTES) return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const fields = Object.fromEntries(FIELDS.map((field) => [field, ''])) as CallbackFields;
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    const field = key.toLowerCase();
    if (!KNOWN.has(field)) continue;
    // `status` and `STATUS` together: which one BASIS ID signed is anyone's guess.
    if (seen.has(field)) return null;
    seen.add(field);
    const valueText = fieldText(value);
    if (valueText === null) return null;
    fields[field as Field] = valueText;
  }
  return fields;
}

/** BASIS ID's two signature shapes: one for `callback_type` callbacks, one for the verdict. */
export function callbackSignature(secret2: string, fields: Omit<CallbackFields, 'signature'>): Promise<string> {
  const { user_id, user_hash, status } = fields;
  const rest = fields.callback_type !== '' ? fields.reason + fields.request + fields.message : fields.autocheck_bad_reasons;
  return sha256Hex(secret2 + user_id + user_hash + status + rest);
}

/** The verdict a verified callback carries. */
export function callbackVerdict(fields: CallbackFields): Verdict {
  if (fields.callback_type === '') return statusVerdict(fields.status, fields.autocheck_bad_reasons);
  const reasons = [fields.reason, fields.request, fields.message].map((text) => text.trim()).filter((text) => text !== '');
  return { verdict: 'more-data', reasons };
}

export type CallbackJudgement =
  /** Not a callback: not a JSON object, too large, odd values, or no user_hash. */
  | { kind: 'invalid' }
  | { kind: 'forged' }
  | { kind: 'verified'; userHash: string; userId: string; signature: string; verdict: Verdict };

export async function judgeCallback(text: string, secret2: string): Promise<CallbackJudgement> {
  // With no secret anyone could sign: the relay must not take callbacks at all then.
  if (secret2 === '') throw new RangeError('verifying BASIS ID callbacks needs BASISID_SECRET2');
  const fields = readCallbackFields(text);
  if (!fields || fields.user_hash === '') return { kind: 'invalid' };
  const expected = await callbackSignature(secret2, fields);
  if (!equalInConstantTime(fields.signature, expected)) return { kind: 'forged' };
  return { kind: 'verified', userHash: fields.user_hash, userId: fields.user_id, signature: fields.signature, verdict: callbackVerdict(fields) };
}
