/**
 * zod, set up once for this package: without JIT. zod otherwise probes `new Function` when an
 * object schema is built, which a strict CSP (no 'unsafe-eval') reports as a violation even though
 * zod catches it. Every schema module imports `z` from here so the setting comes first.
 */
import * as z from 'zod/mini';

z.config({ jitless: true });

export { z };
