import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ar } from '../../../src/steps/i18n/ar.js';
import { de } from '../../../src/steps/i18n/de.js';
import { en, type StepsMessageKey, type StepsMessages } from '../../../src/steps/i18n/en.js';
import { es } from '../../../src/steps/i18n/es.js';
import { fr } from '../../../src/steps/i18n/fr.js';
import { stepsTranslator } from '../../../src/steps/i18n/index.js';
import { pt } from '../../../src/steps/i18n/pt.js';
import { ru } from '../../../src/steps/i18n/ru.js';
import { zh } from '../../../src/steps/i18n/zh.js';

const tables: Record<string, StepsMessages> = { de, es, fr, pt, ru, zh, ar };
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const keys = Object.keys(en) as StepsMessageKey[];

for (const [code, table] of Object.entries(tables)) {
  test(`steps ${code}: en's keys and placeholders, clean strings, translated`, () => {
    assert.deepEqual(Object.keys(table).sort(), [...keys].sort());
    for (const key of keys) {
      const text = table[key];
      assert.ok(text.length > 0 && text === text.trim() && !/ {2}/.test(text), `${code} ${key}`);
      assert.deepEqual(placeholders(text), placeholders(en[key]), `${code} ${key}`);
    }
    const same = keys.filter((key) => table[key] === en[key]);
    assert.deepEqual(same, [], `${code}: copied from English`);
  });
}

test('stepsTranslator: overrides first, then the language (regional tags use their base), then English', () => {
  assert.equal(stepsTranslator('de')('steps.submit'), 'Hochladen');
  assert.equal(stepsTranslator('zh-tw')('steps.submit'), zh['steps.submit']);
  assert.equal(stepsTranslator('it')('steps.submit'), 'Upload');
  assert.equal(stepsTranslator('fr', { 'steps.submit': 'Téléverser' })('steps.submit'), 'Téléverser');
  assert.equal(stepsTranslator('en')('steps.counter', { n: 2, total: 3 }), 'Step 2 of 3');
});
