/** The verification verdict as the element and the integrator see it, from BASIS ID's numeric status. */

export type VerdictName = 'pending' | 'approved' | 'declined' | 'more-data';

export interface Verdict {
  verdict: VerdictName;
  reasons: string[];
}

export const APPROVED_STATUS = '10';
export const DECLINED_STATUS = '11';

/** Non-empty, trimmed entries of a comma list (BASIS ID's `autocheck_bad_reasons`). */
export const commaList = (text: string): string[] =>
  text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

/** 10 approved, 11 declined (with the bad reasons), anything else still pending. */
export function statusVerdict(status: string, badReasons = ''): Verdict {
  if (status === APPROVED_STATUS) return { verdict: 'approved', reasons: [] };
  if (status === DECLINED_STATUS) return { verdict: 'declined', reasons: commaList(badReasons) };
  return { verdict: 'pending', reasons: [] };
}
