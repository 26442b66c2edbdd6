/**
 * `createRelay(options)`: the web-standard handler that checks a browser's form, adds the
 * secret BASIS ID key server side and forwards it, answering with the contract's table.
 */
import { createRelayCore, type RelayContext } from './relay-core.js';
import type { RelayOptions } from './options.js';

export type { RelayContext };

export type RelayHandler = (request: Request, context?: RelayContext) => Promise<Response>;

export function createRelay(options: RelayOptions): RelayHandler {
  return createRelayCore(options).handle;
}
