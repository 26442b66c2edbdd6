/** The verification steps after base-check, in the order they run; small enough for the main bundle. */
export const STEP_NAMES = ['document', 'selfie', 'address-proof'] as const;
export type StepName = (typeof STEP_NAMES)[number];
/** Where a journey is: a step, or `done` once every file is in and the verdict is awaited. */
export type Phase = StepName | 'done';

/** The `steps` attribute: known names only, always in the contract's order, each once. */
export function parseSteps(value: string | null | undefined): StepName[] {
  const asked = new Set((value ?? '').split(/\s+/));
  return STEP_NAMES.filter((name) => asked.has(name));
}
