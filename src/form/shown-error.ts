/** Which error code a control shows (the relay's verdict always, our own once touched or submitted), and its text. */
import type { Translate } from '../i18n/index.js';
import { parseCode } from './errors.js';
import { MIN_BIRTH_YEAR, type CheckResult } from './schema.js';

export interface ErrorState {
  /** The relay's verdicts, by control name; cleared as the person edits that control. */
  serverErrors: Readonly<Record<string, string>>;
  touched: ReadonlySet<string>;
  submitted: boolean;
  check: CheckResult;
}

export function shownError(name: string, state: ErrorState): string | undefined {
  const server = state.serverErrors[name];
  if (server) return server;
  if (state.check.ok || (!state.submitted && !state.touched.has(name))) return undefined;
  return state.check.errors.find((code) => parseCode(code)?.field === name);
}

/**
 * The text of an error code: its own message if the table has one, else its kind's, else the
 * field's "invalid" one, else the generic one; a code no table knows (BASIS ID's
 * `error:first_name`) never shows as a raw key.
 */
export function errorMessage(t: Translate, code: string, minAge: number | undefined): string {
  const params = { minAge: minAge ?? '', minYear: MIN_BIRTH_YEAR, maxYear: new Date().getFullYear() };
  const { kind, field } = parseCode(code) ?? { kind: 'invalid', field: '' };
  const key = [`error.${code}`, `error.${kind}`, `error.invalid:${field}`].find((k) => t(k) !== k) ?? 'error.invalid';
  return t(key, params);
}
