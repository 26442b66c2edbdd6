/**
 * The element in headless Chromium against the local fake Deriv server: time to countries
 * against a bare WebSocket baseline, the cached mount, interaction costs, and memory and
 * sockets over 1000 mount/unmount cycles.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { recordedCountries } from '../demo/services/fake-deriv.js';
import { residenceListRequest } from '../src/deriv/residence-list.js';
import { isSafePattern } from '../src/form/safe-pattern.js';
import { derivSocketUrl } from '../src/deriv/deriv-url.js';
import { DIST_FILES, ROOT } from './lib/build.js';
import { heapAfterGc, leftovers, startSite, type Site } from './lib/site.js';
import { locator } from './lib/sourcemap.js';
import { median, quantile } from './lib/stats.js';

export interface CountriesRun {
  /** `new WebSocket` → residence select populated (element) or reply parsed (baseline). */
  socketToReady: number;
  /** Element only: `appendChild` → populated, and the reply's arrival → populated. */
  mountToReady?: number;
  replyToReady?: number;
  /** Element only: time in the update that rendered the list (willUpdate + update). */
  renderUpdate?: number;
  /** Element only: a second element mounted with the list cached, `appendChild` → populated. */
  cachedMount?: number;
  /** Element only: the same after a reload of the page (cache warm, scripts cold: the next page of a visit). */
  cachedMountAfterReload?: number;
}

export interface BrowserReport {
  replyDelayMs: number[];
  countries: Array<{ replyDelayMs: number; element: CountriesRun[]; baseline: number[]; floor: number[] }>;
  interaction: {
    keystroke: number[];
    residenceChange: number[];
    /** What the hot spots would cost done another way, in the same page (ms, one run each). */
    optionsByHand: number[];
    monthNamesPerRender: number[];
    /** A 50-character tax ID keystroke → validated + re-rendered, residence with TIN_WORST_PATTERN. */
    tinKeystroke: number[];
  };
  /** CPU self time per operation by source function (sampling profile, mapped through the source map). */
  profiles: Array<{ what: string; count: number; top: Array<{ where: string; ms: number }> }>;
  memory: {
    cycles: number;
    heapBefore: number;
    /** After the first half of the cycles: growth that stops (JIT, caches) versus growth that goes on (a leak). */
    heapMiddle: number;
    heapAfter: number;
    nodesBefore: number;
    nodesAfter: number;
    listenersBefore: number;
    listenersAfter: number;
    connections: number;
    openAtEnd: number;
    /** Objects still in the heap after the last unmount and a GC. */
    retained: { elements: number; shadowRoots: number; webSockets: number };
    seconds: number;
  };
}

// ---- page-side code (runs in Chromium) ----

/** Mounts one element; resolves with page times once its residence select has countries. */
function mountAndTime(wsUrl: string): Promise<{ appended: number; populated: number; updates: Array<{ start: number; ms: number; countries: number }> }> {
  type Host = HTMLElement & { countries: unknown[] };
  const proto = customElements.get('kyc-signup')!.prototype as Record<string, (...args: unknown[]) => unknown>;
  const updates: Array<{ start: number; ms: number; countries: number }> = [];
  // Time each update cycle's own work (willUpdate: sort, schema, check; update: render and commit).
  if (!proto.__timed) {
    for (const name of ['willUpdate', 'update'] as const) {
      const original = proto[name]!;
      proto[name] = function (this: Host, ...args: unknown[]) {
        const start = performance.now();
        const result = original.apply(this, args);
        ((window as unknown as { __updates?: typeof updates }).__updates ?? []).push({
          start,
          ms: performance.now() - start,
          countries: this.countries.length,
        });
        return result;
      };
    }
    proto.__timed = () => true;
  }
  (window as unknown as { __updates: typeof updates }).__updates = updates;
  const element = document.createElement('kyc-signup');
  element.setAttribute('backend-url', '/api/kyc/base-check');
  element.setAttribute('ws-url', wsUrl);
  return new Promise((resolve) => {
    const appended = performance.now();
    document.body.append(element);
    const root = element.shadowRoot!;
    const done = () => {
      const select = root.querySelector<HTMLSelectElement>('select[name="country_residence"]');
      if (!select || select.options.length < 2) return false;
      resolve({ appended, populated: performance.now(), updates });
      return true;
    };
    if (done()) return;
    const observer = new MutationObserver(() => done() && observer.disconnect());
    observer.observe(root, { childList: true, subtree: true });
  });
}

