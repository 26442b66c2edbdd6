/** CountriesController over time: cache, option changes, hidden/offline pages, and leaving the DOM. */
import { expect } from '@open-wc/testing';
import { countriesCacheKey, writeCachedCountries } from '../../../src/deriv/country-cache.js';
import { derivSocketUrl } from '../../../src/deriv/deriv-url.js';
import { resolveLanguage } from '../../../src/i18n/index.js';
import { answerLikeDeriv, recordedReply, refuse, requests, serve, WS_URL } from '../helpers/fake-deriv.js';
import {
  mount,
  ready,
  setOnline,
  setVisibility,
  sleep,
  status,
  until,
  useFakeDeriv,
  type DerivTestHost,
} from '../helpers/test-host.js';

useFakeDeriv();

const loadedFlags = (el: DerivTestHost) =>
  el.events.map((e) => (e.type === 'countries-loaded' ? e.detail.fromCache : e.type));
const cacheKey = (lang = 'en') => countriesCacheKey(derivSocketUrl(WS_URL, '1089', resolveLanguage(lang).deriv));

describe('CountriesController: cache', () => {
  it('a second mount renders at once from the cache, then refreshes quietly', async () => {
    const fake = await serve();
    const first = mount();
    await ready(first);
    first.remove();
    await until(() => fake.openCount() === 0, 'the first socket to close');

    const second = mount();
    await second.updateComplete;
    // Rendered from the cache in the very first update, before any socket exists.
    expect(second.renders[0]).to.equal('ready');
    expect(second.controller.state).to.include({ status: 'ready', fromCache: true });
    expect(fake.connections).to.have.length(1);

    await until(() => second.events.length === 2, 'the refreshed list');
    expect(loadedFlags(second)).to.deep.equal([true, false]);
    expect(second.controller.state).to.include({ status: 'ready', fromCache: false });
    expect(requests(fake.connections[1]!)).to.have.length(1);
  });

  it('keeps the cached list (no error) when the refresh keeps failing', async () => {
    const { residence_list: list } = await recordedReply();
    writeCachedCountries(cacheKey(), list.slice(0, 3));
    const fake = await serve({ connect: refuse });
    const el = mount({}, { maxAttempts: 2 });
    await until(() => fake.connections.length >= 4, 'attempts past maxAttempts');
    expect(el.controller.state).to.include({ status: 'ready', fromCache: true });
    expect(loadedFlags(el)).to.deep.equal([true]);
  });

  it('ignores an expired or corrupt entry, then overwrites it with the fresh list', async () => {
    const { residence_list: list } = await recordedReply();
    await serve();
    const expired = () => writeCachedCountries(cacheKey(), list.slice(0, 3), Date.now() - 2 * 3_600_000);
    const corrupt = () => sessionStorage.setItem(cacheKey(), '{"version":1,"savedAt":');
    for (const spoil of [expired, corrupt]) {
      spoil();
      const el = mount();
      await el.updateComplete;
      expect(el.renders[0], spoil.name).to.equal('loading');
      await ready(el);
      expect(loadedFlags(el), spoil.name).to.deep.equal([false]);
      expect(JSON.parse(sessionStorage.getItem(cacheKey())!).countries, spoil.name).to.have.length(249);
      el.remove();
    }
  });

  it('keeps one entry per language', async () => {
    const { residence_list: list } = await recordedReply();
    writeCachedCountries(cacheKey('fr'), list.slice(0, 3));
    await serve();
    const el = mount({ lang: 'de' });
    await el.updateComplete;
    expect(status(el)).to.equal('loading');
  });
});

