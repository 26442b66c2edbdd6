import { bootstrapApplication } from '@angular/platform-browser';
import { SignupComponent } from './angular-signup';

bootstrapApplication(SignupComponent).catch((error: unknown) => console.error(error));