/** The baseline: a bare WebSocket, the same request, `JSON.parse` of the reply. */
function bareSocket([url, request]: [string, string]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const socket = new WebSocket(url);
    socket.onopen = () => socket.send(request);
    socket.onerror = () => reject(new Error('baseline socket failed'));
    socket.onmessage = (event) => {
      const reply = JSON.parse(event.data as string) as { residence_list?: unknown[] };
      const ready = performance.now();
      socket.close();
      if (!Array.isArray(reply.residence_list) || reply.residence_list.length < 200) reject(new Error('baseline: no list'));
      else resolve(ready - start);
    };
  });
}

/** Controls of the form as the element renders them by default: [name, kind, options]. */
const FORM_CONTROLS: Array<[string, 'input' | 'select', number]> = [
  ['first_name', 'input', 0], ['middle_name', 'input', 0], ['last_name', 'input', 0], ['email', 'input', 0],
  ['gender', 'select', 4], ['phone_idd', 'input', 0], ['phone', 'input', 0], ['phone2_idd', 'input', 0],
  ['phone2', 'input', 0], ['birthday_day', 'input', 0], ['birthday_month', 'select', 13], ['birthday_year', 'input', 0],
  ['country_nationality', 'select', 1], ['country_residence', 'select', 1], ['address', 'input', 0],
  ['address2', 'input', 0], ['city', 'input', 0], ['zip', 'input', 0],
];

/**
 * The fair floor: the same form (the same controls, labels and both country selects) written by
 * hand with DOM calls in a shadow root, the socket opened first, the reply checked field by field,
 * sorted with the language's collation, and ~250 options built for each select.
 */
function handBuiltForm([url, request, controls]: [string, string, Array<[string, 'input' | 'select', number]>]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const socket = new WebSocket(url);
    socket.onopen = () => socket.send(request);
    socket.onerror = () => reject(new Error('floor socket failed'));
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    const form = document.createElement('form');
    for (const [name, kind, options] of controls) {
      const field = document.createElement('div');
      const label = document.createElement('label');
      label.htmlFor = name;
      label.textContent = name.replace(/_/g, ' ');
      const control = document.createElement(kind);
      control.id = control.name = name;
      if (control instanceof HTMLSelectElement) for (let i = 0; i < options; i++) control.append(new Option(String(i), String(i)));
      const error = document.createElement('p');
      error.id = `${name}-error`;
      field.append(label, control, error);
      form.append(field);
    }
    const submit = document.createElement('button');
    submit.type = 'submit';
    submit.textContent = 'Verify my identity';
    form.append(submit);
    root.append(form);
    document.body.append(host);
    socket.onmessage = (event) => {
      const reply = JSON.parse(event.data as string) as { residence_list?: Array<Record<string, unknown>> };
      const list = (reply.residence_list ?? []).filter(
        (c) => typeof c.text === 'string' && c.text !== '' && typeof c.value === 'string' && /^[a-z]{2}$/.test(c.value),
      ) as Array<{ text: string; value: string; disabled?: string; selected?: string }>;
      const collator = new Intl.Collator('en');
      list.sort((a, b) => collator.compare(a.text, b.text));
      for (const name of ['country_nationality', 'country_residence']) {
        const select = root.querySelector<HTMLSelectElement>(`select[name="${name}"]`)!;
        const options = [new Option('Choose…', '')];
        for (const country of list) {
          const option = new Option(country.text, country.value);
          option.disabled = name === 'country_residence' && country.disabled === 'DISABLED';
          options.push(option);
        }
        select.replaceChildren(...options);
        if (name === 'country_residence') select.value = list.find((c) => c.selected === 'selected')?.value ?? '';
      }
      const ready = performance.now();
      socket.close();
      host.remove();
      if (list.length < 200) reject(new Error('floor: no list'));
      else resolve(ready - start);
    };
  });
}

// ---- runs ----

