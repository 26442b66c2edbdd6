/** CountriesController against a fake Deriv: requests, replies, and every way a load can fail. */
import { expect } from '@open-wc/testing';
import { RESIDENCE_QUERY, isDisabled, tinPatterns } from '../../../src/deriv/residence-list.js';
import {
  WS_URL,
  answerError,
  answerLikeDeriv,
  neverOpen,
  recordedReply,
  refuse,
  requests,
  serve,
} from '../helpers/fake-deriv.js';
import { errored, mount, ready, sleep, status, until, useFakeDeriv, type DerivTestHost } from '../helpers/test-host.js';

useFakeDeriv();

const countries = (el: DerivTestHost) => {
  const { state } = el.controller;
  if (state.status !== 'ready') throw new Error(`not ready: ${state.status}`);
  return state.countries;
};

describe('CountriesController: loading the list', () => {
  it('connects with app_id and l, sends residence_list with a numeric req_id, and parses the real reply', async () => {
    const fake = await serve();
    const el = mount({ wsUrl: `${WS_URL}?brand=deriv`, appId: '4242', lang: 'fr' });
    expect(status(el)).to.equal('loading');
    await ready(el);

    expect(fake.connections).to.have.length(1);
    const { url } = fake.connections[0]!;
    expect(url.searchParams.get('app_id')).to.equal('4242');
    expect(url.searchParams.get('l')).to.equal('FR');
    expect(url.searchParams.get('brand')).to.equal('deriv');
    const [request] = fake.connections[0]!.received;
    expect(request).to.deep.equal({ residence_list: 1, query: RESIDENCE_QUERY, req_id: request.req_id });
    expect(Number.isInteger(request.req_id)).to.equal(true);

    const list = countries(el);
    expect(list).to.have.length(249);
    expect(list.filter(isDisabled)).to.have.length(30);
    expect(list.filter((c) => tinPatterns(c).length > 0).length).to.be.at.least(74);
    expect(list.find((c) => c.selected === 'selected')?.value).to.equal('aq');
    expect(el.events).to.deep.equal([{ type: 'countries-loaded', detail: { countries: list, fromCache: false } }]);
    expect(el.shadowRoot!.textContent).to.equal('ready');
  });

  it('matches the reply by req_id and msg_type: a frame that differs in either is ignored', async () => {
    const { residence_list: list } = await recordedReply();
    await serve({
      message(conn, frame) {
        conn.send({ msg_type: 'residence_list', req_id: frame.req_id + 1, residence_list: [list[0]] });
        conn.send({ msg_type: 'residence_list', residence_list: [list[1]] });
        conn.send({ msg_type: 'website_status', req_id: frame.req_id, residence_list: [list[2]] });
        conn.send({ msg_type: 'ping', req_id: frame.req_id, ping: 'pong' });
        answerLikeDeriv(conn, frame, list);
      },
    });
    const el = mount();
    await ready(el);
    expect(countries(el)).to.have.length(249);
    expect(el.events, 'only the matching reply is taken').to.have.length(1);
  });

  it('asks once more without query when the server refuses it (an older schema), on the same connection', async () => {
    const { residence_list: list } = await recordedReply();
    const fake = await serve({
      message: (conn, frame) =>
        frame.query ? answerError(conn, frame, 'InputValidationFailed') : answerLikeDeriv(conn, frame, list),
    });
    const el = mount();
    await ready(el);
    expect(fake.connections).to.have.length(1);
    const [first, second] = requests(fake.connections[0]!);
    expect(first).to.deep.equal({ residence_list: 1, query: RESIDENCE_QUERY, req_id: first.req_id });
    expect(second).to.deep.equal({ residence_list: 1, req_id: second.req_id });
    expect(second.req_id).to.not.equal(first.req_id);
    expect(countries(el)).to.have.length(249);
  });

  it('drops query once per run, not in a loop: a server that refuses everything ends in its error', async () => {
    const fake = await serve({ message: (conn, frame) => answerError(conn, frame, 'InputValidationFailed') });
    const el = mount({}, { maxAttempts: 2 });
    await errored(el);
    expect(el.controller.state).to.include({ code: 'InputValidationFailed' });
    const sent = fake.connections.map((conn) => requests(conn).map((frame) => 'query' in frame));
    expect(sent, 'with query once, then without it, also on the next connection').to.deep.equal([[true, false], [false]]);
  });

  it('ignores malformed frames and never throws on them', async () => {
    const { residence_list: list } = await recordedReply();
    const fake = await serve({
      message(conn, frame) {
        for (const junk of ['not json', '[]', 'null', '42', '{"req_id":"1"}', '{"error":"x","req_id":1}'])
          conn.client.send(junk);
        conn.client.send(new TextEncoder().encode('{"req_id":1}').buffer);
        setTimeout(() => answerLikeDeriv(conn, frame, list), 20);
      },
    });
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.error);
    window.addEventListener('error', onError);
    try {
      const el = mount();
      await ready(el);
      expect(countries(el)).to.have.length(249);
      expect(fake.connections).to.have.length(1);
      expect(errors).to.deep.equal([]);
    } finally {
      window.removeEventListener('error', onError);
    }
  });

  it('skips a malformed country and keeps the rest', async () => {
    const { residence_list: list } = await recordedReply();
    const broken = [{ text: 'Nowhere', value: 'NOWHERE' }, { value: 'zz' }, 7, null, { text: 'X', value: 'xx', phone_idd: 5 }];
    await serve({ message: (conn, frame) => answerLikeDeriv(conn, frame, [...broken, ...list]) });
    const el = mount();
    await ready(el);
    expect(countries(el)).to.have.length(249);
    expect(countries(el)[0]!.value).to.equal(list[0].value);
  });

  it('pings every pingInterval ms while connected, and Deriv pongs do not disturb it', async () => {
    const fake = await serve();
    const el = mount({ pingInterval: 40 });
    await ready(el);
    const start = performance.now();
    await sleep(230);
    const pings = fake.connections[0]!.received.filter((frame) => frame?.ping === 1);
    const elapsed = performance.now() - start;
    // One ping per 40 ms: about 5 by now (timers may run late on a busy machine, never early).
    expect(pings.length).to.be.within(Math.floor(elapsed / 40) - 2, Math.ceil(elapsed / 40) + 1);
    expect(pings.every((frame) => Object.keys(frame).join() === 'ping,req_id' && Number.isInteger(frame.req_id))).to.equal(true);
    expect(status(el)).to.equal('ready');
    expect(fake.connections).to.have.length(1);
  });
});

