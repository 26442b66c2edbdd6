/** The steps' public events: details, typing in HTMLElementEventMap, and one way to fire them. */
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

/** Fires a steps event on the host: bubbles and crosses the shadow boundary, as the contract says. */
export function emitStep<K extends keyof StepsEventMap>(target: EventTarget, name: K, detail: StepsEventMap[K]['detail']): void {
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