async function elementRun(site: Site): Promise<CountriesRun> {
  const { page, context } = await site.newPage();
  try {
    const first = await page.evaluate(mountAndTime, site.deriv.url);
    const socket = (await page.evaluate(() => window.__bench.sockets[0]))!;
    const listUpdate = first.updates.find((u) => u.countries > 0);
    const renderUpdate = first.updates.filter((u) => listUpdate && u.start >= listUpdate.start && u.countries > 0).slice(0, 2);
    // Second mount: the list is in sessionStorage now.
    await page.evaluate(() => document.querySelector('kyc-signup')?.remove());
    const second = await page.evaluate(mountAndTime, site.deriv.url);
    await page.reload();
    await page.evaluate(() => customElements.whenDefined('kyc-signup'));
    const reloaded = await page.evaluate(mountAndTime, site.deriv.url);
    return {
      socketToReady: first.populated - socket.created,
      mountToReady: first.populated - first.appended,
      replyToReady: first.populated - socket.firstMessage,
      renderUpdate: renderUpdate.reduce((a, u) => a + u.ms, 0),
      cachedMount: second.populated - second.appended,
      cachedMountAfterReload: reloaded.populated - reloaded.appended,
    };
  } finally {
    await context.close();
  }
}

async function baselineRun(site: Site): Promise<number> {
  const { page, context } = await site.newPage();
  try {
    const url = derivSocketUrl(site.deriv.url, '1089', 'EN');
    return await page.evaluate(bareSocket, [url, JSON.stringify({ ...residenceListRequest(), req_id: 1 })] as [string, string]);
  } finally {
    await context.close();
  }
}

async function floorRun(site: Site): Promise<number> {
  const { page, context } = await site.newPage();
  try {
    const url = derivSocketUrl(site.deriv.url, '1089', 'EN');
    return await page.evaluate(handBuiltForm, [url, JSON.stringify({ ...residenceListRequest(), req_id: 1 }), FORM_CONTROLS] as [
      string,
      string,
      typeof FORM_CONTROLS,
    ]);
  } finally {
    await context.close();
  }
}

async function interaction(site: Site, samples: number): Promise<BrowserReport['interaction']> {
  const { page, context } = await site.newPage();
  try {
    await page.evaluate(mountAndTime, site.deriv.url);
    return await page.evaluate(async (n) => {
      const element = document.querySelector('kyc-signup') as HTMLElement & { updateComplete: Promise<boolean> };
      const root = element.shadowRoot!;
      const time = async (name: string, type: string, value: (i: number) => string) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) {
          const control = root.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!;
          control.value = value(i);
          const start = performance.now();
          control.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
          await element.updateComplete;
          out.push(performance.now() - start);
        }
        return out;
      };
      const keystroke = await time('first_name', 'input', (i) => 'Anna'.slice(0, 1 + (i % 4)));
      const residenceChange = await time('country_residence', 'change', (i) => ['de', 'fr', 'br', 'jp'][i % 4]!);
      // The two selects' country options built with plain DOM calls (text only, as now).
      const countries = [...root.querySelectorAll<HTMLOptionElement>('select[name="country_residence"] option')].map((o) => [o.text, o.value]);
      const optionsByHand: number[] = [];
      const monthNamesPerRender: number[] = [];
      for (let i = 0; i < 30; i++) {
        const start = performance.now();
        for (const name of ['a', 'b']) {
          const select = document.createElement('select');
          select.name = name;
          select.append(...countries.map(([text, value]) => new Option(text, value)));
          document.body.append(select);
          select.remove();
        }
        optionsByHand.push(performance.now() - start);
        // What the month names would cost each render without the birthday view's per-language cache.
        const t = performance.now();
        const months = new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' });
        for (let m = 0; m < 12; m++) months.format(Date.UTC(2000, m, 1));
        monthNamesPerRender.push(performance.now() - t);
      }
      return { keystroke, residenceChange, optionsByHand, monthNamesPerRender, tinKeystroke: [] as number[] };
    }, samples);
  } finally {
    await context.close();
  }
}

/**
 * The worst tax ID pattern found that the safe subset still accepts: as many ways to match as it
 * allows, overlapping branches, unanchored (tried from every position).
 */
export const TIN_WORST_PATTERN = '(1|11)(1|11)(1|11)(1|11)(1|11)(1|11)(1|11)(1|11)$';

