/** Which error code a control shows: the relay's verdict always, our own once touched or submitted. */
import { parseCode } from './errors.js';
import type { CheckResult } from './schema.js';

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
