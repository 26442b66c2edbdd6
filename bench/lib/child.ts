/**
 * Child processes for the bench and the soak (so that load, upstream and relay do not share an
 * event loop): TypeScript modules run with tsx, spoken to over IPC. A child module calls
 * `serveParent(handler)`; the parent `spawnChild(url)` and `ask`s it. Children die with the parent.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child {
  process: ChildProcess;
  /** Sends a request and resolves with the child's answer. */
  ask<T>(message: unknown): Promise<T>;
  /** Kills it (SIGKILL after `graceMs` if it does not exit). */
  stop(graceMs?: number): Promise<void>;
}

let nextId = 1;

export function spawnChild(module: URL, execArgv: string[] = []): Child {
  const child = fork(fileURLToPath(module), [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_CHILD: '1' },
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (raw) => {
    const message = raw as { id: number; result?: unknown; error?: string };
    const entry = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) entry?.reject(new Error(message.error));
    else entry?.resolve(message.result);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    for (const entry of waiting.values()) entry.reject(new Error(`child ${module.pathname} exited (${code ?? signal})`));
    waiting.clear();
  });
  // A parent that exits takes its children along.
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  return {
    process: child,
    ask<T>(message: unknown) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, message });
      });
    },
    async stop(graceMs = 2_000) {
      process.off('exit', kill);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** In a child: answers each request with `handler`'s result; exits when the parent goes away. */
export function serveParent(handler: (message: any) => unknown): void {
  process.on('message', (raw) => {
    const { id, message } = raw as { id: number; message: unknown };
    Promise.resolve()
      .then(() => handler(message))
      .then(
        (result) => process.send?.({ id, result }),
        (error: Error) => process.send?.({ id, error: error?.stack ?? String(error) }),
      );
  });
  process.on('disconnect', () => process.exit(0));
}
