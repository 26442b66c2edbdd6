/** The relay's step routes are siblings of its base-check URL, which may be relative to the page. */
export type Route = 'document' | 'selfie' | 'address-proof' | 'status';

export function stepUrl(backendUrl: string, route: Route, base: string = document.baseURI): string {
  return new URL(route, new URL(backendUrl, base)).href;
}
