import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ar } from '../../../src/i18n/ar.js';
import { de } from '../../../src/i18n/de.js';
import { en, type Messages } from '../../../src/i18n/en.js';
import { es } from '../../../src/i18n/es.js';
import { fr } from '../../../src/i18n/fr.js';
import { defineLanguage, languageReady, loadLanguage, resolveLanguage, translator } from '../../../src/i18n/index.js';
import { pt } from '../../../src/i18n/pt.js';
import { ru } from '../../../src/i18n/ru.js';
import { zh } from '../../../src/i18n/zh.js';

const tables: Record<string, Messages> = { de, es, fr, pt, ru, zh, ar };
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

for (const [code, table] of Object.entries(tables)) {
  test(`${code}: exactly en's keys, the same placeholders, clean non-empty strings`, () => {
    assert.deepEqual(Object.keys(table).sort(), Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof Messages)[]) {
      const text = table[key];
      assert.equal(typeof text, 'string', key);
      assert.ok(text.length > 0 && text === text.trim() && !/ {2}/.test(text), `${code} ${key}: ${JSON.stringify(text)}`);
      assert.deepEqual(placeholders(text), placeholders(en[key]), `${code} ${key}`);
      assert.ok(!/[{}]/.test(text.replace(/\{\w+\}/g, '')), `${code} ${key}: stray brace`);
    }
  });

  test(`${code}: translated, not copied from English`, () => {
    const same = (Object.keys(en) as (keyof Messages)[]).filter((key) => table[key] === en[key]);
    // A word like "optional" may legitimately be the same; whole sentences may not.
    assert.ok(same.every((key) => !en[key].includes(' ')), `${code} copies: ${same.join(', ')}`);
  });
}

test('the built-in tables are known at once, loaded on demand, then used by translator', async () => {
  for (const [code, table] of Object.entries({ en, ...tables })) {
    assert.equal(resolveLanguage(code).ui, code);
    assert.equal(languageReady(code), code === 'en', code);
    // Until its table is in, a language shows English rather than keys.
    if (code !== 'en') assert.equal(translator(code)('label.first_name'), en['label.first_name']);
    await loadLanguage(code);
    assert.ok(languageReady(code), code);
    assert.equal(translator(code)('label.first_name'), table['label.first_name']);
  }
});

const cases: [tag: string | null | undefined, ui: string, deriv: string, dir: 'ltr' | 'rtl'][] = [
  [undefined, 'en', 'EN', 'ltr'],
  [null, 'en', 'EN', 'ltr'],
  ['', 'en', 'EN', 'ltr'],
  ['  ', 'en', 'EN', 'ltr'],
  ['en', 'en', 'EN', 'ltr'],
  ['en-GB', 'en', 'EN', 'ltr'],
  ['de', 'de', 'DE', 'ltr'],
  ['DE', 'de', 'DE', 'ltr'],
  ['de-AT', 'de', 'DE', 'ltr'],
  ['de_CH', 'de', 'DE', 'ltr'],
  [' fr ', 'fr', 'FR', 'ltr'],
  ['fr-CA', 'fr', 'FR', 'ltr'],
  ['es-419', 'es', 'ES', 'ltr'],
  ['pt-BR', 'pt', 'PT', 'ltr'],
  ['pt-PT', 'pt', 'PT', 'ltr'],
  ['ru-RU', 'ru', 'RU', 'ltr'],
  ['zh', 'zh', 'ZH_CN', 'ltr'],
  ['zh-CN', 'zh', 'ZH_CN', 'ltr'],
  ['zh-Hans', 'zh', 'ZH_CN', 'ltr'],
  ['zh-SG', 'zh', 'ZH_CN', 'ltr'],
  ['zh-Hans-HK', 'zh', 'ZH_CN', 'ltr'],
  ['zh-TW', 'zh', 'ZH_TW', 'ltr'],
  ['zh_TW', 'zh', 'ZH_TW', 'ltr'],
  ['zh-HK', 'zh', 'ZH_TW', 'ltr'],
  ['zh-MO', 'zh', 'ZH_TW', 'ltr'],
  ['zh-Hant', 'zh', 'ZH_TW', 'ltr'],
  ['zh-Hant-TW', 'zh', 'ZH_TW', 'ltr'],
  ['ar', 'ar', 'AR', 'rtl'],
  ['ar-EG', 'ar', 'AR', 'rtl'],
  ['AR-sa', 'ar', 'AR', 'rtl'],
  // No table: English UI, and English country names to match it.
  ['it', 'en', 'EN', 'ltr'],
  ['xx-YY', 'en', 'EN', 'ltr'],
  ['he', 'en', 'EN', 'ltr'],
  ['constructor', 'en', 'EN', 'ltr'],
  ['__proto__', 'en', 'EN', 'ltr'],
  ['toString', 'en', 'EN', 'ltr'],
  ['-', 'en', 'EN', 'ltr'],
  ['dex', 'en', 'EN', 'ltr'],
];

for (const [tag, ui, deriv, dir] of cases) {
  test(`resolveLanguage(${JSON.stringify(tag)}) → ${ui} / ${deriv} / ${dir}`, () => {
    assert.deepEqual(resolveLanguage(tag), { ui, deriv, dir });
  });
}

test('translator: parameters, overrides, English fallback, unknown keys', async () => {
  await Promise.all([loadLanguage('de'), loadLanguage('ar')]);
  const t = translator('de', { 'label.email': 'E-Mail-Adresse' });
  assert.equal(t('label.email'), 'E-Mail-Adresse');
  assert.equal(t('label.first_name'), 'Vorname');
  assert.equal(t('error.invalid:birthday_year', { minYear: 1917, maxYear: 2026 }), 'Geben Sie ein Jahr von 1917 bis 2026 ein.');
  assert.equal(t('error.too_young:birthday_year', {}), 'Sie müssen mindestens {minAge} Jahre alt sein.');
  assert.equal(t('error.nonsense:x'), 'error.nonsense:x');
  assert.equal(translator('xx')('submit.label'), en['submit.label']);
  assert.equal(translator('ar', null as unknown as Partial<Messages>)('submit.label'), ar['submit.label']);
});

test('defineLanguage adds a language at run time, regional tables win over the primary one', () => {
  const it: Messages = { ...en, 'label.first_name': 'Nome' };
  defineLanguage('it', it);
  assert.deepEqual(resolveLanguage('it-CH'), { ui: 'it', deriv: 'IT', dir: 'ltr' });
  assert.equal(translator('it')('label.first_name'), 'Nome');

  defineLanguage('zh_TW', { ...zh, 'label.first_name': '名字' });
  assert.deepEqual(resolveLanguage('zh-TW'), { ui: 'zh-tw', deriv: 'ZH_TW', dir: 'ltr' });
  assert.equal(translator('zh-tw')('label.first_name'), '名字');
  assert.deepEqual(resolveLanguage('zh-CN'), { ui: 'zh', deriv: 'ZH_CN', dir: 'ltr' });

  defineLanguage('he', { ...en });
  assert.deepEqual(resolveLanguage('he-IL'), { ui: 'he', deriv: 'HE', dir: 'rtl' });

  // A partial table (an integrator's cast) falls back to English per key.
  defineLanguage('nl', { 'label.first_name': 'Voornaam' } as Messages);
  assert.equal(translator('nl')('label.first_name'), 'Voornaam');
  assert.equal(translator('nl')('label.last_name'), en['label.last_name']);
});