describe('CountriesController: options', () => {
  it('a new lang opens a new connection with the new l and loads the new list', async () => {
    const { residence_list: list } = await recordedReply();
    const fake = await serve({
      message(conn, frame) {
        const lang = conn.url.searchParams.get('l');
        answerLikeDeriv(conn, frame, lang === 'ZH_CN' ? list.map((c) => ({ ...c, text: `中 ${c.text}` })) : list);
      },
    });
    const el = mount({ lang: 'en' });
    await ready(el);
    el.lang = 'zh-cn';
    await until(() => el.events.length === 2, 'the second list');
    expect(fake.connections.map((c) => c.url.searchParams.get('l'))).to.deep.equal(['EN', 'ZH_CN']);
    expect(fake.connections[0]!.closedAt, 'the old connection is closed').to.be.a('number');
    expect(fake.openCount()).to.equal(1);
    const { state } = el.controller;
    expect(state.status === 'ready' && state.countries[0]!.text.startsWith('中 ')).to.equal(true);
  });

  it("a reply for the previous language that comes after the switch never lands", async () => {
    const { residence_list: list } = await recordedReply();
    const held: Array<() => void> = [];
    const fake = await serve({
      message(conn, frame) {
        if (conn.url.searchParams.get('l') === 'EN') held.push(() => answerLikeDeriv(conn, frame, list.map((c) => ({ ...c, text: `EN ${c.text}` }))));
        else answerLikeDeriv(conn, frame, list);
      },
    });
    const el = mount({ lang: 'en' });
    await until(() => held.length === 1, 'the English request');
    el.lang = 'de';
    await ready(el);
    for (const answer of held) answer();
    await sleep(30);
    expect(fake.connections.map((c) => c.url.searchParams.get('l'))).to.deep.equal(['EN', 'DE']);
    expect(el.events.map((e) => e.type === 'countries-loaded' && e.detail.countries[0]!.text.startsWith('EN '))).to.deep.equal([false]);
    const { state } = el.controller;
    expect(state.status === 'ready' && state.countries.some((c) => c.text.startsWith('EN '))).to.equal(false);
  });

  it('an unchanged update does not reconnect', async () => {
    const fake = await serve();
    const el = mount();
    await ready(el);
    el.requestUpdate();
    el.pingInterval = 1000;
    await el.updateComplete;
    await sleep(30);
    expect(fake.connections).to.have.length(1);
  });

  it('an unusable wsUrl is an InvalidURL error, without a connection', async () => {
    const fake = await serve();
    const el = mount({ wsUrl: 'wss://[broken' });
    await until(() => status(el) === 'error', 'the error');
    expect(el.controller.state).to.include({ code: 'InvalidURL' });
    expect(fake.connections).to.have.length(0);
  });
});

describe('CountriesController: hidden and offline pages', () => {
  it('does not reconnect while hidden, and reconnects at once when visible', async () => {
    const fake = await serve();
    const el = mount({}, { backoffBase: 10 });
    await ready(el);
    setVisibility('hidden');
    fake.connections[0]!.client.close(1001);
    await sleep(100);
    expect(fake.connections, 'no reconnection while hidden').to.have.length(1);
    setVisibility('visible');
    await sleep(5);
    expect(fake.connections).to.have.length(2);
    expect(status(el)).to.equal('ready');
  });

  it('cuts a pending backoff short when the page comes back', async () => {
    const fake = await serve();
    const el = mount({}, { backoffBase: 5_000, random: () => 0.99 });
    await ready(el);
    fake.connections[0]!.client.close(1001);
    await sleep(20);
    expect(fake.connections).to.have.length(1);
    setOnline(true);
    await sleep(5);
    expect(fake.connections).to.have.length(2);
  });

  it('while offline: no connection and an Offline error; online connects at once', async () => {
    setOnline(false);
    const fake = await serve();
    const el = mount();
    await until(() => status(el) === 'error', 'the offline error');
    expect(el.renders[0], 'shown in the first render').to.equal('error');
    expect(el.controller.state).to.include({ code: 'Offline' });
    expect(el.events.map((e) => e.type)).to.deep.equal(['countries-error']);
    await sleep(50);
    expect(fake.connections).to.have.length(0);
    setOnline(true);
    expect(status(el)).to.equal('loading');
    await ready(el);
    expect(fake.connections).to.have.length(1);
  });

  it('going offline with a list on screen keeps the list and reconnects when online', async () => {
    const fake = await serve();
    const el = mount();
    await ready(el);
    setOnline(false);
    fake.connections[0]!.client.close(1006);
    await sleep(80);
    expect(fake.connections).to.have.length(1);
    expect(status(el)).to.equal('ready');
    expect(el.events.map((e) => e.type)).to.deep.equal(['countries-loaded']);
    setOnline(true);
    await sleep(5);
    expect(fake.connections).to.have.length(2);
  });

  it('a hidden page makes its first connection, but waits to be seen before reconnecting', async () => {
    setVisibility('hidden');
    const fake = await serve({ connect: (conn, index) => index === 0 && refuse(conn) });
    const el = mount();
    await until(() => fake.connections.length === 1 && fake.openCount() === 0, 'the refused connection');
    await sleep(60);
    expect(fake.connections).to.have.length(1);
    expect(status(el)).to.equal('loading');
    setVisibility('visible');
    await sleep(5);
    expect(fake.connections, 'reconnected at once').to.have.length(2);
    await ready(el);
    expect(fake.connections).to.have.length(2);
  });
});

