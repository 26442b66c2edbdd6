/**
 * `npm run soak`: a bounded fault-and-load run of the relay, the element and the journey routes, side by side, for
 * SOAK_SECONDS (default 60) and then stopping by itself. Prints what was sent, what came back,
 * what was lost and memory at start and end; saves soak/results.json (git-ignored). Not a test.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDist, ROOT } from '../bench/lib/build.js';
import { int, mb, ms, table, verdict, type Row } from '../bench/lib/stats.js';
import { CHAOS } from './chaos-upstream.js';
import { soakElement, type ElementSoakReport } from './element-soak.js';
import { soakJourney, type JourneySoakReport } from './journey-soak.js';
import { CLIENT_TIMEOUT_MS, LIMIT, RELAY_TIMEOUT_MS, soakRelay, totals, type RelaySoakReport } from './relay-soak.js';

const seconds = Number(process.env.SOAK_SECONDS ?? 60);
if (!Number.isFinite(seconds) || seconds < 5 || seconds > 3_600) throw new RangeError('SOAK_SECONDS must be a number of seconds from 5 to 3600');
const started = performance.now();
const log = (line: string) => console.error(`[soak ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);

function relayTables(r: RelaySoakReport): string {
  const lines: string[] = [];
  const t = totals(r.load.groups);
  lines.push(`Relay: 2 relays (separate processes) sharing a rate limit of ${LIMIT.limit}/${LIMIT.windowMs / 1000} s in redis-server, upstream timeout ${RELAY_TIMEOUT_MS} ms, ${r.clients} clients for ${r.seconds} s, client timeout ${CLIENT_TIMEOUT_MS} ms`);
  const statuses = [...new Set(r.load.groups.flatMap((g) => Object.keys(g.byStatus)))].sort();
  lines.push(
    table(
      ['clients', 'sent', ...statuses.map((s) => `→ ${s}`), 'lost', 'malformed', 'slowest'],
      r.load.groups.map((g) => [
        `${g.name} ×${g.name.startsWith('faults') ? r.clients - 5 : 5}`,
        int(g.sent),
        ...statuses.map((s) => int(g.byStatus[s] ?? 0)),
        int(g.lost),
        int(g.malformed),
        ms(g.maxLatencyMs),
      ]),
    ),
  );
  const examples = r.load.groups.flatMap((g) => [...g.malformedExamples, ...Object.entries(g.lostReasons).map(([k, v]) => `lost: ${k} ×${v}`)]);
  if (examples.length) lines.push(...examples.map((e) => `  ! ${e}`));
  lines.push(`  requests: ${int(t.sent)} sent, ${int(t.answered)} answered, ${int(t.lost)} lost, ${int(t.malformed)} outside the contract`);
  lines.push('', 'What the upstream did (calls that reached it), and what the relay must answer for it');
  lines.push(
    table(
      ['upstream behaviour', 'calls', 'relay answers'],
      Object.keys(CHAOS).map((kind) => [kind, int(r.upstreamServed[kind] ?? 0), String(r.expected[kind])]),
    ),
  );
  lines.push('', `Shared limit: ${r.limit.addresses} client addresses, each used for ${LIMIT.phaseMs / 1000} s against both relays`);
  lines.push(
    table(
      ['relay', ...statuses.map((s) => `→ ${s}`)],
      Object.entries(r.limit.byRelay).map(([url, byStatus]) => [url.replace(/\/api.*$/, ''), ...statuses.map((s) => int(byStatus[s] ?? 0))]),
    ),
  );
  lines.push(`  past the limiter per address: max ${r.limit.maxAdmitted}, min ${r.limit.minAdmitted} (limit ${LIMIT.limit}); over the limit: ${r.limit.violations.length}`);
  lines.push('', 'Relay memory (each sample after a forced GC; the first before any load, the last after it)');
  lines.push(
    table(
      ['relay', ...r.memory[0]!.samples.map((s) => `@${s.atSeconds} s`)],
      r.memory.flatMap((m) => [
        [`${m.relay} RSS`, ...m.samples.map((s) => mb(s.rss))],
        [`${m.relay} heap used`, ...m.samples.map((s) => mb(s.heapUsed))],
      ]),
    ),
  );
  return lines.join('\n');
}

function elementTables(e: ElementSoakReport): string {
  const lines: string[] = [];
  lines.push(`Element: ${e.beforeRemoval.elements} elements (3 kept, 1 remounted every 8 s with an empty cache), pings every 1 s, ${e.seconds} s of faults`);
  lines.push(
    table(
      ['fault sent by the fake Deriv', 'count'],
      [
        ['connections (each one faulty)', int(e.chaos.connectionsSeen)],
        ['connections dropped without a close frame', int(e.chaos.dropped)],
        ['replies delayed 0.2–3 s', int(e.chaos.repliesDelayed)],
        ['replies held 11 s (past the 10 s request limit)', int(e.chaos.repliesLate)],
        ['replies replaced by garbage', int(e.chaos.repliesReplaced)],
        ['unsolicited garbage frames (text and binary)', int(e.chaos.garbageSent)],
      ],
    ),
  );
  lines.push('');
  lines.push(
    table(
      ['what was checked', 'ok', 'failed'],
      [
        [`list shown in the long-lived elements (${e.checkpoints} checkpoints; ${e.listChecks.firstLoadPending} before their first list)`, int(e.listChecks.ok), int(e.listChecks.failed)],
        ['typed values and chosen residence unchanged', int(e.valueChecks.ok), int(e.valueChecks.failed)],
        [`remounted elements with a list before their removal (median ${ms(e.churn.medianMsToList)})`, int(e.churn.populated), int(e.churn.mounted - e.churn.populated)],
      ],
    ),
  );
  lines.push(...e.valueChecks.examples.map((x) => `  ! ${x}`));
  lines.push(`  Retry clicked after countries-error: ${e.churn.retryClicks}; page errors: ${e.pageErrors.length}${e.pageErrors.length ? ` (${e.pageErrors.slice(0, 3).join('; ')})` : ''}`);
  return lines.join('\n');
}

function journeyTable(j: JourneySoakReport): string {
  const lines = [`Journey: ${j.people} people on the real relay in front of the fake BASIS ID for ${j.seconds} s, ${int(j.journeys)} whole journeys`];
  lines.push(
    table(
      ['request', 'sent', 'answered', 'lost', 'outside the contract'],
      Object.entries(j.byKind).map(([kind, c]) => [kind, int(c.sent), int(c.answered), int(c.lost), int(c.outside)]),
    ),
  );
  lines.push(...j.examples.map((x) => `  ! ${x}`));
  lines.push(`  replays the relay logged as such: ${int(j.replaysLogged)} of ${int(j.byKind['callback replay'].sent)} sent`);
  return lines.join('\n');
}

function summary(r: RelaySoakReport, e: ElementSoakReport, j: JourneySoakReport): string {
  const t = totals(r.load.groups);
  // Flat: no growth between the first sample under load (warm) and the end; the cold start is shown too.
  const warm = (m: RelaySoakReport['memory'][number]) => m.samples[Math.min(1, m.samples.length - 2)]!;
  const heapGrowth = Math.max(...r.memory.map((m) => m.samples.at(-1)!.heapUsed - warm(m).heapUsed));
  const kinds = Object.values(j.byKind);
  const [sent, answered, lost, outside] = (['sent', 'answered', 'lost', 'outside'] as const).map((k) => kinds.reduce((a, c) => a + c[k], 0)) as [number, number, number, number];
  const rows: Row[] = [
    ['Relay', 'requests sent / answered', `${int(t.sent)} / ${int(t.answered)}`, 'all answered', verdict(t.answered === t.sent)],
    ['Relay', `lost (no answer in ${CLIENT_TIMEOUT_MS / 1000} s, or reset)`, int(t.lost), '0', verdict(t.lost === 0)],
    ['Relay', 'answers outside the contract table (status, body, headers)', int(t.malformed), '0', verdict(t.malformed === 0)],
    ['Relay', `addresses over the shared limit (${LIMIT.limit} per window, both relays)`, `${r.limit.violations.length} of ${r.limit.addresses} (max ${r.limit.maxAdmitted})`, '0', verdict(r.limit.violations.length === 0 && r.limit.addresses > 0)],
    [
      'Relay',
      `heap after GC per relay: start → under load @${warm(r.memory[0]!).atSeconds} s → end`,
      r.memory.map((m) => `${mb(m.samples[0]!.heapUsed)} → ${mb(warm(m).heapUsed)} → ${mb(m.samples.at(-1)!.heapUsed)}`).join(', '),
      'flat under load (< 2 MB)',
      verdict(heapGrowth < 2 * 1024 * 1024),
    ],
    ['Relay', 'RSS, start → end', r.memory.map((m) => `${mb(m.samples[0]!.rss)} → ${mb(m.samples.at(-1)!.rss)}`).join(', '), '–', '–'],
    ['Journey', `uploads, callbacks (replays, forged) and status: sent / answered (${int(j.journeys)} journeys)`, `${int(sent)} / ${int(answered)}`, 'all answered', verdict(answered === sent && j.journeys > 0)],
    ['Journey', 'lost / outside the contract', `${int(lost)} / ${int(outside)}`, '0 / 0', verdict(lost + outside === 0)],
    ['Journey', 'callback replays answered 200 and ignored', `${int(j.replaysLogged)} of ${int(j.byKind['callback replay'].sent)}`, 'all', verdict(j.replaysLogged === j.byKind['callback replay'].sent)],
    ['Element', 'list shown at checkpoints (long-lived elements)', `${e.listChecks.ok} ok, ${e.listChecks.failed} failed`, '0 failed', verdict(e.listChecks.failed === 0 && e.listChecks.ok > 0)],
    ['Element', 'all lists shown again once the faults stopped', e.restoredAllAfterMs === null ? 'not within 20 s' : `after ${ms(e.restoredAllAfterMs)}`, 'yes', verdict(e.restoredAllAfterMs !== null)],
    ['Element', 'typed values kept', `${e.valueChecks.ok} ok, ${e.valueChecks.failed} failed`, '0 failed', verdict(e.valueChecks.failed === 0 && e.valueChecks.ok > 0)],
    ['Element', 'open connections before removal', `${e.beforeRemoval.openConnections} for ${e.beforeRemoval.elements} elements`, '≤ 1 per element', verdict(e.beforeRemoval.openConnections <= e.beforeRemoval.elements)],
    ['Element', 'pending timers before removal (most at once)', `${e.beforeRemoval.pendingTimers} (${e.beforeRemoval.maxTimers})`, '–', '–'],
    ['Element', 'after removal: open sockets / new connections / frames', `${e.afterRemoval.openConnections} / ${e.afterRemoval.newConnections} / ${e.afterRemoval.framesReceived}`, '0 / 0 / 0', verdict(e.afterRemoval.openConnections + e.afterRemoval.newConnections + e.afterRemoval.framesReceived === 0)],
    ['Element', 'after removal: pending timers', e.afterRemoval.pendingTimers.length ? e.afterRemoval.pendingTimers.join(', ') : '0', '0', verdict(e.afterRemoval.pendingTimers.length === 0)],
    ['Element', 'after removal: elements / shadow roots / WebSockets still in the heap (after GC)', `${e.afterRemoval.retained.elements} / ${e.afterRemoval.retained.shadowRoots} / ${e.afterRemoval.retained.webSockets}`, '0 / 0 / 0', verdict(e.afterRemoval.retained.elements + e.afterRemoval.retained.shadowRoots + e.afterRemoval.retained.webSockets === 0)],
    ['Element', 'page JS heap after GC: after a warm-up mount → after removing all *', `${mb(e.heap.start)} → ${mb(e.heap.end)}`, '–', '–'],
    ['Element', 'uncaught page errors', int(e.pageErrors.length), '0', verdict(e.pageErrors.length === 0)],
  ];
  return `${table(['part', 'figure', 'measured', 'goal', 'met?'], rows)}
* includes the harness (Playwright's typing runs in the same V8 heap); the same +1 MB shows with the faults off, and no element, shadow root or socket is left (row above).`;
}

async function main(): Promise<void> {
  ensureDist(log);
  log(`relay, element and journey soaks, ${seconds} s each, side by side`);
  const [relay, element, journey] = await Promise.all([soakRelay(seconds, log), soakElement(seconds, log), soakJourney(seconds, log)]);
  const total = (performance.now() - started) / 1000;
  writeFileSync(join(ROOT, 'soak', 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), seconds, total, relay, element, journey }, null, 2)}\n`);
  console.log(`npm run soak — ${new Date().toISOString()}, SOAK_SECONDS=${seconds}, ${total.toFixed(0)} s in all\n`);
  console.log(summary(relay, element, journey));
  console.log(`\n${relayTables(relay)}`);
  console.log(`\n${elementTables(element)}`);
  console.log(`\n${journeyTable(journey)}`);
  console.log('\nSaved: soak/results.json');
}

await main();
