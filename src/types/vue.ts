/**
 * `kyc-signup/vue`: registers `<kyc-signup>` and types it in Vue templates (`vue-tsc`, Volar).
 * Vue sets a binding as a property when the element has it, else as an attribute, and
 * `@verification-failed` listens for `verification-failed`.
 */
import '../index.js';
import type { DefineComponent } from 'vue';
import type { KycSignupHandlers, KycSignupProperties } from './framework-props.js';

/** Props of `<kyc-signup>` in a Vue template; `min-age="18"` stays an attribute, so numbers may be written as text. */
export type KycSignupVueProps = Omit<KycSignupProperties, 'minAge' | 'pingInterval'> &
  KycSignupHandlers & {
    minAge?: number | `${number}`;
    pingInterval?: number | `${number}`;
  };

declare module 'vue' {
  interface GlobalComponents {
    'kyc-signup': DefineComponent<KycSignupVueProps>;
  }
}
