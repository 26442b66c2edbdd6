/** When to ask the relay for the verdict again: pure, so the cadence is tested without waiting. */

export interface PollSchedule {
  /** ms before the second poll. */
  first: number;
  /** Growth of the wait after each poll. */
  factor: number;
  /** Longest wait between polls, ms. */
  max: number;
  /** ms after which polling stops and the person is told the check takes longer. */
  giveUpAfter: number;
}

export const POLL_SCHEDULE: Readonly<PollSchedule> = {
  first: 5_000,
  factor: 1.5,
  max: 60_000,
  giveUpAfter: 30 * 60_000,
};

/** Wait after poll number `attempt` (0 for the first): 5 s, 7.5 s, 11.25 s, … up to 60 s. */
export function pollDelay(attempt: number, schedule: PollSchedule = POLL_SCHEDULE): number {
  // factor^attempt overflows to Infinity for large attempts; min() then clamps it.
  return Math.round(Math.min(schedule.max, schedule.first * schedule.factor ** Math.max(0, attempt)));
}
