import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http, HttpResponse, delay } from 'msw';
import '../../../src/index.js';
import type { KycSignup } from '../../../src/element/kyc-signup.js';
import { answerError, serve, type Script, startMocking, resetMocking, useHandlers, WS_URL } from '../helpers/fake-deriv.js';
import { until } from '../helpers/test-host.js';
import { tinMatcher } from '../../../src/element/tin-controller.js';
import { PERSON, PERSON_PAYLOAD } from '../../fixtures/person.js';

const BACKEND = '/api/kyc/base-check';

before(startMocking);
afterEach(() => {
  resetMocking();
  sessionStorage.clear();
});

/** Captures what the element POSTs and answers with `reply`. */
function backend(reply: () => Response | Promise<Response>) {
  const sent: { body: unknown; contentType: string | null; url: string }[] = [];
  useHandlers(
    http.post(BACKEND, async ({ request }) => {
      sent.push({ body: await request.json(), contentType: request.headers.get('content-type'), url: request.url });
      return reply();
    }),
  );
  return sent;
}

async function mount(attrs = ''): Promise<KycSignup> {
  await serve();
  const loaded = oneEvent(document, 'countries-loaded');
  const container = await fixture<HTMLDivElement>(
    `<div><kyc-signup backend-url="${BACKEND}" ws-url="${WS_URL}" ${attrs}></kyc-signup></div>`,
  );
  const el = container.querySelector('kyc-signup')!;
  await loaded;
  await el.updateComplete;
  return el;
}

const $ = <T extends Element = HTMLInputElement>(el: KycSignup, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector)!;
const control = (el: KycSignup, name: string) => $<HTMLInputElement>(el, `[name="${name}"]`);

/** Types into a control as a person would: value, input event, and leaving it. */
async function type(el: KycSignup, name: string, value: string, leave = true): Promise<void> {
  const input = control(el, name);
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
  if (leave) input.blur();
  await el.updateComplete;
}


async function fill(el: KycSignup, values: Record<string, string> = PERSON): Promise<void> {
  for (const [name, value] of Object.entries(values)) await type(el, name, value);
}

async function submit(el: KycSignup): Promise<void> {
  $<HTMLButtonElement>(el, 'button[type=submit]').click();
  await el.updateComplete;
}

