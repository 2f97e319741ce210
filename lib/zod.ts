/**
 * The one zod import for the project. zod 4 probes `new Function` for its JIT, which the MV3 CSP forbids (and web-ext
 * lint flags); jitless mode must be set before any schema parses, so every file imports `z` from here.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
