/**
 * The `base-check` request schema: one definition shared by the element and the relay.
 * No DOM here. Issue messages are error codes (see errors.ts).
 */
import { z } from '../zod.js';
import { isDisabled, tinPatterns, type Country } from '../deriv/residence-list.js';
import { FIELDS, type Field, type FieldKind, type FieldSpec, type OptionalField } from './fields.js';
import { issueCodes } from './errors.js';

export const MIN_BIRTH_YEAR = 1917;

// Letters and marks of any script, with the joiners names use; no digits or symbols.
const NAME = /^[\p{L}\p{M}](?:[\p{L}\p{M}\p{Zs}'’.\-\u200c\u200d]*[\p{L}\p{M}.])?$/u;
// Nothing a person means to type, and a way to spoof what others read: control, invisible and
// format characters (bidi controls, zero-width and filler characters such as U+3164, the BOM),
// lone surrogates, line and paragraph separators. Single characters: no backtracking.
const HIDDEN_CLASS = '[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}\\p{Default_Ignorable_Code_Point}]';
const HIDDEN = new RegExp(HIDDEN_CLASS, 'u');
// Inside a name ZWNJ and ZWJ shape letters (Persian, Indic scripts); NAME keeps them off the ends.
const HIDDEN_IN_NAME = new RegExp(`(?![\\u200c\\u200d])${HIDDEN_CLASS}`, 'u');
// Five combining marks on one letter: "zalgo" text that spills over the lines around it.
const MARK_PILE = /\p{M}{5}/u;
const LETTER = /\p{L}/u;
const ZIP = /^[\p{L}\p{N}](?:[\p{L}\p{N} \-]{0,10}[\p{L}\p{N}])?$/u;
// `<country code>-<national number>`; E.164 caps the whole at 15 digits.
const PHONE = /^(\d{1,5})-(\d{4,14})$/;
const ISO2 = /^[A-Z]{2}$/;
// zod's own email rule, as a plain pattern (z.email() costs the bundle more than the pattern).
const EMAIL = /^(?:[\w'+-]+\.)*[\w'+-]*[\w+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

// Refinements rather than zod's minLength, maxLength and regex checks, which cost the bundle more;
// the codes are the same: the field's input decides them (errors.ts).
/** Length bounds as one refinement. */
const length = (min: number, max = Infinity) => z.refine<string>((v) => v.length >= min && v.length <= max);
const matches = (pattern: RegExp) => z.refine<string>((v) => pattern.test(v));
const optional = (pattern: RegExp) => new RegExp(`^$|${pattern.source}`, pattern.flags);
/** Typed text without `hidden` characters or piles of combining marks. */
const typed = (hidden: RegExp) => z.refine<string>((v) => !hidden.test(v) && !MARK_PILE.test(v));
const name = (required: boolean, max: number) =>
  z.string().check(
    z.trim(),
    length(required ? 1 : 0, max),
    matches(required ? NAME : optional(NAME)),
    typed(HIDDEN_IN_NAME),
    // At least one visible letter (the hidden ones, like U+3164, are refused above).
    z.refine((v) => v === '' || LETTER.test(v)),
  );
const text = (max: number) => z.string().check(z.trim(), length(0, max), typed(HIDDEN));
const phone = (required: boolean) =>
  z.string().check(
    z.trim(),
    length(required ? 1 : 0),
    // At most 15 digits plus the dash.
    z.refine((v) => (!required && v === '') || (PHONE.test(v) && v.length <= 16)),
  );
const decimal = (pattern: RegExp) =>
  z.string().check(z.trim(), length(1), matches(pattern), z.overwrite((v) => String(Number(v))));

/** One rule per kind of field; `field.optional` fields may be left empty. */
const RULES = {
  name: (field: FieldSpec) => name(!field.optional, field.maxlength ?? 100),
  email: (field: FieldSpec) => z.string().check(z.trim(), length(1, field.maxlength ?? 254), matches(EMAIL)),
  phone: (field: FieldSpec) => phone(!field.optional),
  gender: () => z.custom<0 | 1 | 2>((v) => v === 0 || v === 1 || v === 2),
  day: () => decimal(/^(0?[1-9]|[12]\d|3[01])$/),
  month: () => decimal(/^(0?[1-9]|1[0-2])$/),
  year: () => decimal(/^\d{4}$/),
  country: () => z.string().check(z.trim(), z.toUpperCase(), matches(ISO2)),
  text: (field: FieldSpec) => text(field.maxlength ?? 100),
  zip: () => z.string().check(z.trim(), matches(optional(ZIP)), typed(HIDDEN)),
} satisfies Record<FieldKind, (field: FieldSpec) => z.ZodMiniType>;

type Rule<F extends Field> = ReturnType<(typeof RULES)[F['kind']]>;
type Shape = { [F in Field as F['name']]: F extends { optional: true } ? z.ZodMiniOptional<Rule<F>> : Rule<F> };

const shape = Object.fromEntries(
  FIELDS.map((field: FieldSpec) => {
    const rule = RULES[field.kind](field);
    return [field.name, field.optional ? z.optional(rule) : rule];
  }),
) as Shape;

export { PAYLOAD_FIELDS, type PayloadField } from './fields.js';

/** What the rules depend on beyond the value itself. */
export interface CheckContext {
  /** Optional fields this account requires. */
  requiredFields?: readonly OptionalField[];
  /** The loaded country list: codes must exist, residence must be open, tax IDs must match. */
  countries?: readonly Country[];
  /** Refuse people younger than this many whole years. */
  minAge?: number;
  /** "Today" for date rules (tests pin it). */
  today?: Date;
  /**
   * Judges a tax ID against its residence's patterns (tin.ts's `matchesTin`). Passed in rather than
   * imported so the element loads it only when a tax ID is asked for; without it, a tax ID for a
   * residence with patterns is refused: nothing passes unjudged.
   */
  matchTin?: TinMatcher;
}

export type TinMatcher = (value: string, patterns: readonly string[]) => boolean;

/** Cross-field rules give error codes; the field a code names (`<kind>:<field>`) is its issue's path. */
function birthdayIssue(v: Record<string, unknown>, ctx: CheckContext): string | undefined {
  const [day, month, year] = [v.birthday_day, v.birthday_month, v.birthday_year].map((p) =>
    typeof p === 'string' && /^\d+$/.test(p) ? Number(p) : NaN,
  ) as [number, number, number];
  const today = ctx.today ?? new Date();
  const thisYear = today.getFullYear();
  if (year < MIN_BIRTH_YEAR || year > thisYear) return 'invalid:birthday_year';
  // A missing or out-of-range part already failed its own field check: no date to judge yet.
  if (!(day >= 1 && day <= 31 && month >= 1 && month <= 12 && year >= MIN_BIRTH_YEAR)) return undefined;
  const date = new Date(year, month - 1, day);
  if (date.getDate() !== day || date.getMonth() !== month - 1) return 'invalid:birthday_day';
  if (date > today) return 'future:birthday_year';
  if (ctx.minAge !== undefined) {
    const adult = new Date(year + ctx.minAge, month - 1, day);
    // Feb 29 birthdays come of age on Mar 1 in common years.
    if (adult.getMonth() !== (month - 1) % 12) adult.setDate(0);
    if (adult > today) return 'too_young:birthday_year';
  }
  return undefined;
}

function countryIssues(v: Record<string, unknown>, ctx: CheckContext): string[] {
  const issues: string[] = [];
  const countries = ctx.countries;
  if (!countries) return issues;
  const find = (code: unknown) =>
    typeof code === 'string' ? countries.find((c) => c.value === code.toLowerCase()) : undefined;
  if (typeof v.country_nationality === 'string' && !find(v.country_nationality)) issues.push('invalid:country_nationality');
  const residence = find(v.country_residence);
  if (typeof v.country_residence === 'string') {
    if (!residence) issues.push('invalid:country_residence');
    else if (isDisabled(residence)) issues.push('not_allowed:country_residence');
  }
  const tin = v.tax_identification_number;
  const patterns = tinPatterns(residence);
  if (typeof tin === 'string' && tin !== '' && patterns.length && !ctx.matchTin?.(tin, patterns)) {
    issues.push('invalid:tax_identification_number');
  }
  return issues;
}

/** Builds the request schema for a context. Cross-field rules run even when a field failed. */
export function baseCheckSchema(ctx: CheckContext = {}) {
  return z.object(shape).check(
    z.check(
      (payload) => {
        const v = payload.value as Record<string, unknown>;
        const codes = [birthdayIssue(v, ctx), ...countryIssues(v, ctx)];
        for (const field of ctx.requiredFields ?? []) if (v[field] === undefined || v[field] === '') codes.push(`empty:${field}`);
        for (const code of codes) {
          if (code) payload.issues.push({ code: 'custom', path: [code.split(':')[1]!], message: code, input: v });
        }
      },
      // Runs even when a field failed, so every problem shows at once; only needs an object.
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    ),
  );
}

/** A validated request, as the relay forwards it (before dropping empty optionals). */
export type BaseCheckInput = z.output<ReturnType<typeof baseCheckSchema>>;

export type CheckResult = { ok: true; data: BaseCheckInput } | { ok: false; errors: string[] };

/** Validates a candidate request: the data, or the error codes (one per field). */
export function checkBaseCheck(input: unknown, ctx: CheckContext = {}, schema = baseCheckSchema(ctx)): CheckResult {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: issueCodes(result.error.issues, input) };
}