describe('<kyc-signup> form', () => {
  it('renders every BASIS field with its name, a visible label and its autocomplete token', async () => {
    const el = await mount('fields="middle_name phone2 gender city address address2 zip tax_identification_number"');
    const expected: Record<string, string> = {
      first_name: 'given-name',
      middle_name: 'additional-name',
      last_name: 'family-name',
      email: 'email',
      phone_idd: 'tel-country-code',
      phone: 'tel-national',
      phone2_idd: 'section-phone2 tel-country-code',
      phone2: 'section-phone2 tel-national',
      gender: 'sex',
      birthday_day: 'bday-day',
      birthday_month: 'bday-month',
      birthday_year: 'bday-year',
      country_nationality: 'off',
      country_residence: 'country',
      city: 'address-level2',
      address: 'address-line1',
      address2: 'address-line2',
      zip: 'postal-code',
      tax_identification_number: 'off',
    };
    for (const [name, token] of Object.entries(expected)) {
      const c = control(el, name);
      expect(c, name).to.exist;
      expect(c.getAttribute('autocomplete'), name).to.equal(token);
      const label = $(el, `label[for="${c.id}"]`);
      expect(label?.textContent?.trim(), `label of ${name}`).to.not.be.empty;
    }
    expect(el.shadowRoot!.querySelectorAll('button[type=submit]')).to.have.length(1);
    expect($(el, '[role=alert]')).to.exist;
  });

  it('fills both country selects with every country, disabled ones not choosable as residence', async () => {
    const el = await mount();
    const residence = $<HTMLSelectElement>(el, '[name=country_residence]');
    const nationality = $<HTMLSelectElement>(el, '[name=country_nationality]');
    expect(residence.options.length).to.equal(250);
    expect(nationality.options.length).to.equal(250);
    const us = [...residence.options].find((o) => o.value === 'us')!;
    expect(us.textContent!.trim()).to.equal('United States');
    expect(us.disabled).to.be.true;
    expect([...residence.options].filter((o) => o.disabled)).to.have.length(30);
    expect([...nationality.options].find((o) => o.value === 'us')!.disabled).to.be.false;
    // Deriv's `selected` country preselects residence, and its calling code follows.
    expect(residence.value).to.equal('aq');
    expect(control(el, 'phone_idd').value).to.equal('672');
  });

  it('the residence attribute wins over Deriv’s guess; documents and calling code follow residence', async () => {
    const el = await mount('residence="DE"');
    expect($<HTMLSelectElement>(el, '[name=country_residence]').value).to.equal('de');
    expect(control(el, 'phone_idd').value).to.equal('49');
    expect(el.shadowRoot!.querySelector('.documents')!.textContent).to.contain('Passport');
    const changed = oneEvent(el, 'country-change');
    await type(el, 'country_residence', 'al');
    const { detail } = await changed;
    expect(detail.field).to.equal('country_residence');
    expect(detail.country.value).to.equal('al');
    expect(control(el, 'phone_idd').value).to.equal('355');
    expect(control(el, 'phone2_idd').value).to.equal('355');
    // A calling code the user typed stays when residence changes again.
    await type(el, 'phone_idd', '44');
    await type(el, 'country_residence', 'de');
    expect(control(el, 'phone_idd').value).to.equal('44');
    expect(control(el, 'phone2_idd').value).to.equal('49');
  });

  it('posts exactly the contract payload and fires verified', async () => {
    const sent = backend(() => HttpResponse.json({ status: 'ok', userHash: 'abc123', userId: '42' }));
    const el = await mount('fields="middle_name gender city zip"');
    await fill(el, { ...PERSON, gender: '1', city: ' Berlin ', middle_name: '' });
    const verified = oneEvent(el, 'verified');
    await submit(el);
    const { detail } = await verified;
    expect(detail).to.deep.equal({ userHash: 'abc123', userId: '42' });
    expect(sent).to.have.length(1);
    expect(sent[0]!.contentType).to.equal('application/json');
    expect(sent[0]!.body).to.deep.equal({ ...PERSON_PAYLOAD, gender: 1, city: 'Berlin' });
    await el.updateComplete;
    expect($(el, '[role=status]').textContent).to.contain('You are verified');
  });

  it('shows no message while a first value is typed, then one after leaving the field', async () => {
    const el = await mount();
    await type(el, 'email', 'zoe@', false);
    expect(control(el, 'email').getAttribute('aria-invalid')).to.be.null;
    expect($(el, '#email-error').textContent!.trim()).to.equal('');
    control(el, 'email').blur();
    await el.updateComplete;
    const email = control(el, 'email');
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    const message = $(el, `#${email.getAttribute('aria-describedby')}`);
    expect(message.textContent).to.contain('name@example.com');
    await type(el, 'email', 'zoe@example.com', false);
    expect(control(el, 'email').getAttribute('aria-invalid')).to.be.null;
  });

  it('submitting an empty form marks every required control, alerts, and focuses the first', async () => {
    const sent = backend(() => HttpResponse.json({ status: 'ok', userHash: 'x', userId: '1' }));
    const el = await mount();
    await submit(el);
    await el.updateComplete;
    for (const name of ['first_name', 'last_name', 'email', 'phone', 'birthday_day', 'birthday_month', 'birthday_year', 'country_nationality']) {
      const c = control(el, name);
      expect(c.getAttribute('aria-invalid'), name).to.equal('true');
      const described = c.getAttribute('aria-describedby')!.split(' ').map((id) => el.shadowRoot!.getElementById(id)!);
      expect(described.some((node) => node.textContent!.includes('required')), name).to.be.true;
    }
    expect(el.shadowRoot!.activeElement).to.equal(control(el, 'first_name'));
    expect($(el, '[role=alert]').textContent).to.contain('correct the highlighted');
    expect(sent).to.have.length(0);
  });

  it('refuses an impossible date, a minor with min-age, and a tax ID in the wrong format', async () => {
    const el = await mount('min-age="18" fields="tax_identification_number"');
    await fill(el, { ...PERSON, birthday_day: '30', birthday_month: '2' });
    expect($(el, '#birthday-error').textContent).to.contain('does not exist');
    const year = String(new Date().getFullYear() - 10);
    await fill(el, { birthday_day: '1', birthday_year: year });
    expect($(el, '#birthday-error').textContent).to.contain('at least 18');
    // The tax ID checker is loaded on demand, once the field shows for a residence with formats.
    await until(() => tinMatcher() !== undefined, 'the tax ID checker');
    await type(el, 'tax_identification_number', '123');
    expect($(el, '#tax_identification_number-error').textContent).to.contain('tax ID format');
    await type(el, 'tax_identification_number', '12345678901');
    expect(control(el, 'tax_identification_number').getAttribute('aria-invalid')).to.be.null;
  });

  for (const [part, name] of [['day', 'birthday_day'], ['month', 'birthday_month'], ['year', 'birthday_year']] as const) {
    it(`a missing birth ${part} alone is named as missing, and submit focuses it`, async () => {
      const sent = backend(() => HttpResponse.json({ status: 'ok', userHash: 'h', userId: '1' }));
      const el = await mount();
      const { [name]: _, ...rest } = PERSON;
      await fill(el, rest);
      await submit(el);
      await el.updateComplete;
      expect($(el, '#birthday-error').textContent!.trim()).to.equal(`The ${part} of birth is required.`);
      for (const other of ['birthday_day', 'birthday_month', 'birthday_year']) {
        expect(control(el, other).getAttribute('aria-invalid'), other).to.equal(other === name ? 'true' : null);
      }
      expect(el.shadowRoot!.activeElement).to.equal(control(el, name));
      expect(sent).to.have.length(0);
    });
  }

  it('maps status:"bad" codes to their controls and user:exists to the alert, keeping values', async () => {
    backend(() => HttpResponse.json({ status: 'bad', errors: ['empty:first_name', 'user:exists'] }, { status: 422 }));
    const el = await mount();
    await fill(el);
    const failed = oneEvent(el, 'verification-failed');
    await submit(el);
    const { detail } = await failed;
    expect(detail).to.deep.equal({ errors: ['empty:first_name', 'user:exists'], status: 422 });
    await el.updateComplete;
    expect(control(el, 'first_name').getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '[role=alert]').textContent).to.contain('already exists');
    expect(control(el, 'email').value).to.equal('zoe@example.com');
    expect(control(el, 'first_name').value).to.equal('Zoë');
    // Editing the field clears the server's verdict on it.
    await type(el, 'first_name', 'Zoe', false);
    expect(control(el, 'first_name').getAttribute('aria-invalid')).to.be.null;
  });

  const failures: Array<[string, () => Response, string, number | null, string]> = [
    ['relay says upstream is down', () => HttpResponse.json({ status: 'error', errors: ['upstream:unavailable'] }, { status: 502 }), 'upstream:unavailable', 502, 'is unavailable'],
    ['relay says upstream is slow', () => HttpResponse.json({ status: 'error', errors: ['upstream:timeout'] }, { status: 504 }), 'upstream:timeout', 504, 'is unavailable'],
    ['rate limited', () => HttpResponse.json({ status: 'error', errors: ['request:rate_limited'] }, { status: 429 }), 'request:rate_limited', 429, 'Too many attempts'],
    ['an HTML error page', () => new HttpResponse('<h1>Bad gateway</h1>', { status: 502, headers: { 'Content-Type': 'text/html' } }), 'relay:invalid_answer', 502, 'is unavailable'],
    ['the network fails', () => HttpResponse.error(), 'network:unreachable', null, 'reach the server'],
  ];
  for (const [label, reply, code, status, text] of failures) {
    it(`handles ${label}: alert, event, values kept, ready to retry`, async () => {
      const sent = backend(reply);
      const el = await mount();
      await fill(el);
      const failed = oneEvent(el, 'verification-failed');
      await submit(el);
      const { detail } = await failed;
      expect(detail).to.deep.equal({ errors: [code], status });
      await el.updateComplete;
      expect($(el, '[role=alert]').textContent).to.contain(text);
      for (const [name, value] of Object.entries(PERSON)) expect(control(el, name).value, name).to.equal(value);
      const button = $<HTMLButtonElement>(el, 'button[type=submit]');
      expect(button.disabled).to.be.false;
      await submit(el);
      await oneEvent(el, 'verification-failed');
      expect(sent).to.have.length(2);
    });
  }

  it('sends one request however often submit is pressed, and shows progress meanwhile', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sent = backend(async () => {
      await gate;
      return HttpResponse.json({ status: 'ok', userHash: 'h', userId: '1' });
    });
    const el = await mount();
    await fill(el);
    await submit(el);
    await submit(el);
    const button = $<HTMLButtonElement>(el, 'button[type=submit]');
    expect(button.disabled).to.be.true;
    expect(button.textContent).to.contain('Verifying');
    const form = el.shadowRoot!.querySelector('form')!;
    form.requestSubmit();
    await delay(50);
    release();
    await oneEvent(el, 'verified');
    expect(sent).to.have.length(1);
  });

  it('a submit cut short by removing the element fires nothing and changes nothing', async () => {
    const sent = backend(() => new Promise<Response>(() => undefined));
    const el = await mount();
    await fill(el);
    const fired: string[] = [];
    for (const name of ['verified', 'verification-failed'] as const) el.addEventListener(name, () => fired.push(name));
    await submit(el);
    await until(() => sent.length === 1, 'the request at the relay');
    const button = $<HTMLButtonElement>(el, 'button[type=submit]');
    expect(button.disabled).to.be.true;
    el.remove();
    // The aborted request settles: the button comes back, with no event and no message.
    await until(() => !button.disabled, 'the aborted request to settle');
    expect(fired).to.deep.equal([]);
    document.body.append(el);
    await el.updateComplete;
    expect($(el, '[role=alert]').textContent!.trim()).to.equal('');
    expect(el.shadowRoot!.querySelectorAll('[aria-invalid="true"]')).to.have.length(0);
    expect(control(el, 'email').value).to.equal(PERSON.email);
    el.remove();
  });

  it('prefills from the values property', async () => {
    const el = await mount();
    el.values = { first_name: 'Ann', phone: '44-7911123456', gender: 1, country_nationality: 'GB', birthday_month: '12' };
    await el.updateComplete;
    expect(control(el, 'first_name').value).to.equal('Ann');
    expect(control(el, 'phone_idd').value).to.equal('44');
    expect(control(el, 'phone').value).to.equal('7911123456');
    expect($<HTMLSelectElement>(el, '[name=gender]').value).to.equal('1');
    expect($<HTMLSelectElement>(el, '[name=country_nationality]').value).to.equal('gb');
    expect($<HTMLSelectElement>(el, '[name=birthday_month]').value).to.equal('12');
  });

  for (const fromCache of [false, true]) {
    it(`keeps a values prefill set in a countries-loaded listener (list from ${fromCache ? 'the cache' : 'the network'})`, async () => {
      if (fromCache) (await mount()).remove();
      const seen: boolean[] = [];
      const prefill = (event: Event) => {
        seen.push((event as HTMLElementEventMap['countries-loaded']).detail.fromCache);
        (event.target as KycSignup).values = { first_name: 'Ann', country_nationality: 'GB' };
      };
      // Once: the refresh that follows a cached list must not be what saves the prefill.
      document.addEventListener('countries-loaded', prefill, { once: true });
      try {
        const el = await mount();
        expect(seen).to.deep.equal([fromCache]);
        expect(control(el, 'first_name').value).to.equal('Ann');
        expect($<HTMLSelectElement>(el, '[name=country_nationality]').value).to.equal('gb');
      } finally {
        document.removeEventListener('countries-loaded', prefill);
      }
    });
  }

  it('fields chooses the optional controls; required-fields makes them required', async () => {
    const sent = backend(() => HttpResponse.json({ status: 'ok', userHash: 'h', userId: '1' }));
    const el = await mount('fields="city zip" required-fields="city address"');
    for (const hidden of ['middle_name', 'phone2', 'gender', 'address', 'address2', 'tax_identification_number']) {
      expect(control(el, hidden), hidden).to.be.null;
    }
    expect(control(el, 'city').getAttribute('aria-required')).to.equal('true');
    expect(control(el, 'zip').hasAttribute('aria-required')).to.be.false;
    await fill(el);
    await submit(el);
    expect(control(el, 'city').getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(control(el, 'city'));
    expect(sent).to.have.length(0);
    await type(el, 'city', 'Berlin');
    await submit(el);
    await oneEvent(el, 'verified');
    expect(sent[0]!.body).to.deep.include({ city: 'Berlin' });
    expect(sent[0]!.body).to.not.have.property('zip');
  });

  it('refuses a disabled residence even if set programmatically', async () => {
    const el = await mount();
    el.values = { ...PERSON, country_residence: 'us' };
    await el.updateComplete;
    await submit(el);
    expect($(el, '#country_residence-error').textContent).to.contain('not available');
  });

  it('never writes what was typed to storage', async () => {
    backend(() => HttpResponse.json({ status: 'bad', errors: ['user:exists'] }, { status: 422 }));
    const el = await mount();
    await fill(el);
    await submit(el);
    await oneEvent(el, 'verification-failed');
    const stored = [sessionStorage, localStorage].flatMap((s) => Object.keys(s).map((k) => s.getItem(k) ?? ''));
    for (const value of ['zoe@example.com', '9181234567', 'Zoë']) {
      expect(stored.some((text) => text.includes(value)), value).to.be.false;
    }
    expect(location.href).to.not.contain('zoe');
  });
});

