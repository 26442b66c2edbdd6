/** <kyc-signup> in every UI language: strings, errors, Deriv's `l`, right-to-left layout, collation. */
import { expect, fixture, oneEvent } from '@open-wc/testing';
import '../../../src/index.js';
import { MIN_BIRTH_YEAR } from '../../../src/form/schema.js';
import { ar } from '../../../src/i18n/ar.js';
import { de } from '../../../src/i18n/de.js';
import { en, type Messages } from '../../../src/i18n/en.js';
import { es } from '../../../src/i18n/es.js';
import { fr } from '../../../src/i18n/fr.js';
import { defineLanguage } from '../../../src/i18n/index.js';
import { pt } from '../../../src/i18n/pt.js';
import { ru } from '../../../src/i18n/ru.js';
import { zh } from '../../../src/i18n/zh.js';
import type { KycSignup } from '../../../src/element/kyc-signup.js';
import {
  WS_URL,
  answerLikeDeriv,
  recordedReply,
  resetMocking,
  serve,
  startMocking,
  type FakeDeriv,
} from '../helpers/fake-deriv.js';
import { until } from '../helpers/test-host.js';

before(startMocking);
afterEach(() => {
  resetMocking();
  sessionStorage.clear();
});

/** Germany's name as Deriv gives it for each `l`. */
const GERMANY: Record<string, string> = {
  EN: 'Germany',
  DE: 'Deutschland',
  ES: 'Alemania',
  FR: 'Allemagne',
  PT: 'Alemanha',
  RU: 'Германия',
  ZH_CN: '德国',
  ZH_TW: '德國',
  AR: 'ألمانيا',
};

/** A fake Deriv that localises country names by the connection's `l`, like the real one. */
async function serveLocalized(names: Record<string, Record<string, string>> = {}): Promise<FakeDeriv> {
  const { residence_list: list } = await recordedReply();
  return serve({
    message(conn, frame) {
      const l = conn.url.searchParams.get('l') ?? '';
      const local: Record<string, string> = { ...(GERMANY[l] ? { de: GERMANY[l] } : {}), ...names[l] };
      answerLikeDeriv(
        conn,
        frame,
        list.map((c: { value: string }) => (local[c.value] ? { ...c, text: local[c.value] } : c)),
      );
    },
  });
}

let fake: FakeDeriv;

/** Mounts the element (in a 640 px wide container with `outer` attributes) once its countries are in. */
async function mount(attrs = '', outer = '', names?: Record<string, Record<string, string>>): Promise<KycSignup> {
  fake = await serveLocalized(names);
  const loaded = oneEvent(document, 'countries-loaded');
  const container = await fixture<HTMLDivElement>(
    `<div style="width: 640px" ${outer}><kyc-signup backend-url="/api/kyc/base-check" ws-url="${WS_URL}" fields="middle_name" ${attrs}></kyc-signup></div>`,
  );
  const el = container.querySelector('kyc-signup')!;
  await loaded;
  await el.updateComplete;
  return el;
}

