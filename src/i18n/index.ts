/**
 * UI languages: which table applies, how Deriv names it, and string lookup with overrides.
 * English is built in; every other built-in table is its own module, loaded when a `lang` asks
 * for it (a chunk beside the bundle, resolved from the bundle's own URL).
 */
import { en, type MessageKey, type Messages } from './en.js';

export type { MessageKey, Messages };

/** Tables by lower-case BCP 47 tag. Maps, so that tags like `constructor` never hit a prototype. */
const tables = new Map<string, Messages>([['en', en]]);

/** The built-in languages besides English, each loaded on demand: a module exporting its table under its code. */
const builtIn = new Map<string, () => Promise<Record<string, Messages>>>([
  ['de', () => import('./de.js')],
  ['es', () => import('./es.js')],
  ['fr', () => import('./fr.js')],
  ['pt', () => import('./pt.js')],
  ['ru', () => import('./ru.js')],
  ['zh', () => import('./zh.js')],
  ['ar', () => import('./ar.js')],
]);
const loads = new Map<string, Promise<void>>();

const normalise = (code: string): string => code.trim().toLowerCase().replace(/_/g, '-');

/** Adds or replaces a language at run time (`it`, or a regional table such as `zh-TW`). */
export function defineLanguage(code: string, messages: Messages): void {
  tables.set(normalise(code), messages);
}

/** True when `ui`'s table is here (English and defined languages always are). */
export const languageReady = (ui: string): boolean => tables.has(ui) || !builtIn.has(ui);

/**
 * Loads a built-in table once. Never rejects: a table that cannot be loaded (offline, a CSP that
 * refuses the chunk, a missing file) is dropped, so the language resolves to English from then on
 * (UI and Deriv's country names alike), and the console says why.
 */
export function loadLanguage(ui: string): Promise<void> {
  const load = builtIn.get(ui);
  if (languageReady(ui) || !load) return Promise.resolve();
  let pending = loads.get(ui);
  if (!pending) {
    pending = load().then(
      // A table defined meanwhile with defineLanguage wins.
      (module) => void (tables.has(ui) || tables.set(ui, module[ui]!)),
      (error: unknown) => {
        builtIn.delete(ui);
        console.warn(`<kyc-signup>: the "${ui}" language table could not be loaded, so the form is in English.`, error);
      },
    );
    loads.set(ui, pending);
  }
  return pending;
}

export interface Language {
  /** Our table's code (`en`, `zh`, ...). */
  ui: string;
  /** Deriv's `l` (`EN`, `ZH_CN`, ...). */
  deriv: string;
  dir: 'ltr' | 'rtl';
}

/** Deriv's `l` for a normalised tag: `zh-tw` → `ZH_TW`, `pt-br` → `PT`. */
function derivLanguage(tag: string): string {
  const base = tag.split('-')[0]!;
  // Chinese is the one language Deriv splits by script/region.
  if (base === 'zh') return /^zh-(tw|hk|mo|hant)/.test(tag) ? 'ZH_TW' : 'ZH_CN';
  return base.toUpperCase();
}

const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'ckb', 'dv', 'yi']);

/**
 * Resolves a BCP 47 tag to the most specific table we have (`zh-Hant-TW` → `zh-hant-tw`,
 * `zh-hant`, `zh`), falling back to English; Deriv's `l` follows the tag (`zh-TW` → `ZH_TW`).
 */
export function resolveLanguage(tag: string | null | undefined): Language {
  const lower = normalise(tag ?? '');
  let ui = 'en';
  for (let t = lower; t; t = t.slice(0, Math.max(0, t.lastIndexOf('-')))) {
    if (tables.has(t) || builtIn.has(t)) {
      ui = t;
      break;
    }
  }
  const deriv = derivLanguage(ui === 'en' ? ui : lower);
  return { ui, deriv, dir: RTL.has(ui.split('-')[0]!) ? 'rtl' : 'ltr' };
}

export type Translate = (key: MessageKey | string, params?: Record<string, string | number>) => string;

/** A lookup for one language: overrides first, then its table (English while it loads), then English. */
export function translator(ui: string, overrides: Partial<Messages> = {}): Translate {
  const table = tables.get(ui) ?? en;
  return (key, params) => {
    const k = key as MessageKey;
    const text = overrides?.[k] ?? table[k] ?? en[k] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text;
  };
}