describe('<kyc-signup> countries', () => {
  it('shows the loading state, then an alert with a retry button when Deriv refuses the app id', async () => {
    // Refused in reply to the request, so that the second server below accepts the same app id.
    await serve({ message: (conn, frame) => answerError(conn, frame, 'InvalidAppID') });
    const errored = oneEvent(document, 'countries-error');
    const container = await fixture<HTMLDivElement>(
      html`<div><kyc-signup backend-url=${BACKEND} ws-url=${WS_URL}></kyc-signup></div>`,
    );
    const el = container.querySelector('kyc-signup')!;
    expect($<HTMLSelectElement>(el, '[name=country_residence]').disabled).to.be.true;
    const { detail } = await errored;
    expect(detail.code).to.equal('InvalidAppID');
    await el.updateComplete;
    expect($(el, '[role=alert]').textContent).to.contain('could not be loaded');
    const retry = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Try again'));
    expect(retry).to.exist;
    // What the user typed meanwhile stays through the retry.
    await type(el, 'first_name', 'Zoë');
    await serve();
    retry!.click();
    await oneEvent(el, 'countries-loaded');
    await el.updateComplete;
    expect($<HTMLSelectElement>(el, '[name=country_residence]').options.length).to.equal(250);
    expect(control(el, 'first_name').value).to.equal('Zoë');
    expect($(el, '[role=alert]').textContent!.trim()).to.equal('');
  });

  it('renders hostile country names as text only', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    await serve({
      message: (conn, frame) => {
        if (frame.residence_list)
          conn.send({ msg_type: 'residence_list', req_id: frame.req_id, residence_list: [{ text: hostile, value: 'zz', phone_idd: '1' }] });
      },
    });
    const loaded = oneEvent(document, 'countries-loaded');
    const container = await fixture<HTMLDivElement>(
      html`<div><kyc-signup backend-url=${BACKEND} ws-url=${WS_URL}></kyc-signup></div>`,
    );
    const el = container.querySelector('kyc-signup')!;
    await loaded;
    await el.updateComplete;
    const option = [...$<HTMLSelectElement>(el, '[name=country_nationality]').options].find((o) => o.value === 'zz')!;
    expect(option.textContent).to.equal(hostile);
    expect(el.shadowRoot!.querySelector('img')).to.be.null;
    expect((window as unknown as { __pwned?: number }).__pwned).to.be.undefined;
  });

  for (const [state, script] of [
    ['loading', { message: () => undefined }],
    ['failed', { message: (conn, frame) => answerError(conn, frame, 'InvalidAppID') }],
  ] satisfies [string, Script][]) {
    it(`while the list is ${state}, typing neither re-sorts countries nor rebuilds their options`, async () => {
      await serve(script);
      const errored = oneEvent(document, 'countries-error');
      const container = await fixture<HTMLDivElement>(
        html`<div><kyc-signup backend-url=${BACKEND} ws-url=${WS_URL}></kyc-signup></div>`,
      );
      const el = container.querySelector('kyc-signup')!;
      if (state === 'failed') await errored;
      await el.updateComplete;
      const placeholder = $<HTMLSelectElement>(el, '[name=country_nationality]').options[0];
      const Collator = Intl.Collator;
      let collators = 0;
      Intl.Collator = function (...args: ConstructorParameters<typeof Collator>) {
        collators++;
        return new Collator(...args);
      } as typeof Collator;
      try {
        for (const name of ['first_name', 'last_name', 'email']) await type(el, name, 'x');
      } finally {
        Intl.Collator = Collator;
      }
      expect(collators).to.equal(0);
      expect($<HTMLSelectElement>(el, '[name=country_nationality]').options[0]).to.equal(placeholder);
    });
  }

  it('a submit before the countries are in explains why instead of sending', async () => {
    const sent = backend(() => HttpResponse.json({ status: 'ok', userHash: 'h', userId: '1' }));
    await serve({ message: () => undefined });
    const container = await fixture<HTMLDivElement>(
      html`<div><kyc-signup backend-url=${BACKEND} ws-url=${WS_URL}></kyc-signup></div>`,
    );
    const el = container.querySelector('kyc-signup')!;
    await submit(el);
    expect($(el, '[role=alert]').textContent).to.contain('list of countries');
    expect(sent).to.have.length(0);
  });
});

