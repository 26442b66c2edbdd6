/** Why the country list could not be loaded: a stable code and an English message for developers. */
export interface DerivFailure {
  code: string;
  message: string;
}

const MESSAGES: Record<string, string> = {
  InvalidAppID: 'Deriv rejected the app_id; check the app-id attribute.',
  InvalidURL: 'The Deriv WebSocket URL is not valid; check the ws-url attribute.',
  ConnectTimeout: 'The country service did not answer in time.',
  ConnectFailed: 'Could not connect to the country service.',
  ConnectionClosed: 'The connection to the country service closed before the list arrived.',
  RequestTimeout: 'The country service did not send the country list in time.',
  MalformedReply: 'The country service sent a reply that could not be read.',
  Offline: 'The browser is offline.',
  RateLimit: 'The country service is busy (rate limit reached).',
};

/** The failure a code stands for: the code travels alone until an error is shown. */
export function derivFailure(code: string): DerivFailure {
  // Deriv's own message is localised by `l`; we keep developer-facing messages in English.
  return { code, message: MESSAGES[code] ?? `The country service answered with an error (${code}).` };
}

/** Failures that retrying cannot fix: they end the attempt at once. */
export const isFatal = (code: string): boolean => code === 'InvalidAppID' || code === 'InvalidURL';
