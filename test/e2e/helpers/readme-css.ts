/** The CSS examples of the README's "Styling" section, so that tests follow the README. */
import { readFileSync } from 'node:fs';

const README = new URL('../../../README.md', import.meta.url);

export function readmeStylingCss(): string[] {
  const text = readFileSync(README, 'utf8');
  const section = /^### Styling\n([\s\S]*?)^#{1,3} /m.exec(text)?.[1] ?? '';
  return [...section.matchAll(/^```css\n([\s\S]*?)^```/gm)].map((match) => match[1]!);
}
