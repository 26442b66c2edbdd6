/**
 * `kyc-signup/react`: `<KycSignup>`, a React component around the element (made with
 * `@lit/react`). It registers the element before React renders it, sets every prop as a
 * property, and maps `onVerified`-style props to the element's events, so none of React 19's
 * custom-element rules (lower-case event props, properties only once defined) apply.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { KycSignup as KycSignupElement } from './index.js';
import type { KycSignupEventMap } from './events.js';
import type { HandlerName } from './types/framework-props.js';

const event = <E extends keyof KycSignupEventMap>(name: E) => name as EventName<KycSignupEventMap[E]>;

const events = {
  onVerified: event('verified'),
  onVerificationFailed: event('verification-failed'),
  onCountriesLoaded: event('countries-loaded'),
  onCountriesError: event('countries-error'),
  onCountryChange: event('country-change'),
  onStepChange: event('step-change'),
  onUploadComplete: event('upload-complete'),
  onVerificationStatus: event('verification-status'),
} satisfies { [E in keyof KycSignupEventMap as HandlerName<E>]: EventName<KycSignupEventMap[E]> };

export const KycSignup = createComponent({
  react: React,
  tagName: 'kyc-signup',
  elementClass: KycSignupElement,
  events,
  displayName: 'KycSignup',
});

/** The props of `<KycSignup>`. */
export type KycSignupProps = React.ComponentProps<typeof KycSignup>;
export type * from './events.js';