const $ = <T extends Element = HTMLElement>(el: KycSignup, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
const text = (el: KycSignup, selector: string) => $(el, selector).textContent!.replace(/\s+/g, ' ').trim();
const label = (el: KycSignup, name: string) => text(el, `label[for="${name}"]`);
const form = (el: KycSignup) => $<HTMLFormElement>(el, 'form');
const derivL = (index = 0) => fake.connections[index]!.url.searchParams.get('l');

async function type(el: KycSignup, name: string, value: string): Promise<void> {
  const input = $<HTMLInputElement>(el, `[name="${name}"]`);
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.blur();
  await el.updateComplete;
}

async function submit(el: KycSignup): Promise<void> {
  $<HTMLButtonElement>(el, 'button[type=submit]').click();
  await el.updateComplete;
}

/** Option labels of a select, without the "Choose…" placeholder. */
const options = (el: KycSignup, name: string) =>
  [...$<HTMLSelectElement>(el, `select[name="${name}"]`).options].filter((o) => o.value).map((o) => o.text.trim());

const LANGUAGES: { tag: string; ui: string; l: string; table: Messages }[] = [
  { tag: 'en', ui: 'en', l: 'EN', table: en },
  { tag: 'de', ui: 'de', l: 'DE', table: de },
  { tag: 'es', ui: 'es', l: 'ES', table: es },
  { tag: 'fr', ui: 'fr', l: 'FR', table: fr },
  { tag: 'pt-BR', ui: 'pt', l: 'PT', table: pt },
  { tag: 'ru', ui: 'ru', l: 'RU', table: ru },
  { tag: 'zh-CN', ui: 'zh', l: 'ZH_CN', table: zh },
  { tag: 'ar', ui: 'ar', l: 'AR', table: ar },
];

describe('<kyc-signup> languages', () => {
  for (const { tag, ui, l, table } of LANGUAGES) {
    it(`lang="${tag}": labels, hints, errors and alert in ${ui}; Deriv asked with l=${l}`, async () => {
      const el = await mount(`lang="${tag}"`);
      expect(derivL()).to.equal(l);
      expect(form(el).getAttribute('lang')).to.equal(ui);
      expect(form(el).getAttribute('dir')).to.equal(ui === 'ar' ? 'rtl' : 'ltr');

      expect(label(el, 'first_name')).to.equal(table['label.first_name']);
      expect(label(el, 'country_residence')).to.equal(table['label.country_residence']);
      expect(label(el, 'middle_name')).to.equal(`${table['label.middle_name']} (${table['hint.optional']})`);
      expect(text(el, 'legend')).to.equal(table['label.birthday']);
      expect(text(el, '#phone-hint')).to.equal(table['hint.phone']);
      expect(text(el, 'button[type=submit]')).to.equal(table['submit.label']);
      // Country names are Deriv's, in the language asked for; month names are the browser's.
      expect(options(el, 'country_residence')).to.include(GERMANY[l]);
      const january = new Intl.DateTimeFormat(ui, { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2000, 0, 1));
      expect(options(el, 'birthday_month')[0]).to.equal(january);

      // Leaving a required field empty.
      await type(el, 'first_name', '');
      expect($(el, '[name=first_name]').getAttribute('aria-invalid')).to.equal('true');
      expect(text(el, '#first_name-error')).to.equal(table['error.empty']);
      // A field-specific message, and one with parameters.
      await type(el, 'email', 'not-an-email');
      expect(text(el, '#email-error')).to.equal(table['error.invalid:email']);
      await type(el, 'birthday_year', '1800');
      expect(text(el, '#birthday-error')).to.equal(
        table['error.invalid:birthday_year']
          .replace('{minYear}', String(MIN_BIRTH_YEAR))
          .replace('{maxYear}', String(new Date().getFullYear())),
      );
      // Submitting: the form-level alert.
      await submit(el);
      expect(text(el, '[role=alert]')).to.equal(table['alert.fix']);
      expect(text(el, '#last_name-error')).to.equal(table['error.empty']);
    });
  }

  it('region tags pick the primary language; Deriv gets ZH_CN / ZH_TW for Chinese', async () => {
    for (const [tag, ui, l] of [
      ['de-AT', 'de', 'DE'],
      ['pt-PT', 'pt', 'PT'],
      ['zh-TW', 'zh', 'ZH_TW'],
      ['zh-Hant-HK', 'zh', 'ZH_TW'],
      ['zh-Hans', 'zh', 'ZH_CN'],
      ['ar-EG', 'ar', 'AR'],
    ] as const) {
      const el = await mount(`lang="${tag}"`);
      expect(derivL(), tag).to.equal(l);
      expect(form(el).getAttribute('lang'), tag).to.equal(ui);
      expect(options(el, 'country_residence'), tag).to.include(GERMANY[l]);
      resetMocking();
      sessionStorage.clear();
    }
  });

  it('an unknown lang falls back to English, for the UI and for Deriv', async () => {
    for (const tag of ['xx', 'tlh-Latn', 'constructor', '']) {
      const el = await mount(`lang="${tag}"`);
      expect(derivL(), tag).to.equal('EN');
      expect(form(el).getAttribute('lang'), tag).to.equal('en');
      expect(form(el).getAttribute('dir'), tag).to.equal('ltr');
      expect(label(el, 'first_name'), tag).to.equal(en['label.first_name']);
      resetMocking();
      sessionStorage.clear();
    }
  });

  it("uses the page's lang when the element has none, and its own lang over the page's", async () => {
    let el = await mount('', 'lang="fr"');
    expect(derivL()).to.equal('FR');
    expect(label(el, 'first_name')).to.equal(fr['label.first_name']);
    expect(form(el).getAttribute('lang')).to.equal('fr');

    resetMocking();
    el = await mount('lang="ru"', 'lang="fr"');
    expect(derivL()).to.equal('RU');
    expect(label(el, 'first_name')).to.equal(ru['label.first_name']);

    // The document's own <html lang>.
    resetMocking();
    const html = document.documentElement;
    const before = html.getAttribute('lang');
    html.setAttribute('lang', 'es-MX');
    try {
      el = await mount();
      expect(derivL()).to.equal('ES');
      expect(label(el, 'first_name')).to.equal(es['label.first_name']);
    } finally {
      if (before === null) html.removeAttribute('lang');
      else html.setAttribute('lang', before);
    }
  });

  it('follows the lang of the components it sits in, through their shadow roots', async () => {
    /** The element `depth` shadow roots below a host with `hostLang`, wrapped in `innerLang` if given. */
    async function mountInShadow(hostLang: string, depth: number, innerLang?: string): Promise<KycSignup> {
      fake = await serveLocalized();
      const loaded = oneEvent(document, 'countries-loaded');
      const host = await fixture<HTMLDivElement>(`<div lang="${hostLang}"></div>`);
      let root = host.attachShadow({ mode: 'open' });
      for (let i = 1; i < depth; i++) root = root.appendChild(document.createElement('div')).attachShadow({ mode: 'open' });
      const parent = innerLang ? root.appendChild(Object.assign(document.createElement('section'), { lang: innerLang })) : root;
      const el = Object.assign(document.createElement('kyc-signup'), { backendUrl: '/api/kyc/base-check', wsUrl: WS_URL });
      parent.append(el);
      await loaded;
      await el.updateComplete;
      return el;
    }
    for (const [hostLang, depth, innerLang, table, l] of [
      ['de', 1, undefined, de, 'DE'],
      ['pt-BR', 3, undefined, pt, 'PT'],
      ['de', 2, 'ru', ru, 'RU'],
    ] as const) {
      const what = `${hostLang} ${depth} deep, inner ${innerLang}`;
      const el = await mountInShadow(hostLang, depth, innerLang);
      expect(derivL(), what).to.equal(l);
      expect(label(el, 'first_name'), what).to.equal(table['label.first_name']);
      resetMocking();
      sessionStorage.clear();
    }
  });

  it('switches language when the lang attribute or property changes, reloading localised countries', async () => {
    const el = await mount('lang="de"');
    expect(options(el, 'country_residence')).to.include('Deutschland');
    await type(el, 'first_name', 'Zoë');

    el.setAttribute('lang', 'fr');
    await until(() => label(el, 'first_name') === fr['label.first_name'], 'the French labels after lang="fr"');
    await until(() => options(el, 'country_residence').includes('Allemagne'), 'French country names');
    expect(derivL(fake.connections.length - 1)).to.equal('FR');
    expect($<HTMLInputElement>(el, '[name=first_name]').value).to.equal('Zoë');

    el.lang = 'ar';
    await until(() => form(el).getAttribute('dir') === 'rtl', 'dir="rtl" after el.lang = "ar"');
    await until(() => options(el, 'country_residence').includes('ألمانيا'), 'Arabic country names');
    expect(derivL(fake.connections.length - 1)).to.equal('AR');
    expect(label(el, 'first_name')).to.equal(ar['label.first_name']);
  });

  it('messages overrides single strings and leaves the rest of the language alone', async () => {
    const el = await mount('lang="de"');
    el.messages = { 'label.first_name': 'Rufname', 'error.empty': 'Pflichtfeld.' };
    await el.updateComplete;
    expect(label(el, 'first_name')).to.equal('Rufname');
    expect(label(el, 'last_name')).to.equal(de['label.last_name']);
    await type(el, 'last_name', '');
    expect(text(el, '#last_name-error')).to.equal('Pflichtfeld.');
    await type(el, 'email', 'x');
    expect(text(el, '#email-error')).to.equal(de['error.invalid:email']);
  });

  it('a language added at run time with defineLanguage is used, with its Deriv code', async () => {
    defineLanguage('it', { ...en, 'label.first_name': 'Nome', 'error.empty': 'Campo obbligatorio.' });
    const el = await mount('lang="it-IT"');
    expect(derivL()).to.equal('IT');
    expect(form(el).getAttribute('lang')).to.equal('it');
    expect(label(el, 'first_name')).to.equal('Nome');
    await type(el, 'first_name', '');
    expect(text(el, '#first_name-error')).to.equal('Campo obbligatorio.');
  });

  describe('right to left', () => {
    /** The box of a label's text (not of the label, which a grid stretches to the full width). */
    const textBox = (el: KycSignup, selector: string) => {
      const range = document.createRange();
      range.selectNodeContents($(el, selector));
      return range.getBoundingClientRect();
    };

    it('ar lays the form out right to left; en left to right', async () => {
      for (const lang of ['ar', 'en']) {
        const el = await mount(`lang="${lang}"`);
        const rtl = lang === 'ar';
        const formEl = form(el);
        expect(getComputedStyle(formEl).direction, lang).to.equal(rtl ? 'rtl' : 'ltr');
        expect(getComputedStyle($(el, '[name=first_name]')).direction, lang).to.equal(rtl ? 'rtl' : 'ltr');

        const box = formEl.getBoundingClientRect();
        const padding = parseFloat(getComputedStyle(formEl).paddingLeft);
        const labelBox = textBox(el, 'label[for=first_name]');
        // The label text hugs the start edge: the right one in Arabic.
        if (rtl) {
          expect(Math.abs(box.right - padding - labelBox.right), 'label at the right edge').to.be.below(2);
          expect(labelBox.left - box.left, 'label away from the left edge').to.be.above(padding + 20);
        } else {
          expect(Math.abs(labelBox.left - box.left - padding), 'label at the left edge').to.be.below(2);
        }
        // Columns run from the start edge: first name right of the middle name (beside it at 640 px) in Arabic.
        const first = $(el, '[name=first_name]').getBoundingClientRect();
        const middle = $(el, '[name=middle_name]').getBoundingClientRect();
        expect(first.left > middle.left, `${lang}: first name to the right`).to.equal(rtl);
        // The submit button sits at the start edge too.
        const button = $(el, 'button[type=submit]').getBoundingClientRect();
        if (rtl) expect(Math.abs(box.right - padding - button.right)).to.be.below(2);
        else expect(Math.abs(button.left - box.left - padding)).to.be.below(2);

        resetMocking();
        sessionStorage.clear();
      }
    });
  });

  describe('country order follows the language’s collation', () => {
    const germanNames = { DE: { at: 'Österreich', om: 'Oman', eg: 'Ägypten', al: 'Albanien', pk: 'Pakistan', cy: 'Zypern' } };
    const chineseNames = { ZH_CN: { al: '阿尔巴尼亚', br: '巴西', de: '德国', ru: '俄罗斯', cn: '中国' } };

    const isSorted = (names: string[], compare: (a: string, b: string) => number) =>
      names.every((name, i) => i === 0 || compare(names[i - 1]!, name) <= 0);

    it('de: umlauts sort with their base letter, not after Z', async () => {
      const el = await mount('lang="de"', '', germanNames);
      const collator = new Intl.Collator('de');
      for (const name of ['country_residence', 'country_nationality']) {
        const names = options(el, name);
        expect(isSorted(names, collator.compare), name).to.be.true;
        const ours = names.filter((n) => Object.values(germanNames.DE).includes(n));
        expect(ours, name).to.deep.equal(['Ägypten', 'Albanien', 'Oman', 'Österreich', 'Pakistan', 'Zypern']);
        // Plain code point order would differ: the test can tell.
        expect([...ours].sort()).to.not.deep.equal(ours);
      }
      expect(collator.compare('Österreich', 'Pakistan')).to.be.below(0);
    });

    it('zh: countries in pinyin order', async () => {
      const el = await mount('lang="zh-CN"', '', chineseNames);
      const collator = new Intl.Collator('zh');
      const names = options(el, 'country_residence');
      expect(isSorted(names, collator.compare)).to.be.true;
      const ours = names.filter((n) => Object.values(chineseNames.ZH_CN).includes(n));
      expect(ours).to.deep.equal(['阿尔巴尼亚', '巴西', '德国', '俄罗斯', '中国']);
      expect([...ours].sort()).to.not.deep.equal(ours);
    });

    it('every language: both selects sorted by Intl.Collator of that language', async () => {
      for (const { tag, ui } of LANGUAGES) {
        const el = await mount(`lang="${tag}"`);
        const compare = new Intl.Collator(ui).compare;
        expect(isSorted(options(el, 'country_residence'), compare), tag).to.be.true;
        expect(isSorted(options(el, 'country_nationality'), compare), tag).to.be.true;
        resetMocking();
        sessionStorage.clear();
      }
    });
  });
});
