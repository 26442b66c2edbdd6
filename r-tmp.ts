import { connectRedisStore } from '/work/main/src/relay/redis-store.ts';
const t = Date.now();
const timer = setTimeout(() => { console.log('still pending after 8s'); process.exit(0); }, 8000);
try { await connectRedisStore('redis://127.0.0.1:1'); console.log('connected?'); } catch (e) { console.log('rejected', (e as Error).message, Date.now() - t); }
clearTimeout(timer);
