/** A throwaway `redis-server` on a free loopback port, with nothing saved to disk. */
import { spawnSync } from 'node:child_process';
import { freePort, spawnCaptured, type Spawned } from './processes.js';

export interface RedisServer {
  url: string;
  process: Spawned;
  stop(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error(
      'redis-server was not found on PATH. The relay`s Redis store is tested against a real server: ' +
        'install Debian`s package (apt-get install redis-server); .ci/run installs it in CI.',
    );
  }
  const port = await freePort();
  const process = spawnCaptured(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', ''],
    { PATH: globalThis.process.env.PATH ?? '' },
  );
  await process.waitFor(/Ready to accept connections/i);
  return {
    url: `redis://127.0.0.1:${port}`,
    process,
    async stop() {
      if (process.child.exitCode === null) {
        process.child.kill('SIGKILL');
        await process.exited;
      }
    },
  };
}
