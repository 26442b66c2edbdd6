/**
 * Bundle-size variant (measured by `npm run bench`, not used by the product): the part of
 * `zod/mini`'s API this package uses (object, string, number, literal, optional, nullable,
 * union, array, record, catch, unknown and the checks trim, toUpperCase, overwrite, minLength,
 * maxLength, regex, email, refine, superRefine), with zod's semantics for those: strip unknown
 * keys, type errors abort a schema's checks, check failures do not, `when` decides for
 * superRefine, a property's issues carry its key. The bench aliases `zod/mini` to this file in
 * a variant build; `npm run bench` also runs the schema tests against it (see bench/bundle.ts).
 */
export type Path = PropertyKey[];
export interface Issue {
  code: string;
  path: Path;
  message: string;
  input?: unknown;
  continue?: boolean;
}
interface Payload {
  value: any;
  issues: Issue[];
}
type Run = (payload: Payload) => void;
interface Check {
  run: Run;
  when?: (payload: Payload) => boolean;
}
export type SafeParse = { success: true; data: any; error?: undefined } | { success: false; data?: undefined; error: { issues: Issue[] } };

export class Schema {
  constructor(readonly _run: Run) {}
  check(...checks: Check[]): Schema {
    return new Schema((p) => {
      this._run(p);
      for (const c of checks) if (c.when ? c.when(p) : !p.issues.some((i) => !i.continue)) c.run(p);
    });
  }
  safeParse(value: unknown): SafeParse {
    const p = run(this, value);
    return p.issues.length ? { success: false, error: { issues: p.issues } } : { success: true, data: p.value };
  }
}

const run = (s: Schema, value: unknown): Payload => {
  const p = { value, issues: [] };
  s._run(p);
  return p;
};
const fail = (p: Payload, code: string, more = false) => p.issues.push({ code, path: [], message: code, input: p.value, continue: more });
const type = (ok: (v: any) => boolean) => new Schema((p) => void (ok(p.value) || fail(p, 'invalid_type')));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nest = (p: Payload, key: PropertyKey, inner: Payload) => {
  for (const i of inner.issues) p.issues.push({ ...i, path: [key, ...i.path] });
};

export const config = (_: object) => {};
export const string = () => type((v) => typeof v === 'string');
export const number = () => type((v) => typeof v === 'number' && Number.isFinite(v));
export const unknown = () => new Schema(() => {});
export const literal = (values: unknown) => type((v) => ([] as unknown[]).concat(values).includes(v));
export const optional = (s: Schema) => new Schema((p) => void (p.value === undefined || s._run(p)));
export const nullable = (s: Schema) => new Schema((p) => void (p.value === null || s._run(p)));
export const union = (options: Schema[]) =>
  new Schema((p) => {
    for (const o of options) {
      const r = run(o, p.value);
      if (!r.issues.length) return void (p.value = r.value);
    }
    fail(p, 'invalid_union');
  });
/** Parses one member into `out`; an absent key whose result is undefined stays absent. */
const each = (p: Payload, out: any, key: PropertyKey, s: Schema, value: unknown) => {
  const r = run(s, value);
  nest(p, key, r);
  if (r.value !== undefined || key in p.value) out[key] = r.value;
};
export const array = (s: Schema) =>
  new Schema((p) => {
    if (!Array.isArray(p.value)) return fail(p, 'invalid_type');
    const out: unknown[] = [];
    p.value.forEach((v: unknown, i: number) => each(p, out, i, s, v));
    p.value = out;
  });
export const record = (key: Schema, value: Schema) =>
  new Schema((p) => {
    if (!isObject(p.value)) return fail(p, 'invalid_type');
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(p.value)) {
      if (run(key, k).issues.length) fail(p, 'invalid_key');
      else each(p, out, k, value, v);
    }
    p.value = out;
  });
export const object = (shape: Record<string, Schema>) =>
  new Schema((p) => {
    if (!isObject(p.value)) return fail(p, 'invalid_type');
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(shape)) each(p, out, k, s, p.value[k]);
    p.value = out;
  });
const _catch = (s: Schema, fallback: unknown) =>
  new Schema((p) => {
    const r = run(s, p.value);
    p.value = r.issues.length ? fallback : r.value;
  });
export { _catch as catch };

// Checks: transforms rewrite the value, tests add a continuable issue.
const map = (fn: (v: any) => unknown): Check => ({ run: (p) => void (p.value = fn(p.value)) });
const test = (ok: (v: any) => boolean): Check => ({ run: (p) => void (ok(p.value) || fail(p, 'invalid', true)) });
export const trim = () => map((v: string) => v.trim());
export const toUpperCase = () => map((v: string) => v.toUpperCase());
export const overwrite = map;
export const minLength = (n: number) => test((v) => v.length >= n);
export const maxLength = (n: number) => test((v) => v.length <= n);
export const regex = (re: RegExp) => test((v) => re.test(v));
export const email = () => regex(/^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/);
export const refine = test;
export const superRefine = (
  fn: (value: any, ctx: { addIssue(issue: Partial<Issue> & { message: string }): void }) => void,
  options: { when?: (payload: Payload) => boolean } = {},
): Check => ({
  when: options.when,
  run: (p) => fn(p.value, { addIssue: (i) => p.issues.push({ code: 'custom', path: [], continue: true, ...i }) }),
});
