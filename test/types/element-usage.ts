/**
 * Type test (checked by `npm run typecheck`, never run): how a page's TypeScript sees the element.
 * Every `@ts-expect-error` must stay an error, or tsc fails.
 */
import '../../src/index.js';
import type { KycSignup, VerifiedDetail } from '../../src/index.js';

const el = document.querySelector('kyc-signup');
if (el) {
  const typed: KycSignup = el;
  typed.backendUrl = '/api/kyc/base-check';
  typed.fields = ['city', 'zip'];
  typed.values = { first_name: 'Ann', gender: 1 };
  el.addEventListener('verified', (event) => {
    const detail: VerifiedDetail = event.detail;
    const hash: string = event.detail.userHash;
    void detail;
    void hash;
  });
  el.addEventListener('verification-failed', (event) => {
    const status: number | null = event.detail.status;
    const errors: string[] = event.detail.errors;
    void status;
    void errors;
  });
  el.addEventListener('countries-loaded', (event) => {
    const fromCache: boolean = event.detail.fromCache;
    const code: string = event.detail.countries[0]!.value;
    void fromCache;
    void code;
  });
  el.addEventListener('country-change', (event) => {
    const field: 'country_residence' | 'country_nationality' = event.detail.field;
    void field;
  });
  typed.steps = ['document', 'selfie', 'address-proof'];
  typed.messages = { 'steps.title.selfie': 'A selfie', 'submit.label': 'Go' };
  el.addEventListener('step-change', (event) => {
    const step: 'document' | 'selfie' | 'address-proof' | 'done' = event.detail.step;
    void step;
  });
  el.addEventListener('upload-complete', (event) => {
    const side: 1 | 2 = event.detail.side;
    void side;
  });
  el.addEventListener('verification-status', (event) => {
    const status: 'pending' | 'approved' | 'declined' | 'more-data' = event.detail.status;
    const reasons: string[] = event.detail.reasons;
    void status;
    void reasons;
  });
  // @ts-expect-error steps are the contract's step names
  typed.steps = ['passport'];
  el.addEventListener('verified', (event) => {
    // @ts-expect-error the detail has no tokens: they never reach the browser
    void event.detail.apiAccessToken;
  });
  // @ts-expect-error fields are BASIS optional field names only
  typed.fields = ['key'];
  // @ts-expect-error countries is read only
  typed.countries = [];
}

const created = document.createElement('kyc-signup');
const isElement: KycSignup = created;
void isElement;