describe('CountriesController: leaving the DOM', () => {
  it('closes the socket and stops pinging', async () => {
    const fake = await serve();
    const el = mount({ pingInterval: 15 });
    await ready(el);
    await until(() => fake.allReceived().length >= 3, 'some pings');
    el.remove();
    await until(() => fake.openCount() === 0, 'the socket to close');
    // A closed socket drops what is sent on it, so watch the socket itself for late pings.
    const socket = (fake.connections[0]!.client as unknown as { socket: WebSocket }).socket;
    let sends = 0;
    Object.defineProperty(socket, 'send', { value: () => sends++ });
    const received = fake.allReceived().length;
    await sleep(80);
    expect(sends, 'sends after close').to.equal(0);
    expect(fake.allReceived()).to.have.length(received);
    expect(fake.connections).to.have.length(1);
  });

  it('removes every window and document listener it added', async () => {
    type Call = { target: EventTarget; type: string; listener: unknown; signal: AbortSignal | undefined };
    const added: Call[] = [];
    const removed: Call[] = [];
    // Only calls made while the host connects count: msw adds page listeners of its own.
    let recording = false;
    const spy = (target: EventTarget, method: 'addEventListener' | 'removeEventListener', calls: Call[]) => {
      const original = target[method].bind(target);
      Object.defineProperty(target, method, {
        configurable: true,
        value: (type: string, listener: EventListener, options?: boolean | AddEventListenerOptions) => {
          if (recording || calls === removed)
            calls.push({ target, type, listener, signal: typeof options === 'object' ? options.signal : undefined });
          original(type, listener, options);
        },
      });
    };
    for (const target of [window, document]) {
      spy(target, 'addEventListener', added);
      spy(target, 'removeEventListener', removed);
    }
    try {
      await serve();
      recording = true;
      const el = mount();
      recording = false;
      await ready(el);
      el.remove();
    } finally {
      for (const target of [window, document]) {
        delete (target as { addEventListener?: unknown }).addEventListener;
        delete (target as { removeEventListener?: unknown }).removeEventListener;
      }
    }
    expect(added.map((call) => call.type)).to.include.members(['online', 'visibilitychange']);
    const left = added.filter(
      (a) => !a.signal?.aborted && !removed.some((r) => r.target === a.target && r.type === a.type && r.listener === a.listener),
    );
    expect(left.map((call) => call.type)).to.deep.equal([]);
  });

  it('cancels a pending reconnect and no longer listens to online/visibility', async () => {
    const fake = await serve({ connect: refuse });
    const el = mount({}, { backoffBase: 40, random: () => 0.99 });
    await until(() => fake.connections.length === 1 && fake.openCount() === 0, 'the refused connection');
    el.remove();
    setOnline(true);
    setVisibility('visible');
    await sleep(120);
    expect(fake.connections).to.have.length(1);
  });

  it('closes a socket that is still connecting, and its connect timer never fires', async () => {
    const fake = await serve({ connect: (conn) => conn.client.close(1000) });
    const el = mount({}, { connectTimeout: 30 });
    await until(() => fake.connections.length === 1, 'the connection');
    el.remove();
    await sleep(100);
    expect(fake.connections).to.have.length(1);
    expect(el.events).to.deep.equal([]);
  });

  it('reconnects when put back into the document, keeping its fresh list', async () => {
    const fake = await serve();
    const el = mount();
    await ready(el);
    const renders = el.renders.length;
    el.remove();
    document.body.append(el);
    await until(() => fake.connections.length === 2, 'a new connection');
    await sleep(20);
    expect(fake.openCount()).to.equal(1);
    expect(requests(fake.connections[1]!), 'no new request for a fresh list').to.have.length(0);
    expect(el.renders.slice(renders)).to.not.include('loading');
    expect(loadedFlags(el)).to.deep.equal([false]);
  });
});
