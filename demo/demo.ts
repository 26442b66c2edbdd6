/**
 * The demo page's own code: a log of the element's events (names and safe summaries only:
 * never what the person typed), the `verified` detail, and the theme and language switches.
 * `?theme=dark&lang=ar` in the URL opens the page in that state.
 */
import type { KycSignupEventMap } from '../src/index.js';
import { clearJourney } from '../src/steps/journey-store.js';

type EventName = keyof KycSignupEventMap;

const THEMES = ['light', 'dark', 'brand'] as const;
const LANGS = ['en', 'de', 'es', 'fr', 'pt', 'ru', 'zh', 'ar'] as const;
const MAX_LOG = 50;

/** What the log shows for each event: codes, counts and ids, nothing personal. */
const SUMMARIES: { [K in EventName]: (detail: KycSignupEventMap[K]['detail']) => string } = {
  verified: (d) => `user ${d.userId}, hash ${d.userHash.slice(0, 10)}…`,
  'verification-failed': (d) => `${d.status === null ? 'no answer' : `HTTP ${d.status}`}: ${d.errors.join(', ')}`,
  'countries-loaded': (d) => `${d.countries.length} countries${d.fromCache ? ' (from the session cache)' : ''}`,
  'countries-error': (d) => `${d.code}: ${d.message}`,
  'country-change': (d) => `${d.field === 'country_residence' ? 'residence' : 'nationality'} changed`,
  'step-change': (d) => (d.step === 'done' ? 'every file is in: checking' : `step ${d.step}`),
  'upload-complete': (d) => `${d.step}${d.step === 'document' ? (d.side === 1 ? ', front' : ', back') : ''} accepted`,
  'verification-status': (d) => `${d.status}${d.reasons.length ? `: ${d.reasons.join(', ')}` : ''}`,
};

const $ = <T extends Element>(selector: string): T => {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`demo: ${selector} is missing from the page`);
  return found;
};

const log = $<HTMLOListElement>('#log');
const verified = $<HTMLPreElement>('#verified');
const again = $<HTMLButtonElement>('#again');
const settings = $<HTMLFormElement>('#settings');
const langSelect = $<HTMLSelectElement>('#lang');

const signup = (): HTMLElement => $('kyc-signup');

function addLogEntry(name: EventName, summary: string): void {
  const item = document.createElement('li');
  item.dataset.event = name;
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString([], { hour12: false });
  const label = document.createElement('code');
  label.textContent = name;
  const text = document.createElement('span');
  text.textContent = summary;
  item.append(time, label, text);
  log.prepend(item);
  while (log.children.length > MAX_LOG) log.lastElementChild?.remove();
}

for (const name of Object.keys(SUMMARIES) as EventName[]) {
  // The events bubble out of the shadow root (composed), so one listener on the document sees them.
  document.addEventListener(name, (event) => {
    const detail = (event as CustomEvent).detail;
    addLogEntry(name, (SUMMARIES[name] as (d: unknown) => string)(detail));
    if (name === 'verified') {
      verified.textContent = JSON.stringify(detail, null, 2);
      again.hidden = false;
    }
  });
}

// A fresh element (same attributes) for the next person, not resuming this person's steps.
again.addEventListener('click', () => {
  const current = signup();
  clearJourney(current.getAttribute('backend-url') ?? '');
  current.replaceWith(current.cloneNode(false));
  verified.textContent = 'Nobody yet.';
  again.hidden = true;
});

function apply(theme: string, lang: string): void {
  document.documentElement.dataset.theme = theme;
  signup().setAttribute('lang', lang);
  const url = new URL(location.href);
  url.searchParams.set('theme', theme);
  url.searchParams.set('lang', lang);
  history.replaceState(null, '', url);
}

function current(): { theme: string; lang: string } {
  const data = new FormData(settings);
  return { theme: String(data.get('theme') ?? 'light'), lang: String(data.get('lang') ?? 'en') };
}

settings.addEventListener('change', () => {
  const { theme, lang } = current();
  apply(theme, lang);
});

// Initial state from the URL.
const params = new URL(location.href).searchParams;
const theme = (THEMES as readonly string[]).includes(params.get('theme') ?? '') ? params.get('theme')! : 'light';
const lang = (LANGS as readonly string[]).includes(params.get('lang') ?? '') ? params.get('lang')! : 'en';
settings.querySelector<HTMLInputElement>(`input[name=theme][value=${theme}]`)!.checked = true;
langSelect.value = lang;
apply(theme, lang);

// Which services this page talks to (the server marks it on <body>).
const { deriv, relay } = document.body.dataset;
if (deriv && relay) {
  $('#services').textContent =
    `Countries: ${deriv === 'local' ? 'a local Deriv-compatible server (recorded list)' : 'the live Deriv API'}. ` +
    `Checks: the relay at /api/kyc/base-check, ${relay === 'sandbox' ? 'in sandbox mode (no BASIS ID call, no key)' : 'calling BASIS ID'}.`;
}
