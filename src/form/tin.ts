/**
 * Tax ID patterns come from Deriv, so they are treated as untrusted: each is compiled once,
 * a pattern that does not compile, is absurdly long, or could backtrack exponentially is
 * skipped, and input is capped.
 */
export const TIN_MAX_LENGTH = 50;
const PATTERN_MAX_LENGTH = 500;
// A quantified group that itself contains a quantifier, e.g. `(a+)+` or `(\d*x?){2,}`:
// the shape behind catastrophic backtracking, which a 50-character cap does not bound.
const NESTED_QUANTIFIER = /\([^()]*[+*?}][^()]*\)[+*{]/;

const compiled = new Map<string, RegExp | null>();

function compile(pattern: string): RegExp | null {
  let regex = compiled.get(pattern);
  if (regex !== undefined) return regex;
  try {
    regex = pattern.length > PATTERN_MAX_LENGTH || NESTED_QUANTIFIER.test(pattern) ? null : new RegExp(pattern);
  } catch {
    regex = null;
  }
  compiled.set(pattern, regex);
  return regex;
}

/** True when the value matches one of the usable patterns, or no pattern is usable. */
export function matchesTin(value: string, patterns: readonly string[]): boolean {
  if (value.length > TIN_MAX_LENGTH) return false;
  const usable = patterns.map(compile).filter((r): r is RegExp => r !== null);
  return usable.length === 0 || usable.some((regex) => regex.test(value));
}
