// A React 19 app in TSX: the plain element (typed by kyc-signup/react-jsx) and the component (kyc-signup/react).
import 'kyc-signup/react-jsx';
import { KycSignup } from 'kyc-signup/react';
import type { VerifiedDetail } from 'kyc-signup';

export function PlainElement({ onDone }: { onDone: (detail: VerifiedDetail) => void }) {
  return (
    <kyc-signup
      backend-url="/api/kyc/base-check"
      min-age={18}
      fields={['city', 'zip']}
      values={{ first_name: 'Ann' }}
      onverified={(event) => onDone(event.detail)}
      onverification-failed={(event) => console.log(event.detail.errors.join(), event.detail.status)}
      oncountry-change={(event) => console.log(event.detail.field)}
      steps={['document', 'selfie']}
      onstep-change={(event) => console.log(event.detail.step)}
    />
  );
}

export function Wrapped({ onDone }: { onDone: (detail: VerifiedDetail) => void }) {
  return (
    <KycSignup
      backendUrl="/api/kyc/base-check"
      minAge={18}
      values={{ first_name: 'Ann' }}
      onVerified={(event) => onDone(event.detail)}
      onCountriesLoaded={(event) => console.log(event.detail.countries.length, event.detail.fromCache)}
      onCountriesError={(event) => console.log(event.detail.code)}
      steps={['document', 'selfie', 'address-proof']}
      onStepChange={(event) => console.log(event.detail.step)}
      onUploadComplete={(event) => console.log(event.detail.step, event.detail.side)}
      onVerificationStatus={(event) => console.log(event.detail.status, event.detail.reasons.join())}
    />
  );
}

export function Mistakes() {
  return (
    <>
      {/* @ts-expect-error the verified detail carries no tokens */}
      <KycSignup backendUrl="/api" onVerified={(event) => console.log(event.detail.apiAccessToken)} />
      {/* @ts-expect-error minAge is a number */}
      <KycSignup backendUrl="/api" minAge="eighteen" />
      {/* @ts-expect-error fields are BASIS ID's optional field names */}
      <kyc-signup backend-url="/api" fields={['key']} />
      {/* @ts-expect-error steps are the contract's step names */}
      <KycSignup backendUrl="/api" steps={['passport']} />
      {/* @ts-expect-error the country-change detail has no userHash */}
      <kyc-signup backend-url="/api" oncountry-change={(event) => console.log(event.detail.userHash)} />
    </>
  );
}
