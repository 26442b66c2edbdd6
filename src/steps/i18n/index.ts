/** The steps' strings: tables for every UI language, loaded with the steps chunk, and lookup with overrides. */
import { ar } from './ar.js';
import { de } from './de.js';
import { en, type StepsMessageKey, type StepsMessages } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { pt } from './pt.js';
import { ru } from './ru.js';
import { zh } from './zh.js';

export type { StepsMessageKey, StepsMessages };

/** A Map, so that a tag like `constructor` never hits a prototype. */
const tables = new Map<string, StepsMessages>(Object.entries({ en, de, es, fr, pt, ru, zh, ar }));

export type StepsTranslate = (key: StepsMessageKey, params?: Record<string, string | number>) => string;

/**
 * A lookup for the element's UI language (`zh-tw` uses `zh`): the element's `messages`
 * overrides first, then the table, then English.
 */
export function stepsTranslator(ui: string, overrides: Partial<Record<string, string>> = {}): StepsTranslate {
  const table = tables.get(ui) ?? tables.get(ui.split('-')[0]!) ?? en;
  return (key, params) => {
    const text = overrides[key] ?? table[key];
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text;
  };
}
