/**
 * Web Request and Response stand-ins that are built only when touched (as `@hono/node-server`
 * does): a class defines the members it can answer cheaply, and every other member of the web
 * class is forwarded to a real object made on first use. `instanceof` sees the web class.
 */

/** Makes `prototype` forward each member of `web.prototype` it does not define itself to `real(this)`. */
export function forwardToReal<T extends object>(prototype: object, web: { prototype: T }, real: (self: never) => T): void {
  for (const name of Reflect.ownKeys(web.prototype)) {
    if (name === 'constructor' || name === Symbol.toStringTag || Object.hasOwn(prototype, name)) continue;
    const member = Object.getOwnPropertyDescriptor(web.prototype, name)!;
    const forward =
      typeof member.value === 'function'
        ? {
            value(this: never, ...args: unknown[]) {
              const target = real(this) as Record<PropertyKey, (...args: unknown[]) => unknown>;
              return target[name]!(...args);
            },
          }
        : {
            get(this: never) {
              return (real(this) as Record<PropertyKey, unknown>)[name];
            },
          };
    Object.defineProperty(prototype, name, { ...forward, configurable: true });
  }
  Object.setPrototypeOf(prototype, web.prototype);
}
