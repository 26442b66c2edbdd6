/** UI languages: which table applies, how Deriv names it, and string lookup with overrides. */
import { en, type MessageKey, type Messages } from './en.js';

export type { MessageKey, Messages };

const tables: Record<string, Messages> = { en };

/** Registers a language table (tables live in their own modules). */
export function defineLanguage(code: string, messages: Messages): void {
  tables[code] = messages;
}

export interface Language {
  /** Our table's code (`en`, `zh`, ...). */
  ui: string;
  /** Deriv's `l` (`EN`, `ZH_CN`, ...). */
  deriv: string;
  dir: 'ltr' | 'rtl';
}

const RTL = new Set(['ar', 'fa', 'he', 'ur']);

/** Resolves a BCP 47 tag (`pt-BR`, `zh-TW`) to a table we have, falling back to English. */
export function resolveLanguage(tag: string | null | undefined): Language {
  const lower = (tag ?? '').trim().toLowerCase().replace('_', '-');
  const primary = lower.split('-')[0] ?? '';
  const ui = primary in tables ? primary : 'en';
  let deriv = ui.toUpperCase();
  if (ui === 'zh') deriv = /-(tw|hk|mo|hant)/.test(lower) ? 'ZH_TW' : 'ZH_CN';
  return { ui, deriv, dir: RTL.has(ui) ? 'rtl' : 'ltr' };
}

export type Translate = (key: MessageKey | string, params?: Record<string, string | number>) => string;

/** A lookup for one language: overrides first, then its table, then English. */
export function translator(ui: string, overrides: Partial<Messages> = {}): Translate {
  const table = tables[ui] ?? en;
  return (key, params) => {
    const k = key as MessageKey;
    const text = overrides[k] ?? table[k] ?? en[k] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text;
  };
}
