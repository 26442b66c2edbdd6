/**
 * Error codes shared by the element, the relay and BASIS ID: `<kind>:<field>`.
 * BASIS ID uses `empty:<field>` (missing or invalid), `error:key` and `user:exists`;
 * we add `invalid`, `future`, `too_young` and `not_allowed` for sharper messages.
 */
import type * as z from 'zod/mini';

const CODE = /^[a-z_]+:[a-z0-9_]+$/;

export interface ParsedCode {
  kind: string;
  field: string;
}

export function parseCode(code: string): ParsedCode | null {
  if (!CODE.test(code)) return null;
  const [kind, field] = code.split(':') as [string, string];
  return { kind, field };
}

const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * Turns schema issues into codes, one per field (the first wins). An issue whose message is
 * already a code keeps it; otherwise the field's input decides between `empty` and `invalid`.
 */
export function issueCodes(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  const data = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const byField = new Map<string, string>();
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'form');
    if (byField.has(field)) continue;
    const code = CODE.test(issue.message) ? issue.message : `${isBlank(data[field]) ? 'empty' : 'invalid'}:${field}`;
    byField.set(field, code);
  }
  return [...byField.values()];
}

/** BASIS ID sends `errors` as an array or as one string; anything else becomes `[]`. */
export function normalizeErrors(errors: unknown): string[] {
  if (typeof errors === 'string') return errors ? [errors] : [];
  if (Array.isArray(errors)) return errors.filter((e): e is string => typeof e === 'string' && e !== '');
  return [];
}
