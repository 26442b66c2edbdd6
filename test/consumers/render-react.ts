// The page the end-to-end test builds with vite: <KycSignup> from kyc-signup/react, rendered by React 19.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { KycSignup } from 'kyc-signup/react';
import type { VerifiedDetail } from 'kyc-signup';

declare global {
  interface Window {
    kycConfig: { backendUrl: string; wsUrl: string };
    verifiedDetails: VerifiedDetail[];
  }
}

window.verifiedDetails = [];
createRoot(document.getElementById('root')!).render(
  createElement(KycSignup, {
    ...window.kycConfig,
    fields: ['middle_name', 'gender', 'address', 'city', 'zip'],
    minAge: 18,
    values: { first_name: 'Anna' },
    onVerified: (event) => window.verifiedDetails.push(event.detail),
  }),
);
