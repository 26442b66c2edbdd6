/** What a refused or failed submission shows: errors next to their controls, the rest as one alert. */
import { parseCode } from './errors.js';

export interface FailureView {
  /** The first code per control the form shows. */
  fieldErrors: Record<string, string>;
  /** Message key of the form-level alert. */
  alert: string;
}

/** `hasControl` says whether the form shows a control of that name (an error for another one is form-level). */
export function failureView(codes: readonly string[], status: number | null, hasControl: (name: string) => boolean): FailureView {
  const fieldErrors: Record<string, string> = {};
  const formErrors: string[] = [];
  for (const code of codes) {
    const field = parseCode(code)?.field;
    if (field && hasControl(field)) fieldErrors[field] ??= code;
    else formErrors.push(code);
  }
  return { fieldErrors, alert: alertKey(formErrors, status, Object.keys(fieldErrors).length > 0) };
}

function alertKey(codes: string[], status: number | null, hasFieldErrors: boolean): string {
  if (codes.includes('user:exists')) return 'alert.user:exists';
  if (codes.some((c) => c.startsWith('network:'))) return 'alert.network';
  if (status === 429) return 'alert.rate_limited';
  if (codes.some((c) => c.startsWith('request:')) || status === 403) return 'alert.rejected';
  if (codes.some((c) => /^(upstream|relay):/.test(c)) || (status ?? 0) >= 500) return 'alert.unavailable';
  return hasFieldErrors ? 'alert.fix' : 'alert.failed';
}
