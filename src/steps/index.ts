/**
 * The verification steps after base-check: the on-demand chunk `<kyc-signup>` imports when its
 * `steps` attribute is set and base-check succeeded (or a saved journey exists at connect).
 */
export { StepsController, type StepsOptions, type StepsPolicy } from './steps-controller.js';
export { stepsStyles } from './styles.js';
export { startJourney, type JourneyOptions } from './journey.js';
export type { StepChangeDetail, UploadCompleteDetail, VerificationStatusDetail } from './events.js';
export type { StepsMessageKey, StepsMessages } from './i18n/index.js';
export type { Phase, StepName } from './step-names.js';
