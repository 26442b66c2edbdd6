/** Small statistics and a plain-text table printer for the bench and soak reports. */

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: p99 of 100 values is the 99th, never an interpolation past the data.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** `12.3 ms`, `1.23 ms`, `0.123 ms`: three significant digits or so. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
export const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');
export const pct = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1)}%`;
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const int = (value: number): string => Math.round(value).toLocaleString('en-US');

export type Row = readonly (string | number)[];

/** A box-less, aligned table: numbers right-aligned, text left-aligned, a rule under the header. */
export function table(header: Row, rows: readonly Row[]): string {
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const numeric = header.map((_, i) =>
    rows.every((row) => /^[-+]?[\d.,]+\s*(?:[a-zA-Z%×/]+)?(?:\s.*)?$|^–$/.test(String(row[i] ?? '–'))),
  );
  const line = (row: string[]) =>
    row
      .map((cell, i) => (numeric[i] && i > 0 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** A markdown table (for the README), same cells. */
export function markdown(header: Row, rows: readonly Row[]): string {
  const esc = (cell: string | number) => String(cell).replace(/\|/g, '\\|');
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** `met` / `MISSED` against a goal. */
export const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
