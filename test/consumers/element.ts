// A plain TypeScript page: the element's types, strict, with skipLibCheck off.
import 'kyc-signup';
import type { KycSignup, VerifiedDetail } from 'kyc-signup';
import { checkBaseCheck } from 'kyc-signup/schema';

const el: KycSignup = document.createElement('kyc-signup');
el.backendUrl = '/api/kyc/base-check';
el.fields = ['city', 'zip'];
el.values = { first_name: 'Ann', gender: 1 };
el.addEventListener('verified', (event) => {
  const detail: VerifiedDetail = event.detail;
  console.log(detail.userHash);
});
// @ts-expect-error fields are BASIS ID's optional field names
el.fields = ['key'];
console.log(checkBaseCheck({ first_name: 'Ann' }).ok);
