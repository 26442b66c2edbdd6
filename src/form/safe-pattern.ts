/**
 * Whether a regular expression from the network is in the safe subset that is run on input:
 * short, no backreferences, and no quantified group that contains (at any depth) another
 * quantifier or an alternation: `(a+)+`, `(a|a)*`, `(\d{2})+`, the shapes that backtrack
 * exponentially. The choices left must also stay few, since they multiply on a failing input:
 * stacked quantifiers (`\d*\d*\d*`) and chains of alternations (`(1|1)(1|1)(1|1)...`).
 * Read by a small scanner rather than by a regex, so that classes (`[(|]`) and escapes
 * (`\(`, `\|`) count as the single characters they match. Whether it compiles is for the
 * caller to find out.
 */
export const PATTERN_MAX_LENGTH = 100;
/** The longest input a pattern is run on (the tax ID's cap): unbounded quantifiers range over this many lengths. */
export const INPUT_MAX_LENGTH = 50;
// Ways to match, multiplied over every choice: a variable quantifier's number of lengths, an
// alternation's branches. Real tax ID formats need a few dozen (`^\d+$` is 51).
const MAX_WAYS = 256;

/** What a group (or the whole pattern) holds, at any depth. */
interface Content {
  quantifier: boolean;
  alternation: boolean;
  /** Alternatives of this group's own level: bars + 1. */
  branches: number;
}

const COUNTED = /^\{(\d+)(?:(,)(\d*))?\}/;

/**
 * The quantifier at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy), if any:
 * its length in the pattern and how many repeat counts it allows on a capped input.
 */
function quantifierAt(pattern: string, i: number): { length: number; ways: number } | null {
  let length = 1;
  let [min, max] = [0, INPUT_MAX_LENGTH];
  if (pattern[i] === '?') max = 1;
  else if (pattern[i] === '{') {
    // Without the `u` flag a brace that is not a well-formed count is a literal.
    const counted = COUNTED.exec(pattern.slice(i));
    if (!counted) return null;
    length = counted[0].length;
    min = Number(counted[1]);
    if (counted[2] === undefined) max = min;
    else if (counted[3]) max = Math.min(max, Number(counted[3]));
  } else if (pattern[i] !== '*' && pattern[i] !== '+') return null;
  if (pattern[i + length] === '?') length++;
  return { length, ways: Math.max(1, max - min + 1) };
}

/** The index just past the class that opens at `i` (in JavaScript `[]` and `[^]` are whole classes). */
function classEnd(pattern: string, i: number): number {
  let j = pattern[i + 1] === '^' ? i + 2 : i + 1;
  while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
  return j + 1;
}

export function isSafePattern(pattern: string): boolean {
  if (pattern.length > PATTERN_MAX_LENGTH) return false;
  const fresh = (): Content => ({ quantifier: false, alternation: false, branches: 1 });
  const open: Content[] = [fresh()];
  let ways = 1;
  const top = () => open[open.length - 1]!;
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i]!;
    // What a quantifier right here would repeat: a group's content, or a single character.
    let atom = fresh();
    if (char === '(') {
      open.push(fresh());
      // `(?:`, `(?=`, `(?<name>`: the `?` opens the group's kind, it repeats nothing.
      i += pattern[i + 1] === '?' ? 2 : 1;
      continue;
    }
    if (char === '|') {
      top().alternation = true;
      top().branches++;
      i++;
      continue;
    }
    if (char === ')') {
      if (open.length === 1) return false;
      atom = open.pop()!;
      ways *= atom.branches;
      i++;
    } else if (char === '\\') {
      // `\1`, `\k<name>`: backreferences match what a group took, beyond any simple bound.
      if (/[1-9k]/.test(pattern[i + 1] ?? '')) return false;
      i += 2;
    } else i = char === '[' ? classEnd(pattern, i) : i + 1;
    const outer = top();
    const quantifier = quantifierAt(pattern, i);
    if (quantifier) {
      if (atom.quantifier || atom.alternation) return false;
      ways *= quantifier.ways;
      outer.quantifier = true;
      i += quantifier.length;
    }
    outer.quantifier ||= atom.quantifier;
    outer.alternation ||= atom.alternation;
    if (ways > MAX_WAYS) return false;
  }
  return open.length === 1 && ways * open[0]!.branches <= MAX_WAYS;
}
