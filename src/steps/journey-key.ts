/**
 * Where a verification journey is saved (sessionStorage, one per relay): the key carries the
 * resolved base-check URL. Apart from the journey store so the element can tell whether a
 * journey is saved, and load the steps to resume it, without the store's schema in its bundle.
 */
export const journeyKey = (backendUrl: string): string =>
  `kyc-signup:journey:${new URL(backendUrl, document.baseURI).href}`;

/** Whether anything is saved for this relay; the steps' journey store then reads and checks it. */
export function hasSavedJourney(backendUrl: string): boolean {
  try {
    return sessionStorage.getItem(journeyKey(backendUrl)) !== null;
  } catch {
    // Unavailable storage (or a URL that does not parse) holds no journey.
    return false;
  }
}
