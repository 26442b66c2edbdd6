/**
 * The relay's answer table (DESIGN.md), as a check on one answer: null when the answer is one
 * the contract allows for the soak's requests (valid forms), else what is wrong with it.
 */
export const CONTRACT_STATUSES = [200, 422, 429, 502, 504] as const;

const ERRORS: Record<number, string> = {
  429: 'request:rate_limited',
  502: 'upstream:unavailable',
  504: 'upstream:timeout',
};
const TOKENS = /api_access_token|api_refresh_token|blockchain_read_token/;

export function checkAnswer(status: number, headers: Record<string, string | string[] | undefined>, text: string): string | null {
  if (!(CONTRACT_STATUSES as readonly number[]).includes(status)) return `status ${status} is not in the table`;
  if (!String(headers['content-type'] ?? '').startsWith('application/json')) return `${status}: content-type ${headers['content-type']}`;
  if (headers['cache-control'] !== 'no-store') return `${status}: cache-control ${headers['cache-control']}`;
  if (TOKENS.test(text)) return `${status}: a BASIS ID token in the body`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `${status}: body is not JSON`;
  }
  const b = body as Record<string, unknown>;
  const keys = Object.keys(b ?? {}).sort().join(',');
  const strings = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((e) => typeof e === 'string');
  switch (status) {
    case 200:
      // `session` opens the verification steps.
      return b.status === 'ok' && typeof b.userHash === 'string' && typeof b.userId === 'string' && typeof b.session === 'string' && keys === 'session,status,userHash,userId'
        ? null
        : `200: body ${text.slice(0, 80)}`;
    case 422:
      return b.status === 'bad' && strings(b.errors) && keys === 'errors,status' ? null : `422: body ${text.slice(0, 80)}`;
    default: {
      if (status === 429 && !/^[1-9]\d*$/.test(String(headers['retry-after'] ?? ''))) return '429 without a Retry-After';
      const errors = b.errors as unknown[];
      return b.status === 'error' && keys === 'errors,status' && Array.isArray(errors) && errors.length === 1 && errors[0] === ERRORS[status]
        ? null
        : `${status}: body ${text.slice(0, 80)}`;
    }
  }
}
