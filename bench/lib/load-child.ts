/** The load generator's process: see load.ts. */
import { Agent, request } from 'node:http';
import { checkAnswer } from './contract.js';
import { serveParent } from './child.js';
import type { GroupResult, LoadPlan, LoadResult } from './load.js';

async function run(plan: LoadPlan): Promise<LoadResult> {
  const total = plan.groups.reduce((a, g) => a + g.concurrency, 0);
  const agents = new Map(plan.targets.map((t) => [t, new Agent({ keepAlive: true, maxSockets: total })]));
  const start = performance.now();
  const deadline = start + plan.durationMs;
  let sent = 0;
  let nextTarget = 0;
  let nextUnique = 0;

  function send(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, any>; text: string } | { lost: string }> {
    return new Promise((resolve) => {
      const req = request(url, { method: 'POST', agent: agents.get(url), headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          resolve({ lost: `response ${(e as NodeJS.ErrnoException).code ?? e.message}` });
        });
      });
      const timer = setTimeout(() => req.destroy(new Error('client timeout')), plan.timeoutMs);
      req.on('error', (e) => {
        clearTimeout(timer);
        resolve({ lost: e.message === 'client timeout' ? 'client timeout' : `socket ${(e as NodeJS.ErrnoException).code ?? e.message}` });
      });
      req.end(plan.body);
    });
  }

  const results = plan.groups.map(
    (g): GroupResult => ({
      name: g.name,
      sent: 0,
      answered: 0,
      byStatus: {},
      lost: 0,
      lostReasons: {},
      malformed: 0,
      malformedExamples: [],
      latencies: [],
      maxLatencyMs: 0,
      perAddress: {},
      byTarget: {},
    }),
  );

  async function client(groupIndex: number): Promise<void> {
    const group = plan.groups[groupIndex]!;
    const out = results[groupIndex]!;
    while (performance.now() < deadline && sent < plan.maxRequests) {
      sent++;
      out.sent++;
      const url = plan.targets[nextTarget++ % plan.targets.length]!;
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      let address: string | undefined;
      const mode = group.forwardedFor ?? 'none';
      // Documentation prefix 2001:db8::/32: header values only, never a destination.
      if (mode === 'unique') {
        const n = nextUnique++;
        address = `2001:db8:${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}::1`;
      } else if (mode !== 'none') {
        address = `2001:db8:ffff:${Math.floor((performance.now() - start) / mode.phaseMs).toString(16)}::1`;
      }
      if (address) headers['X-Forwarded-For'] = address;
      const began = performance.now();
      const answer = await send(url, headers);
      const latency = performance.now() - began;
      out.maxLatencyMs = Math.max(out.maxLatencyMs, latency);
      if ('lost' in answer) {
        out.lost++;
        out.lostReasons[answer.lost] = (out.lostReasons[answer.lost] ?? 0) + 1;
      } else {
        out.answered++;
        const key = String(answer.status);
        out.byStatus[key] = (out.byStatus[key] ?? 0) + 1;
        const perTarget = (out.byTarget[url] ??= {});
        perTarget[key] = (perTarget[key] ?? 0) + 1;
        if (plan.keepLatencies) out.latencies.push(latency);
        if (plan.checkContract) {
          const problem = checkAnswer(answer.status, answer.headers, answer.text);
          if (problem) {
            out.malformed++;
            if (out.malformedExamples.length < 5) out.malformedExamples.push(problem);
          }
        }
        if (address && mode !== 'unique') {
          const seen = (out.perAddress[address] ??= { admitted: 0, limited: 0, firstMs: began - start, lastMs: 0 });
          if (answer.status === 429) seen.limited++;
          else seen.admitted++;
          seen.lastMs = began - start;
        }
      }
      if (group.thinkMs) await new Promise((r) => setTimeout(r, Math.random() * group.thinkMs!));
    }
  }

  await Promise.all(plan.groups.flatMap((g, i) => Array.from({ length: g.concurrency }, () => client(i))));
  const elapsedMs = performance.now() - start;
  for (const agent of agents.values()) agent.destroy();
  return { elapsedMs, groups: results };
}

serveParent((plan: LoadPlan) => run(plan));
