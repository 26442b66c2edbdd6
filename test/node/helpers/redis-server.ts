/** A throwaway `redis-server` on a free loopback port, with nothing saved to disk. */
import { spawnSync } from 'node:child_process';
import { freePort, spawnCaptured, type Spawned } from './processes.js';

export interface RedisServer {
  url: string;
  process: Spawned;
  stop(): Promise<void>;
  /** Starts a new, empty server on the same port (after `stop`), as a restarted Redis would be. */
  restart(): Promise<void>;
}

async function spawnRedis(port: number): Promise<Spawned> {
  const process = spawnCaptured(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', ''],
    { PATH: globalThis.process.env.PATH ?? '' },
  );
  await process.waitFor(/Ready to accept connections/i);
  return process;
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
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    process: await spawnRedis(port),
    async stop() {
      if (server.process.child.exitCode === null) {
        server.process.child.kill('SIGKILL');
        await server.process.exited;
      }
    },
    async restart() {
      server.process = await spawnRedis(port);
    },
  };
  return server;
}
