import type { ReactiveControllerHost } from 'lit';

/** A host without rendering that counts the updates its controllers ask for. */
export function countingHost(): ReactiveControllerHost & { updates: number } {
  const host = {
    updates: 0,
    addController: () => {},
    removeController: () => {},
    requestUpdate: () => void host.updates++,
    updateComplete: Promise.resolve(true),
  };
  return host;
}
