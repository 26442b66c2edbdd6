// A server: the relay entry with Node's types, strict, with skipLibCheck off.
import { connectRedisStore, createRateLimiter, createRelay, startRelayServer } from 'kyc-signup/relay';

const relay = createRelay({
  sandbox: true,
  minAge: 18,
  onVerified(result, input) {
    console.log(result.user_hash, input.email);
  },
});
const response: Promise<Response> = relay(new Request('http://127.0.0.1/api/kyc/base-check'));
void response;
if (process.env.KYC_REDIS_URL) {
  const store = await connectRedisStore(process.env.KYC_REDIS_URL);
  createRateLimiter({ limit: 5, windowMs: 60_000, store });
}
await startRelayServer({ sandbox: true, port: 0 });