describe('CountriesController: failures and retries', () => {
  it('retries a Deriv error (RateLimit) with backoff and succeeds', async () => {
    const { residence_list: list } = await recordedReply();
    const fake = await serve({
      message: (conn, frame, index) => (index < 2 ? answerError(conn, frame, 'RateLimit') : answerLikeDeriv(conn, frame, list)),
    });
    const el = mount();
    await ready(el);
    expect(fake.connections).to.have.length(3);
    expect(el.events.map((e) => e.type)).to.deep.equal(['countries-loaded']);
  });

  it("reports Deriv's error code once the retries run out", async () => {
    const fake = await serve({ message: (conn, frame) => answerError(conn, frame, 'RateLimit') });
    const el = mount({}, { maxAttempts: 3 });
    await errored(el);
    expect(fake.connections).to.have.length(3);
    expect(el.controller.state).to.include({ status: 'error', code: 'RateLimit' });
    expect(el.events).to.have.length(1);
    expect(el.events[0]!.type).to.equal('countries-error');
    expect(el.events[0]!.detail).to.include({ code: 'RateLimit' });
    await sleep(80);
    expect(fake.connections).to.have.length(3);
  });

  it('fails at once on InvalidAppID in reply to our request: exactly one connection, no retry', async () => {
    const fake = await serve({ message: (conn, frame) => answerError(conn, frame, 'InvalidAppID') });
    const el = mount();
    await errored(el);
    await sleep(100);
    expect(fake.connections).to.have.length(1);
    expect(fake.openCount()).to.equal(0);
    expect(el.events).to.have.length(1);
    expect(el.events[0]).to.deep.include({ type: 'countries-error' });
    const detail = el.events[0]!.detail as { code: string; message: string };
    expect(detail.code).to.equal('InvalidAppID');
    expect(detail.message).to.match(/app.id/i);
  });

  it('fails at once on an unsolicited InvalidAppID (no req_id) followed by a close', async () => {
    // The fake answers an app_id it does not accept as some Deriv versions do.
    const fake = await serve();
    const el = mount({ appId: 'nope' });
    await errored(el);
    await sleep(100);
    expect(fake.connections).to.have.length(1);
    expect(el.events.map((e) => [e.type, (e.detail as { code?: string }).code])).to.deep.equal([
      ['countries-error', 'InvalidAppID'],
    ]);
  });

  it('an error without req_id concerns the whole connection: it is dropped and retried', async () => {
    const { residence_list: list } = await recordedReply();
    const fake = await serve({
      message(conn, frame, index) {
        if (index > 0) return answerLikeDeriv(conn, frame, list);
        conn.send({ msg_type: 'error', error: { code: 'RateLimit', message: 'Slow down' } });
      },
    });
    const el = mount({}, { requestTimeout: 5_000 });
    await ready(el);
    expect(fake.connections).to.have.length(2);
    expect(fake.connections[0]!.closedAt, 'dropped at once, not after the request timeout').to.be.below(
      fake.connections[0]!.openedAt + 2_000,
    );
  });

  it("counts an error without a message by its code", async () => {
    const fake = await serve({
      message: (conn, frame) => conn.send({ msg_type: 'residence_list', req_id: frame.req_id, error: { code: 'InvalidAppID' } }),
    });
    const el = mount({}, { requestTimeout: 5_000 });
    await errored(el);
    expect(el.controller.state).to.include({ code: 'InvalidAppID' });
    expect(fake.connections).to.have.length(1);
  });

  it('a ping unanswered within requestTimeout means a dead connection: it reconnects', async () => {
    const { residence_list: list } = await recordedReply();
    const fake = await serve({
      // The first connection answers the list, then never a ping.
      message: (conn, frame, index) => (index > 0 || !frame.ping) && answerLikeDeriv(conn, frame, list),
    });
    const el = mount({ pingInterval: 30 }, { requestTimeout: 60 });
    await ready(el);
    await until(() => fake.connections.length === 2, 'the reconnection');
    const first = fake.connections[0]!;
    expect(first.closedAt, 'the dead connection is closed').to.be.a('number');
    expect(first.received.filter((frame) => frame?.ping === 1).length).to.be.at.least(1);
    expect(status(el)).to.equal('ready');
    // The second connection pongs: it stays.
    await sleep(150);
    expect(fake.connections).to.have.length(2);
    expect(fake.openCount()).to.equal(1);
  });

  it('a pong counts only with the ping\'s req_id', async () => {
    const { residence_list: list } = await recordedReply();
    const fake = await serve({
      message(conn, frame, index) {
        if (index > 0 || !frame.ping) return answerLikeDeriv(conn, frame, list);
        conn.send({ echo_req: frame, msg_type: 'ping', ping: 'pong', req_id: frame.req_id + 100 });
        conn.send({ echo_req: frame, msg_type: 'ping', ping: 'pong' });
      },
    });
    const el = mount({ pingInterval: 30 }, { requestTimeout: 60 });
    await ready(el);
    await until(() => fake.connections.length === 2, 'the reconnection');
    expect(fake.connections[0]!.closedAt).to.be.a('number');
  });

  for (const pingInterval of [0, -5, 999, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`pings every 30 s when pingInterval is ${pingInterval} (never turns pings off)`, async () => {
      await serve();
      const delays: unknown[] = [];
      const original = window.setInterval;
      window.setInterval = ((handler: TimerHandler, delay?: number, ...args: unknown[]) => {
        delays.push(delay);
        return original(handler, delay, ...args);
      }) as typeof window.setInterval;
      try {
        const el = mount({ pingInterval }, { minPingInterval: 1_000 });
        await ready(el);
      } finally {
        window.setInterval = original;
      }
      expect(delays).to.deep.equal([30_000]);
    });
  }

  it('gives up on a socket that never opens after the connect timeout, then retries afresh', async () => {
    const fake = await serve({ connect: (conn, index) => index === 0 && neverOpen(conn) });
    const el = mount({}, { connectTimeout: 150 });
    await sleep(50);
    expect(fake.connections).to.have.length(1);
    expect(status(el)).to.equal('loading');
    await ready(el);
    const [first, second] = fake.connections;
    expect(first!.closedAt! - first!.openedAt).to.be.at.least(145);
    expect(first!.received).to.deep.equal([]);
    expect(requests(second!)).to.have.length(1);
  });

  it('reports ConnectTimeout when no connection ever opens', async () => {
    const fake = await serve({ connect: neverOpen });
    const el = mount({}, { connectTimeout: 30, maxAttempts: 2 });
    await errored(el);
    expect(el.controller.state).to.include({ code: 'ConnectTimeout' });
    expect(fake.connections).to.have.length(2);
    expect(fake.openCount()).to.equal(0);
  });

  it('retries an unanswered request on a fresh connection', async () => {
    const { residence_list: list } = await recordedReply();
    const fake = await serve({ message: (conn, frame, index) => index > 0 && answerLikeDeriv(conn, frame, list) });
    const el = mount({}, { requestTimeout: 80 });
    await ready(el);
    const [first, second] = fake.connections;
    expect(fake.connections).to.have.length(2);
    expect(requests(first!)).to.have.length(1);
    expect(first!.closedAt, 'the silent connection is closed').to.be.a('number');
    expect(first!.closedAt! - first!.openedAt).to.be.at.least(75);
    expect(requests(second!)).to.have.length(1);
    expect(second!.closedAt).to.equal(undefined);
  });

  it('reports RequestTimeout when no request is ever answered', async () => {
    await serve({ message: () => undefined });
    const el = mount({}, { requestTimeout: 30, maxAttempts: 2 });
    await errored(el);
    expect(el.controller.state).to.include({ code: 'RequestTimeout' });
  });

  it('reconnects after refused connections with a doubling backoff, capped at backoffMax', async () => {
    const fake = await serve({ connect: (conn, index) => index < 4 && refuse(conn) });
    // random() = 0.99: waits of 99% of 100, 200, then min(250, 400) and min(250, 800) ms.
    const el = mount({}, { backoffBase: 100, backoffMax: 250, random: () => 0.99, maxAttempts: 6 });
    await ready(el);
    const times = fake.connections.map((conn) => conn.openedAt);
    const waits = times.slice(1).map((time, i) => time - times[i]!);
    expect(waits).to.have.length(4);
    // Timers never fire early, so the lower bounds are exact; the upper ones leave room for a busy machine.
    expect(waits[0]).to.be.within(98, 190);
    expect(waits[1]).to.be.within(197, 330);
    expect(waits[2], 'capped (uncapped: 396)').to.be.within(246, 370);
    expect(waits[3], 'capped (uncapped: 792)').to.be.within(246, 370);
  });

  it('retries a connection closed before the reply (ConnectionClosed) and reports it after the last try', async () => {
    const fake = await serve({ message: (conn) => conn.client.close(1011) });
    const el = mount({}, { maxAttempts: 2 });
    await errored(el);
    expect(el.controller.state).to.include({ code: 'ConnectionClosed' });
    expect(fake.connections).to.have.length(2);
  });

  it('reports MalformedReply when the reply to our request has no usable list', async () => {
    const lists = ['x', [], [{ value: 'zz' }]];
    const fake = await serve({
      message: (conn, frame, index) =>
        conn.send({ msg_type: 'residence_list', req_id: frame.req_id, residence_list: lists[index] }),
    });
    const el = mount({}, { maxAttempts: 3 });
    await errored(el);
    expect(el.controller.state).to.include({ code: 'MalformedReply' });
    expect(fake.connections).to.have.length(3);
    expect(el.renders).not.to.include('ready');
  });

  it('gives up after maxAttempts refused connections with countries-error, and retry() starts again at once', async () => {
    let refusing = true;
    const fake = await serve({ connect: (conn) => refusing && refuse(conn) });
    const el = mount({}, { maxAttempts: 3 });
    await errored(el);
    expect(fake.connections).to.have.length(3);
    expect(el.events.map((e) => [e.type, (e.detail as { code?: string }).code])).to.deep.equal([
      ['countries-error', 'ConnectFailed'],
    ]);
    await sleep(60);
    expect(fake.connections, 'no retries after giving up').to.have.length(3);

    refusing = false;
    el.controller.retry();
    expect(status(el)).to.equal('loading');
    await until(() => fake.connections.length === 4, 'the connection retry() opens');
    await ready(el);
    expect(el.events.at(-1)!.type).to.equal('countries-loaded');
  });

  it('after an unexpected close with a list, reconnects quietly without asking again', async () => {
    const fake = await serve();
    const el = mount({ pingInterval: 20 });
    await ready(el);
    fake.connections[0]!.client.close(1001);
    await until(() => fake.connections.length === 2, 'the reconnection');
    await until(() => fake.connections[1]!.received.length > 0, 'a ping on the new connection');
    expect(status(el)).to.equal('ready');
    expect(requests(fake.connections[1]!)).to.have.length(0);
    expect(fake.connections[1]!.received[0]).to.deep.equal({ ping: 1, req_id: 1 });
    expect(el.events.map((e) => e.type)).to.deep.equal(['countries-loaded']);
  });

  it('keeps reconnecting in the background past maxAttempts while a list is shown', async () => {
    let up = true;
    const fake = await serve({ connect: (conn) => !up && refuse(conn) });
    const el = mount({}, { maxAttempts: 2 });
    await ready(el);
    up = false;
    fake.connections[0]!.client.close(1001);
    await until(() => fake.connections.length >= 5, 'several background attempts');
    expect(status(el)).to.equal('ready');
    up = true;
    await until(() => fake.openCount() === 1, 'a connection that stays up');
    expect(el.events.map((e) => e.type)).to.deep.equal(['countries-loaded']);
  });

  it('starts the backoff over after a connection has been stable for stableAfter ms', async () => {
    const fake = await serve({ connect: (conn, index) => index === 0 && refuse(conn) });
    const el = mount({}, { backoffBase: 150, backoffMax: 1000, random: () => 0.99, stableAfter: 40 });
    await ready(el);
    await sleep(60);
    const closedAt = performance.now();
    fake.connections[1]!.client.close(1001);
    await until(() => fake.connections.length === 3, 'the reconnection');
    // The first wait was 0.99 * 150 ms; without the reset this one would be 0.99 * 300 ms.
    expect(fake.connections[2]!.openedAt - closedAt).to.be.within(148, 280);
  });
});