/** Keystrokes in a 50-character tax ID that almost matches TIN_WORST_PATTERN, on its own site. */
async function tinKeystroke(samples: number): Promise<number[]> {
  if (!isSafePattern(TIN_WORST_PATTERN)) throw new Error('TIN_WORST_PATTERN is refused: pick the worst accepted one');
  const bench = { text: 'Benchland', value: 'zz', phone_idd: '1', tin_format: [TIN_WORST_PATTERN] };
  const site = await startSite({ countries: [...recordedCountries(), bench] });
  try {
    const { page } = await site.newPage();
    return await page.evaluate(
      async ([wsUrl, n]) => {
        const element = document.createElement('kyc-signup') as HTMLElement & { updateComplete: Promise<boolean> };
        element.setAttribute('ws-url', wsUrl);
        element.setAttribute('fields', 'tax_identification_number');
        element.setAttribute('residence', 'zz');
        const loaded = new Promise((resolve) => element.addEventListener('countries-loaded', resolve, { once: true }));
        document.body.append(element);
        await loaded;
        await element.updateComplete;
        const input = element.shadowRoot!.querySelector<HTMLInputElement>('[name="tax_identification_number"]')!;
        const out: number[] = [];
        for (let i = 0; i < n; i++) {
          // A near miss (only the last character fails) is the slow case for a backtracking match.
          input.value = `${'1'.repeat(49)}${i % 2 ? '!' : '?'}`;
          const start = performance.now();
          input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
          await element.updateComplete;
          out.push(performance.now() - start);
        }
        return out;
      },
      [site.deriv.url, samples] as [string, number],
    );
  } finally {
    await site.close();
  }
}

async function memory(site: Site, cycles: number): Promise<BrowserReport['memory']> {
  const { page, context } = await site.newPage();
  const cdp = await context.newCDPSession(page);
  const openBefore = site.deriv.connections.length;
  const snapshot = async () => {
    const heap = await heapAfterGc(cdp);
    const dom = await cdp.send('Memory.getDOMCounters');
    return { heap, nodes: dom.nodes, listeners: dom.jsEventListeners };
  };
  try {
    const cycle = (n: number) =>
      page.evaluate(
        async ([count, wsUrl]) => {
          for (let i = 0; i < count; i++) {
            const element = document.createElement('kyc-signup');
            element.setAttribute('backend-url', '/api/kyc/base-check');
            element.setAttribute('ws-url', wsUrl);
            // Wait for the refresh from the network (the first mount of the page has no cache).
            const refreshed = new Promise<void>((resolve) =>
              element.addEventListener('countries-loaded', (e) => !(e as CustomEvent<{ fromCache: boolean }>).detail.fromCache && resolve()),
            );
            document.body.append(element);
            await refreshed;
            element.remove();
          }
        },
        [n, site.deriv.url] as [number, string],
      );
    await cycle(20);
    await page.evaluate(() => window.__bench.sleep(300));
    const before = await snapshot();
    const started = performance.now();
    await cycle(Math.floor(cycles / 2));
    const middle = await snapshot();
    await cycle(cycles - Math.floor(cycles / 2));
    const seconds = (performance.now() - started) / 1000;
    // Closes reach the server asynchronously: give them a moment.
    for (let i = 0; i < 40 && site.deriv.openConnections().length > 0; i++) await page.evaluate(() => window.__bench.sleep(50));
    const after = await snapshot();
    return {
      cycles,
      heapBefore: before.heap,
      heapMiddle: middle.heap,
      heapAfter: after.heap,
      nodesBefore: before.nodes,
      nodesAfter: after.nodes,
      listenersBefore: before.listeners,
      listenersAfter: after.listeners,
      connections: site.deriv.connections.length - openBefore,
      openAtEnd: site.deriv.openConnections().length,
      retained: await leftovers(cdp),
      seconds,
    };
  } finally {
    await cdp.detach().catch(() => {});
    await context.close();
  }
}

/** Self time by bundle function while `action` runs, per operation, top entries. */
async function profile(cdp: CDPSession, where: (line: number, column: number) => string, count: number, action: () => Promise<unknown>) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await action();
  const { profile: p } = await cdp.send('Profiler.stop');
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  (p.samples ?? []).forEach((id, i) => {
    const frame = nodes.get(id)!.callFrame;
    const key = frame.url.endsWith('/kyc-signup.js')
      ? where(frame.lineNumber, frame.columnNumber)
      : frame.url
        ? '(other scripts)'
        : `(browser) ${frame.functionName || '?'}`;
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas?.[i] ?? 0) / 1000);
  });
  self.delete('(browser) (idle)');
  self.delete('(browser) (program)');
  return [...self]
    .map(([w, ms]) => ({ where: w, ms: ms / count }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 10);
}