describe('<kyc-signup> first connection', () => {
  /** Counts sockets closed while still connecting (Chromium's "closed before the connection is established"). */
  function countEarlyCloses(): { count: number; restore(): void } {
    const proto = WebSocket.prototype;
    const close = proto.close;
    const spy = {
      count: 0,
      restore: () => {
        proto.close = close;
      },
    };
    proto.close = function (this: WebSocket, ...args: Parameters<WebSocket['close']>) {
      if (this.readyState === WebSocket.CONNECTING) spy.count++;
      return close.apply(this, args);
    };
    return spy;
  }

  /** Adds an element, lets `afterAdding` run (if any: without it, no microtask passes), then sets `lang`. */
  async function addThenSetLang(afterAdding?: (el: KycSignup) => Promise<void>) {
    const fake = await serve();
    const early = countEarlyCloses();
    try {
      const el = document.createElement('kyc-signup');
      el.setAttribute('backend-url', BACKEND);
      el.setAttribute('ws-url', WS_URL);
      const loaded = oneEvent(el, 'countries-loaded');
      document.body.append(el);
      if (afterAdding) await afterAdding(el);
      el.lang = 'ar';
      await loaded;
      el.remove();
      return { languages: fake.connections.map((c) => c.url.searchParams.get('l')), early: early.count };
    } finally {
      early.restore();
    }
  }

  it('lang set in the same task as adding the element: one connection, in that language', async () => {
    expect(await addThenSetLang()).to.deep.equal({ languages: ['AR'], early: 0 });
  });

  it("lang set after the element's first update, still in the task that added it (a page's next script)", async () => {
    expect(await addThenSetLang((el) => el.updateComplete.then(() => {}))).to.deep.equal({ languages: ['AR'], early: 0 });
  });
});

