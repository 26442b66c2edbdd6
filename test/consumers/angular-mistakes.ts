// Deliberate template errors: ngc must refuse this file (test/e2e/consumers.test.ts checks it does).
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import 'kyc-signup';

@Component({
  selector: 'app-wrong-handler',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `<kyc-signup (verified)="onCount($event)"></kyc-signup>`,
})
export class WrongHandlerComponent {
  // The verified event is a CustomEvent<VerifiedDetail>, not a number.
  onCount(count: number): void {
    console.log(count);
  }
}

@Component({
  selector: 'app-no-schema',
  template: `<kyc-signup></kyc-signup>`,
})
export class NoSchemaComponent {}
