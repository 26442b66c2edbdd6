/**
 * `kyc-signup/react-jsx`: registers `<kyc-signup>` and types it in React 19 TSX. React 19 sets
 * a prop as a property when the element (already defined) has it, else as an attribute, and
 * turns `on<name>` into a listener for the event `<name>` exactly as written: so event props
 * are lower case (`onverified`, `onverification-failed`), and `onVerified` would listen for
 * an event that never fires.
 */
import '../index.js';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { KycSignupEventMap } from '../events.js';
import type { KycSignup } from '../element/kyc-signup.js';
import type { KycSignupAttributes, KycSignupProperties } from './framework-props.js';

/** `onverified`, `onverification-failed`, ...: React 19's listener props for the element's events. */
export type KycSignupReactListeners = {
  [E in keyof KycSignupEventMap as `on${E}`]?: (event: KycSignupEventMap[E]) => void;
};

/** Props of `<kyc-signup>` in React 19 TSX. */
export type KycSignupJsxProps = DetailedHTMLProps<HTMLAttributes<KycSignup>, KycSignup> &
  KycSignupProperties &
  KycSignupAttributes &
  KycSignupReactListeners;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'kyc-signup': KycSignupJsxProps;
    }
  }
}
