/** UI languages: which table applies, how Deriv names it, and string lookup with overrides. */
import { derivLanguage } from '../deriv/deriv-url.js';
import { ar } from './ar.js';
import { de } from './de.js';
import { en, type MessageKey, type Messages } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { pt } from './pt.js';
import { ru } from './ru.js';
import { zh } from './zh.js';

export type { MessageKey, Messages };

/** Tables by lower-case BCP 47 tag. A Map, so that tags like `constructor` never hit a prototype. */
const tables = new Map<string, Messages>(Object.entries({ en, de, es, fr, pt, ru, zh, ar }));

/** Adds or replaces a language at run time (`it`, or a regional table such as `zh-TW`). */
export function defineLanguage(code: string, messages: Messages): void {
  tables.set(code.trim().toLowerCase().replace(/_/g, '-'), messages);
}

export interface Language {
  /** Our table's code (`en`, `zh`, ...). */
  ui: string;
  /** Deriv's `l` (`EN`, `ZH_CN`, ...). */
  deriv: string;
  dir: 'ltr' | 'rtl';
}

const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'ckb', 'dv', 'yi']);

/**
 * Resolves a BCP 47 tag to the most specific table we have (`zh-Hant-TW` → `zh-hant-tw`,
 * `zh-hant`, `zh`), falling back to English; Deriv's `l` follows the tag (`zh-TW` → `ZH_TW`).
 */
export function resolveLanguage(tag: string | null | undefined): Language {
  const lower = (tag ?? '').trim().toLowerCase().replace(/_/g, '-');
  let ui = 'en';
  for (let t = lower; t; t = t.slice(0, Math.max(0, t.lastIndexOf('-')))) {
    if (tables.has(t)) {
      ui = t;
      break;
    }
  }
  const deriv = derivLanguage(ui === 'en' ? ui : lower);
  return { ui, deriv, dir: RTL.has(ui.split('-')[0]!) ? 'rtl' : 'ltr' };
}

export type Translate = (key: MessageKey | string, params?: Record<string, string | number>) => string;

/** A lookup for one language: overrides first, then its table, then English. */
export function translator(ui: string, overrides: Partial<Messages> = {}): Translate {
  const table = tables.get(ui) ?? en;
  return (key, params) => {
    const k = key as MessageKey;
    const text = overrides?.[k] ?? table[k] ?? en[k] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text;
  };
}
