// An Angular standalone component: the element through CUSTOM_ELEMENTS_SCHEMA, with strict templates.
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import 'kyc-signup';
import type { OptionalField, VerifiedDetail } from 'kyc-signup';

@Component({
  selector: 'app-signup',
  // Angular does not know custom elements: the schema lets <kyc-signup> and its bindings through.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <kyc-signup
      [attr.backend-url]="backendUrl"
      [attr.min-age]="minAge"
      [fields]="fields"
      (verified)="onVerified($event)"
      (verification-failed)="errors = $event.detail.errors"
    ></kyc-signup>
    @if (verified) {
      <p>Welcome, user {{ verified.userId }}.</p>
    }
  `,
})
export class SignupComponent {
  backendUrl = '/api/kyc/base-check';
  minAge = 18;
  fields: OptionalField[] = ['city', 'zip'];
  verified: VerifiedDetail | undefined;
  errors: string[] = [];

  // Strict templates type `$event` from the element's typed events: CustomEvent<VerifiedDetail>.
  onVerified(event: CustomEvent<VerifiedDetail>): void {
    this.verified = event.detail;
  }
}
