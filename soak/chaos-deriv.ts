/**
 * Faults for the fake Deriv server during the soak, added from outside (the server stays as the
 * demo and the tests use it): each connection's replies are delayed or replaced by garbage at
 * random, connections are dropped without a close frame, and garbage frames arrive unasked.
 */
import type { DerivConnection, FakeDerivServer } from '../demo/services/fake-deriv.js';
import { createTimers } from './timers.js';

export interface DerivChaosStats {
  connectionsSeen: number;
  repliesDelayed: number;
  repliesLate: number;
  repliesReplaced: number;
  dropped: number;
  garbageSent: number;
}

const GARBAGE = [
  'this is not JSON',
  '{"msg_type":"residence_list","req_id":1,"residence_list":"not a list"}',
  '{"msg_type":"residence_list","req_id":1,"residence_list":[{"text":"","value":"??"}]}',
  '{"msg_type":"residence_list","req_id":99999,"residence_list":[]}',
  '{"error":{"code":"RateLimit","message":"Rate limit reached"},"msg_type":"residence_list","req_id":1}',
  '[1,2,3]',
  '{"ping":"pong"',
];

export interface DerivChaos {
  stats: DerivChaosStats;
  /** Stops every fault: replies flow normally again, and replies held back are delivered now. */
  stop(): void;
}

export function startDerivChaos(deriv: FakeDerivServer, { dropEveryMs = [2_000, 5_000], garbageEveryMs = 1_500 } = {}): DerivChaos {
  const stats: DerivChaosStats = { connectionsSeen: 0, repliesDelayed: 0, repliesLate: 0, repliesReplaced: 0, dropped: 0, garbageSent: 0 };
  let running = true;
  const loops = createTimers();
  const later = loops.later;
  /** Replies held back: delivered at once on stop. */
  const held = createTimers();
  const hold = held.later;
  const random = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

  const patch = (conn: DerivConnection) => {
    stats.connectionsSeen++;
    const socket = conn.socket;
    const send = socket.send.bind(socket) as (data: string) => void;
    const deliver = (data: string) => socket.readyState === socket.OPEN && send(data);
    socket.send = ((data: string) => {
      if (!running) return deliver(data);
      const r = Math.random();
      if (r < 0.05) {
        stats.repliesReplaced++;
        deliver(random(GARBAGE)!);
      } else if (r < 0.09) {
        // Later than the element's 10 s request limit: it must give up and retry.
        stats.repliesLate++;
        hold(11_000, () => deliver(data));
      } else if (r < 0.3) {
        stats.repliesDelayed++;
        hold(200 + Math.random() * 2_800, () => deliver(data));
      } else {
        deliver(data);
      }
    }) as typeof socket.send;
  };

  // Every connection, from its first frame on: the server announces arrivals in order.
  void (async () => {
    for (let n = deriv.connections.length + 1; running; ) {
      const conn = await deriv.waitForConnection(n, 500).catch(() => undefined);
      if (!conn) continue;
      patch(conn);
      n++;
    }
  })();

  const dropLoop = () => {
    if (!running) return;
    const open = deriv.openConnections();
    const victim = random(open);
    if (victim) {
      victim.socket.terminate();
      stats.dropped++;
    }
    later(dropEveryMs[0]! + Math.random() * (dropEveryMs[1]! - dropEveryMs[0]!), dropLoop);
  };
  const garbageLoop = () => {
    if (!running) return;
    const victim = random(deriv.openConnections());
    if (victim && victim.socket.readyState === victim.socket.OPEN) {
      if (Math.random() < 0.2) victim.socket.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]), { binary: true });
      else victim.socket.send(random(GARBAGE)!);
      stats.garbageSent++;
    }
    later(garbageEveryMs * (0.5 + Math.random()), garbageLoop);
  };
  later(dropEveryMs[0]!, dropLoop);
  later(garbageEveryMs, garbageLoop);

  return {
    stats,
    stop() {
      running = false;
      loops.clear();
      held.flush();
    },
  };
}