describe('<kyc-signup> option lists', () => {
  it('forms in two languages on one page keep their month and gender options while they re-render in turn', async () => {
    await serve();
    const container = await fixture<HTMLDivElement>(
      `<div><kyc-signup lang="en" backend-url="${BACKEND}" ws-url="${WS_URL}"></kyc-signup>
        <kyc-signup lang="de" backend-url="${BACKEND}" ws-url="${WS_URL}"></kyc-signup></div>`,
    );
    const [english, german] = [...container.querySelectorAll('kyc-signup')];
    const option = (el: KycSignup, name: string) => el.shadowRoot!.querySelector<HTMLSelectElement>(`[name=${name}]`)!.options[1]!;
    // The German table loads first: until then that form has not rendered.
    await until(() => Boolean(german!.shadowRoot?.querySelector('[name=birthday_month]')) && option(german!, 'birthday_month').text === 'Januar', 'the German month names');
    const before = ['birthday_month', 'gender'].map((name) => option(english!, name));
    for (const el of [german!, english!, german!, english!]) {
      el.requestUpdate();
      await el.updateComplete;
    }
    expect(['birthday_month', 'gender'].map((name) => option(english!, name))).to.deep.equal(before);
    expect(option(english!, 'birthday_month').text).to.equal('January');
  });
});
