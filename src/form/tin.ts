/**
 * Tax ID patterns come from Deriv, so they are treated as untrusted: each is compiled once,
 * a pattern outside the safe subset (see safe-pattern.ts) or that does not compile is skipped,
 * and input is capped.
 */
import { INPUT_MAX_LENGTH, isSafePattern } from './safe-pattern.js';

const compiled = new Map<string, RegExp | null>();

function compile(pattern: string): RegExp | null {
  let regex = compiled.get(pattern);
  if (regex !== undefined) return regex;
  try {
    regex = isSafePattern(pattern) ? new RegExp(pattern) : null;
  } catch {
    regex = null;
  }
  compiled.set(pattern, regex);
  return regex;
}

/** True when the value matches one of the usable patterns, or no pattern is usable. */
export function matchesTin(value: string, patterns: readonly string[]): boolean {
  if (value.length > INPUT_MAX_LENGTH) return false;
  const usable = patterns.map(compile).filter((r): r is RegExp => r !== null);
  return usable.length === 0 || usable.some((regex) => regex.test(value));
}
