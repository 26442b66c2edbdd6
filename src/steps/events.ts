/** The steps' public events: details and typing in HTMLElementEventMap (fired with `emit` from src/events.ts). */
import type { Phase, StepName } from './step-names.js';
import type { Verdict } from './upload-answer.js';

export interface StepChangeDetail {
  step: Phase;
}
export interface UploadCompleteDetail {
  step: StepName;
  /** 1, except 2 for the back of a two-sided document. */
  side: 1 | 2;
}
export interface VerificationStatusDetail {
  status: Verdict;
  reasons: string[];
}

export interface StepsEventMap {
  'step-change': CustomEvent<StepChangeDetail>;
  'upload-complete': CustomEvent<UploadCompleteDetail>;
  'verification-status': CustomEvent<VerificationStatusDetail>;
}

declare global {
  interface HTMLElementEventMap extends StepsEventMap {}
}
