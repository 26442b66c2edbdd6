import { expect, fixture, oneEvent } from '@open-wc/testing';
import '../../../src/index.js';
import { KycSignup } from '../../../src/element/kyc-signup.js';
import { serve, startMocking, resetMocking, WS_URL } from '../helpers/fake-deriv.js';

before(startMocking);
afterEach(() => {
  resetMocking();
  sessionStorage.clear();
});

async function mount(markup: string): Promise<{ container: HTMLElement; el: KycSignup }> {
  await serve();
  const loaded = oneEvent(document, 'countries-loaded');
  const container = await fixture<HTMLElement>(markup);
  const el = container.querySelector('kyc-signup')!;
  await loaded;
  await el.updateComplete;
  return { container, el };
}

const tag = (attrs = '') => `<kyc-signup backend-url="/api/kyc/base-check" ws-url="${WS_URL}" ${attrs}></kyc-signup>`;

describe('<kyc-signup> fits the page', () => {
  it('takes its colours, radius and spacing from --kyc-* custom properties', async () => {
    const { el } = await mount(
      `<div style="--kyc-color-accent: rgb(1, 2, 3); --kyc-radius: 3px; --kyc-space: 10px; --kyc-font: monospace">${tag()}</div>`,
    );
    const button = el.shadowRoot!.querySelector('button[type=submit]')!;
    const form = el.shadowRoot!.querySelector('form')!;
    expect(getComputedStyle(button).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(button).borderTopLeftRadius).to.equal('3px');
    expect(getComputedStyle(form).rowGap).to.equal('10px');
    expect(getComputedStyle(form).fontFamily).to.equal('monospace');
  });

  it('exposes the contract parts to ::part() styling', async () => {
    const style = document.createElement('style');
    style.textContent = `
      kyc-signup.themed::part(submit) { background-color: rgb(9, 8, 7); }
      kyc-signup.themed::part(input) { border-top-color: rgb(4, 5, 6); }
      kyc-signup.themed::part(label) { color: rgb(7, 7, 7); }
    `;
    document.head.append(style);
    try {
      const { el } = await mount(`<div>${tag('class="themed"')}</div>`);
      const root = el.shadowRoot!;
      expect(getComputedStyle(root.querySelector('[part=submit]')!).backgroundColor).to.equal('rgb(9, 8, 7)');
      expect(getComputedStyle(root.querySelector('[name=email]')!).borderTopColor).to.equal('rgb(4, 5, 6)');
      expect(getComputedStyle(root.querySelector('label')!).color).to.equal('rgb(7, 7, 7)');
      for (const part of ['form', 'field', 'label', 'input', 'error', 'submit', 'alert']) {
        expect(root.querySelector(`[part~="${part}"]`), part).to.exist;
      }
    } finally {
      style.remove();
    }
  });

  it('has no inline style attributes in its shadow DOM', async () => {
    const { el } = await mount(`<div>${tag()}</div>`);
    expect(el.shadowRoot!.querySelectorAll('[style]')).to.have.length(0);
  });

  it('lays fields out in one column on a 320 px phone and side by side on a desktop', async () => {
    const { container, el } = await mount(`<div style="width: 320px">${tag()}</div>`);
    const first = () => el.shadowRoot!.querySelector('[name=first_name]')!.getBoundingClientRect();
    const last = () => el.shadowRoot!.querySelector('[name=last_name]')!.getBoundingClientRect();
    expect(last().top).to.be.greaterThan(first().top);
    expect(el.getBoundingClientRect().width).to.be.at.most(320);
    container.style.width = '900px';
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(last().top).to.equal(first().top);
    expect(last().left).to.be.greaterThan(first().left);
  });

  it('registers once and tolerates being loaded twice', async () => {
    const defined = customElements.get('kyc-signup');
    expect(defined).to.equal(KycSignup);
    // A second copy of the entry module (another URL, so it really runs again) must not throw.
    await import(/* @vite-ignore */ `../../../src/index.ts?second-load=${Date.now()}`);
    expect(customElements.get('kyc-signup')).to.equal(defined);
  });

  it('sits inside a page form without submitting it', async () => {
    const { container, el } = await mount(`<form>${tag()}<button id="outer">Save page</button></form>`);
    const outer = container as HTMLFormElement;
    let outerSubmits = 0;
    outer.addEventListener('submit', (event) => {
      outerSubmits++;
      event.preventDefault();
    });
    const inner = el.shadowRoot!.querySelector('form')!;
    const innerSubmitted = new Promise((resolve) => inner.addEventListener('submit', resolve, { once: true }));
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await innerSubmitted;
    expect(outerSubmits).to.equal(0);
    // The page's own form still works, and carries none of the element's values.
    container.querySelector<HTMLButtonElement>('#outer')!.click();
    expect(outerSubmits).to.equal(1);
    expect([...new FormData(outer).keys()]).to.deep.equal([]);
  });
});
