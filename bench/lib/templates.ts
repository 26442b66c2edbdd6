/**
 * Rewrites the static text of tagged template literals (`html\`...\``, `css\`...\``) in a
 * TypeScript source, leaving the `${...}` expressions alone except for templates nested in them.
 * A small scanner: strings, comments, regex-free code and nested templates, enough for
 * this project's sources (used by the bundle variants only).
 */
export function rewriteTagged(source: string, tag: string, rewrite: (text: string) => string): string {
  let out = '';
  let i = 0;
  const n = source.length;

  /** Copies a template starting after its opening backtick; returns the index after the closing one. */
  function template(start: number, tagged: boolean): number {
    let j = start;
    let text = '';
    const flush = () => {
      out += tagged ? rewrite(text) : text;
      text = '';
    };
    while (j < n) {
      const c = source[j]!;
      if (c === '\\') {
        text += source.slice(j, j + 2);
        j += 2;
      } else if (c === '`') {
        flush();
        out += '`';
        return j + 1;
      } else if (c === '$' && source[j + 1] === '{') {
        flush();
        out += '${';
        j = code(j + 2, '}');
        out += '}';
        j += 1;
      } else {
        text += c;
        j += 1;
      }
    }
    flush();
    return j;
  }

  /** Copies code until `until` at depth 0 (not copied); returns its index. */
  function code(start: number, until: string | null): number {
    let j = start;
    let depth = 0;
    while (j < n) {
      const c = source[j]!;
      if (until && c === until && depth === 0) return j;
      if (c === '{') depth++;
      if (c === '}') depth--;
      if (c === '/' && source[j + 1] === '/') {
        const end = source.indexOf('\n', j);
        const stop = end < 0 ? n : end;
        out += source.slice(j, stop);
        j = stop;
      } else if (c === '/' && source[j + 1] === '*') {
        const end = source.indexOf('*/', j + 2);
        const stop = end < 0 ? n : end + 2;
        out += source.slice(j, stop);
        j = stop;
      } else if (c === "'" || c === '"') {
        let k = j + 1;
        while (k < n && source[k] !== c) k += source[k] === '\\' ? 2 : 1;
        out += source.slice(j, k + 1);
        j = k + 1;
      } else if (c === '`') {
        const tagged = source.slice(Math.max(0, j - tag.length), j) === tag && !/[\w$]/.test(source[j - tag.length - 1] ?? '');
        out += '`';
        j = template(j + 1, tagged);
      } else {
        out += c;
        j += 1;
      }
    }
    return j;
  }

  i = code(0, null);
  return i >= n ? out : out + source.slice(i);
}

/** Markup whitespace: a line break and its indentation become one space (what HTML renders anyway). */
export const collapseMarkup = (text: string): string => text.replace(/\s*\n\s*/g, ' ');

/** CSS: comments dropped, whitespace collapsed, and none kept around `{ } ; ,` nor before `}`. */
export const minifyCss = (text: string): string =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/;}/g, '}')
    .replace(/:\s+/g, ':')
    .trim();