async function profiles(site: Site): Promise<BrowserReport['profiles']> {
  const code = readFileSync(join(ROOT, DIST_FILES[0]), 'utf8');
  const where = locator(code, JSON.parse(readFileSync(join(ROOT, `${DIST_FILES[0]}.map`), 'utf8')));
  const { page, context } = await site.newPage();
  const cdp = await context.newCDPSession(page);
  try {
    const mounts = 20;
    const keys = 300;
    await page.evaluate(mountAndTime, site.deriv.url);
    const cached = await profile(cdp, where, mounts, () =>
      page.evaluate(
        async ([n, url]) => {
          for (let i = 0; i < n; i++) {
            document.querySelector('kyc-signup')?.remove();
            const element = document.createElement('kyc-signup') as HTMLElement & { updateComplete: Promise<boolean> };
            element.setAttribute('ws-url', url);
            document.body.append(element);
            await element.updateComplete;
            await element.updateComplete;
          }
        },
        [mounts, site.deriv.url] as [number, string],
      ),
    );
    const keystrokes = await profile(cdp, where, keys, () =>
      page.evaluate(async (n) => {
        const element = document.querySelector('kyc-signup') as HTMLElement & { updateComplete: Promise<boolean> };
        const input = element.shadowRoot!.querySelector<HTMLInputElement>('[name="first_name"]')!;
        for (let i = 0; i < n; i++) {
          input.value = 'Anna'.slice(0, 1 + (i % 4));
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await element.updateComplete;
        }
      }, keys),
    );
    return [
      { what: 'cached mount', count: mounts, top: cached },
      { what: 'keystroke', count: keys, top: keystrokes },
    ];
  } finally {
    await cdp.detach().catch(() => {});
    await context.close();
  }
}

export interface BrowserOptions {
  runs?: number;
  replyDelays?: number[];
  samples?: number;
  cycles?: number;
  log?: (line: string) => void;
}

export async function measureBrowser(options: BrowserOptions = {}): Promise<BrowserReport> {
  const { runs = 15, replyDelays = [0, 100], samples = 200, cycles = 1000, log = () => {} } = options;
  const report: BrowserReport = {
    replyDelayMs: replyDelays,
    countries: [],
    interaction: { keystroke: [], residenceChange: [], optionsByHand: [], monthNamesPerRender: [], tinKeystroke: [] },
    profiles: [],
    memory: undefined as unknown as BrowserReport['memory'],
  };
  for (const replyDelayMs of replyDelays) {
    const site = await startSite({ replyDelayMs });
    try {
      log(`time to countries, reply delay ${replyDelayMs} ms: ${runs} runs each, alternating`);
      // One of each first, not measured: the browser's caches are cold.
      await elementRun(site);
      await baselineRun(site);
      await floorRun(site);
      const element: CountriesRun[] = [];
      const baseline: number[] = [];
      const floor: number[] = [];
      for (let i = 0; i < runs; i++) {
        // Rotated, so no kind always runs first or last.
        const order = [
          async () => element.push(await elementRun(site)),
          async () => baseline.push(await baselineRun(site)),
          async () => floor.push(await floorRun(site)),
        ];
        for (let k = 0; k < order.length; k++) await order[(i + k) % order.length]!();
      }
      report.countries.push({ replyDelayMs, element, baseline, floor });
      if (replyDelayMs === replyDelays[0]) {
        log(`interaction: ${samples} keystrokes, ${samples} residence changes`);
        report.interaction = await interaction(site, samples);
        log(`interaction: ${samples} tax ID keystrokes against the worst accepted pattern`);
        report.interaction.tinKeystroke = await tinKeystroke(samples);
        log('profiles: cached mounts and keystrokes');
        report.profiles = await profiles(site);
        log(`memory: ${cycles} mount/unmount cycles`);
        report.memory = await memory(site, cycles);
      }
    } finally {
      await site.close();
    }
  }
  return report;
}

export const summary = (values: number[]) => ({ median: median(values), p99: quantile(values, 0.99) });
export type { Page };
