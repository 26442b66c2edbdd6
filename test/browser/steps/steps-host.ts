/** A small LitElement that uses the StepsController the way <kyc-signup> does, plus relay fakes for the step routes. */
import { LitElement } from 'lit';
import { http, HttpResponse } from 'msw';
import type { Country } from '../../../src/deriv/residence-list.js';
import { StepsController, type StepsPolicy } from '../../../src/steps/index.js';
import type { StepName } from '../../../src/steps/step-names.js';
import { useHandlers } from '../helpers/fake-deriv.js';

export const BACKEND = '/api/kyc/base-check';
export const SESSION = 'v1.session-token.signature';

export class StepsTestHost extends LitElement {
  steps: StepName[] = ['document', 'selfie', 'address-proof'];
  backendUrl = BACKEND;
  session = SESSION;
  country: Country | undefined;
  messages: Record<string, string> = {};
  restarts = 0;
  readonly events: { type: string; detail: any }[] = [];
  controller!: StepsController;

  override render() {
    return this.controller.render();
  }
}
customElements.define('steps-test-host', StepsTestHost);

const mounted = new Set<StepsTestHost>();

export async function mountSteps(props: Partial<StepsTestHost> = {}, policy: StepsPolicy = {}): Promise<StepsTestHost> {
  const el = document.createElement('steps-test-host') as StepsTestHost;
  Object.assign(el, props);
  el.controller = new StepsController(
    el,
    () => ({
      steps: el.steps,
      backendUrl: el.backendUrl,
      session: el.session,
      country: el.country,
      language: { ui: el.lang || 'en', dir: el.lang === 'ar' ? 'rtl' : 'ltr' },
      messages: el.messages,
      onRestart: () => el.restarts++,
    }),
    policy,
  );
  for (const type of ['step-change', 'upload-complete', 'verification-status'] as const) {
    el.addEventListener(type, (e) => el.events.push({ type, detail: e.detail }));
  }
  document.body.append(el);
  mounted.add(el);
  await el.updateComplete;
  return el;
}

export function unmountSteps(): void {
  for (const el of mounted) el.remove();
  mounted.clear();
}

export const $ = <T extends Element = HTMLElement>(el: LitElement, selector: string): T =>
  el.shadowRoot!.querySelector<T>(selector)!;

/** Chooses a file in a file input as the picker would (in this host or in <kyc-signup>). */
export async function chooseFile(el: LitElement, name: string, file: File): Promise<void> {
  const input = $<HTMLInputElement>(el, `input[name="${name}"]`);
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
  await until(() => !$(el, '[part=preview] .hint'));
  await el.updateComplete;
}

export async function until(condition: () => unknown, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`condition not met in ${ms} ms: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A small PNG drawn in the page: `width` x `height`, left half red, right half blue. */
export async function pngFile(width = 40, height = 20, name = 'photo.png'): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#f00';
  context.fillRect(0, 0, width / 2, height);
  context.fillStyle = '#00f';
  context.fillRect(width / 2, 0, width / 2, height);
  return new File([await canvas.convertToBlob({ type: 'image/png' })], name, { type: 'image/png' });
}

export const pdfFile = (name = 'bill.pdf') =>
  new File(['%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'], name, { type: 'application/pdf' });

export interface Received {
  route: string;
  authorization: string | null;
  contentType: string | null;
  fields: Record<string, string>;
  file: File | null;
}

/** The relay's step routes: records each upload and answers with `reply(route, index)` (default 200 ok). */
export function fakeRelay(reply: (route: string, index: number) => Response | Promise<Response> = () => ok()): Received[] {
  const received: Received[] = [];
  const route = (name: string) =>
    http.post(`/api/kyc/${name}`, async ({ request }) => {
      const form = await request.formData();
      const fields: Record<string, string> = {};
      let file: File | null = null;
      for (const [key, value] of form) {
        if (typeof value === 'string') fields[key] = value;
        else file = value;
      }
      received.push({
        route: name,
        authorization: request.headers.get('authorization'),
        contentType: request.headers.get('content-type'),
        fields,
        file,
      });
      return reply(name, received.length - 1);
    });
  useHandlers(route('document'), route('selfie'), route('address-proof'), answerStatus(() => pending()));
  return received;
}

export const ok = () => HttpResponse.json({ status: 'ok' });
export const relayError = (status: number, code: string) => HttpResponse.json({ status: 'error', errors: [code] }, { status });

export const pending = () => HttpResponse.json({ status: 'ok', verdict: 'pending', reasons: [] });

/** The relay's `status` route: answers with `reply(index)`, recording when (on `clock`) each poll came. */
export function answerStatus(reply: (index: number) => Response, clock?: ManualClock) {
  const times: number[] = [];
  const handler = http.get('/api/kyc/status', ({ request }) => {
    times.push(clock ? clock.now : performance.now());
    statusPolls.push({ at: times.at(-1)!, authorization: request.headers.get('authorization') });
    return reply(times.length - 1);
  });
  return handler;
}
export const statusPolls: { at: number; authorization: string | null }[] = [];

/** Timers the test moves by hand: the poll runs on this clock, not on real time. */
export class ManualClock {
  now = 0;
  private queue: { at: number; run: () => void }[] = [];
  readonly timers = {
    setTimeout: (run: () => void, ms: number) => {
      const timer = { at: this.now + ms, run };
      this.queue.push(timer);
      return timer;
    },
    clearTimeout: (handle: unknown) => {
      this.queue = this.queue.filter((timer) => timer !== handle);
    },
    now: () => this.now,
  };

  /** ms until the next timer, or null when none is set. */
  get next(): number | null {
    return this.queue.length ? Math.min(...this.queue.map((t) => t.at)) - this.now : null;
  }

  /** Moves time to the next timer and runs it. */
  fire(): void {
    const timer = this.queue.reduce((a, b) => (b.at < a.at ? b : a));
    this.queue = this.queue.filter((t) => t !== timer);
    this.now = timer.at;
    timer.run();
  }

  advance(ms: number): void {
    this.now += ms;
  }
}
