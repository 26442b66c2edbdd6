/**
 * `npm run bench`: the performance figures, each beside its baseline measured in the same run
 * (medians; ratios), printed as one summary table followed by the details, and saved as JSON
 * in bench/results.json (git-ignored). Not a test: it never fails on a missed goal.
 *
 * Environment: BENCH_QUICK=1 for a short smoke run (fewer runs, no bundle variants).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureBrowser, summary, TIN_WORST_PATTERN, type BrowserReport } from './browser.js';
import { GOAL_GZIP, measureBundle, printBundle, type BundleReport } from './bundle.js';
import { measureJourney, prepareMedian, type JourneyReport } from './journey.js';
import { buildBundle, ensureDist, ROOT } from './lib/build.js';
import { int, kb, mb, median, ms, quantile, ratio, table, verdict, type Row } from './lib/stats.js';
import { measureRelay, medianOf, type RelayReport } from './relay.js';

const quick = process.env.BENCH_QUICK === '1';
const started = performance.now();
const log = (line: string) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);

/** The floor a lit + zod/mini element cannot go under: built in this run with the same config. */
async function floors(): Promise<{ lit: number; litZod: number }> {
  const { gzipSync } = await import('node:zlib');
  const size = async (source: string) => gzipSync((await buildBundle([], source)).code, { level: 9 }).length;
  const element = `import { LitElement, html } from 'lit';
    class X extends LitElement { static properties = { n: {} }; render() { return html\`<p>\${this.n}</p>\`; } }
    customElements.define('x-floor', X);`;
  return {
    lit: await size(element),
    litZod: await size(`${element}
      import * as z from 'zod/mini'; z.config({ jitless: true });
      export const check = (v) => z.object({ a: z.string() }).safeParse(v).success;`),
  };
}

interface Results {
  date: string;
  node: string;
  machine: string;
  seconds: number;
  bundle: BundleReport & { floors: { lit: number; litZod: number } };
  browser: BrowserReport;
  relay: RelayReport;
  journey: JourneyReport;
}

function summaryTable(r: Results): string {
  const rows: Row[] = [];
  const [es, ...rest] = r.bundle.files;
  const floor = r.bundle.floors;
  rows.push(['Bundle', 'first load: dist/kyc-signup.js, gzip / brotli', `${kb(es!.gzip)} / ${kb(es!.brotli)}`, `${kb(floor.litZod)} (lit + zod/mini floor; lit alone ${kb(floor.lit)})`, ratio(es!.gzip / floor.litZod), '≤ 20 KB gzip', verdict(es!.gzip <= GOAL_GZIP)]);
  // Chunks loaded on demand and the classic script: sizes, no goal of their own.
  for (const f of rest) rows.push(['Bundle', `${f.role}: ${f.file}, gzip / brotli`, `${kb(f.gzip)} / ${kb(f.brotli)}`, '–', '–', '–', '–']);
  for (const run of r.browser.countries) {
    const element = median(run.element.map((e) => e.socketToReady));
    const base = median(run.baseline);
    const floor = median(run.floor);
    rows.push([
      'Time to countries',
      `socket → populated select, reply delay ${run.replyDelayMs} ms (n=${run.element.length})`,
      ms(element),
      `${ms(floor)} (the same form by hand-written DOM calls)`,
      ratio(element / floor),
      '≤ 1.25×',
      verdict(element / floor <= 1.25),
    ]);
    rows.push(['Time to countries', `  bare socket, reply delay ${run.replyDelayMs} ms: no form at all`, '–', `${ms(base)} (bare WebSocket + JSON.parse)`, ratio(element / base), '–', '–']);
  }
  const first = r.browser.countries[0]!;
  const pick = (key: 'mountToReady' | 'replyToReady' | 'renderUpdate' | 'cachedMount' | 'cachedMountAfterReload') =>
    median(first.element.map((e) => e[key] ?? NaN));
  rows.push(['Time to countries', 'appendChild → populated (first render, then socket)', ms(pick('mountToReady')), '–', '–', '–', '–']);
  rows.push(['Cached mount', 're-mount, list in sessionStorage: appendChild → populated', ms(pick('cachedMount')), '–', '–', '< 16 ms', verdict(pick('cachedMount') < 16)]);
  rows.push(['Cached mount', 'after a reload (cache warm, scripts cold)', ms(pick('cachedMountAfterReload')), '–', '–', '< 16 ms', verdict(pick('cachedMountAfterReload') < 16)]);
  rows.push(['Interaction', 'list reply → both selects rendered (parse, validate, cache, sort, render)', ms(pick('replyToReady')), '–', '–', '–', '–']);
  rows.push(['Interaction', '  of which the update rendering ~250 countries × 2 (willUpdate + update)', ms(pick('renderUpdate')), `${ms(median(r.browser.interaction.optionsByHand))} (same options by DOM calls)`, ratio(pick('renderUpdate') / median(r.browser.interaction.optionsByHand)), '–', '–']);
  const key = summary(r.browser.interaction.keystroke);
  const change = summary(r.browser.interaction.residenceChange);
  rows.push(['Interaction', `keystroke → validated + re-rendered, median / p99 (n=${r.browser.interaction.keystroke.length})`, `${ms(key.median)} / ${ms(key.p99)}`, '–', '–', '< 16 ms p99 *', verdict(key.p99 < 16)]);
  rows.push(['Interaction', 'residence change → re-rendered, median / p99', `${ms(change.median)} / ${ms(change.p99)}`, '–', '–', '< 16 ms p99 *', verdict(change.p99 < 16)]);
  const tin = summary(r.browser.interaction.tinKeystroke);
  rows.push(['Interaction', `50-character tax ID keystroke, worst accepted pattern ${TIN_WORST_PATTERN}, median / p99`, `${ms(tin.median)} / ${ms(tin.p99)}`, `${ms(key.median)} (a name keystroke)`, ratio(tin.median / key.median), '< 16 ms p99 *', verdict(tin.p99 < 16)]);
  const rps = medianOf(r.relay.relay, 'rps');
  const bareRps = medianOf(r.relay.bare, 'rps');
  rows.push(['Relay', `requests/s, concurrency ${r.relay.concurrency}, ${r.relay.relay.length} × ${r.relay.seconds} s`, int(rps), `${int(bareRps)} (bare node:http + fetch)`, ratio(rps / bareRps), '≥ 0.8×', verdict(rps / bareRps >= 0.8)]);
  rows.push(['Relay', 'latency p50', ms(medianOf(r.relay.relay, 'p50')), ms(medianOf(r.relay.bare, 'p50')), ratio(medianOf(r.relay.relay, 'p50') / medianOf(r.relay.bare, 'p50')), '–', '–']);
  rows.push(['Relay', 'latency p99', ms(medianOf(r.relay.relay, 'p99')), ms(medianOf(r.relay.bare, 'p99')), ratio(medianOf(r.relay.relay, 'p99') / medianOf(r.relay.bare, 'p99')), '–', '–']);
  rows.push(['Relay', 'errors (non-200 or lost)', int(r.relay.relay.reduce((a, x) => a + x.errors, 0)), int(r.relay.bare.reduce((a, x) => a + x.errors, 0)), '–', '0', verdict(r.relay.relay.every((x) => x.errors === 0))]);
  const j = r.journey;
  rows.push(['Steps', `bytes sent for a ${j.width} × ${j.height} (12 MP) photo of ${kb(j.photoBytes)}: JPEG ${j.uploadWidth} × ${j.uploadHeight}`, kb(j.uploadBytes), `${kb(j.photoBytes)} (the photo as taken)`, ratio(j.uploadBytes / j.photoBytes), 'a few hundred KB', verdict(j.uploadBytes <= 500 * 1024)]);
  rows.push(['Steps', `time to normalise it in Chromium (decode, orient, scale, encode), median of ${j.prepareMs.length}`, ms(prepareMedian(j)), '–', '–', '–', '–']);
  const m = r.browser.memory;
  const half = Math.floor(m.cycles / 2);
  const [firstHalf, secondHalf] = [m.heapMiddle - m.heapBefore, m.heapAfter - m.heapMiddle];
  rows.push([
    'Memory',
    `JS heap after GC: before → after ${half} → after ${m.cycles} mount/unmount cycles`,
    `${mb(m.heapBefore)} → ${mb(m.heapMiddle)} → ${mb(m.heapAfter)}`,
    '–',
    `+${(firstHalf / 1024).toFixed(0)} KB, then +${(secondHalf / 1024).toFixed(0)} KB (${(secondHalf / (m.cycles - half)).toFixed(0)} B/cycle)`,
    'flat (2nd half < 100 B/cycle)',
    verdict(secondHalf / (m.cycles - half) < 100),
  ]);
  rows.push(['Memory', 'DOM nodes / JS listeners, before → after', `${m.nodesBefore} → ${m.nodesAfter} / ${m.listenersBefore} → ${m.listenersAfter}`, '–', '–', 'flat', verdict(m.nodesAfter <= m.nodesBefore && m.listenersAfter <= m.listenersBefore)]);
  rows.push(['Memory', `sockets open on the fake Deriv at the end (of ${m.connections} opened)`, int(m.openAtEnd), '–', '–', '0', verdict(m.openAtEnd === 0)]);
  const kept = m.retained;
  rows.push(['Memory', 'elements / shadow roots / WebSockets still in the heap after GC', `${kept.elements} / ${kept.shadowRoots} / ${kept.webSockets}`, '–', '–', '0 / 0 / 0', verdict(kept.elements + kept.shadowRoots + kept.webSockets === 0)]);
  return `${table(['area', 'figure', 'ours (median)', 'baseline (same run)', 'ratio', 'goal', 'met?'], rows)}
* one frame at 60 Hz: our own yardstick, the issue sets no number for interaction.`;
}

function details(r: Results): string {
  const lines: string[] = [];
  lines.push(printBundle(r.bundle));
  lines.push('', 'Time to countries, per run (ms)');
  for (const run of r.browser.countries) {
    lines.push(`  reply delay ${run.replyDelayMs} ms  element: ${run.element.map((e) => e.socketToReady.toFixed(1)).join(' ')}`);
    lines.push(`  reply delay ${run.replyDelayMs} ms  baseline: ${run.baseline.map((v) => v.toFixed(1)).join(' ')}`);
    lines.push(`  reply delay ${run.replyDelayMs} ms  floor: ${run.floor.map((v) => v.toFixed(1)).join(' ')}`);
  }
  const i = r.browser.interaction;
  lines.push('', 'Hot spots, measured in the page');
  lines.push(
    table(
      ['what', 'median', 'p99'],
      [
        ['keystroke → re-rendered (now)', ms(median(i.keystroke)), ms(quantile(i.keystroke, 0.99))],
        ['  new Intl.DateTimeFormat + 12 month names (what the months cost without the per-language cache)', ms(median(i.monthNamesPerRender)), ms(quantile(i.monthNamesPerRender, 0.99))],
        ['498 country <option>s by DOM calls (new Option), both selects', ms(median(i.optionsByHand)), ms(quantile(i.optionsByHand, 0.99))],
      ],
    ),
  );
  for (const p of r.browser.profiles) {
    lines.push('', `CPU self time per ${p.what} (sampling profile of ${p.count}, mapped through the source map)`);
    lines.push(table(['where', 'ms per op'], p.top.map((t) => [t.where, ms(t.ms)])));
  }
  lines.push('', 'Relay runs');
  lines.push(
    table(
      ['run', 'relay req/s', 'relay p50', 'relay p99', 'bare req/s', 'bare p50', 'bare p99'],
      r.relay.relay.map((x, n) => {
        const b = r.relay.bare[n]!;
        return [n + 1, int(x.rps), ms(x.p50), ms(x.p99), int(b.rps), ms(b.p50), ms(b.p99)];
      }),
    ),
  );
  lines.push('', 'Relay: its own work per request, in process, without sockets (µs, median of batches)');
  lines.push(table(['step', 'µs'], r.relay.costs.map((c) => [c.step, c.us.toFixed(1)])));
  return lines.join('\n');
}

async function main(): Promise<void> {
  ensureDist(log);
  log('bundle: sizes, attribution, zod features, variants');
  const bundle = await measureBundle({ variants: !quick });
  const bundleFloors = await floors();
  log('browser: Chromium against the fake Deriv server');
  const browser = await measureBrowser({
    log,
    ...(quick ? { runs: 3, replyDelays: [0], samples: 40, cycles: 50 } : {}),
  });
  log('relay: load from a child process');
  const relay = await measureRelay({ log, ...(quick ? { seconds: 1, rounds: 1 } : {}) });
  const journey = await measureJourney({ log, runs: quick ? 3 : 7 });
  const results: Results = {
    date: new Date().toISOString(),
    node: process.version,
    machine: `${(await import('node:os')).cpus().length} cores`,
    seconds: (performance.now() - started) / 1000,
    bundle: { ...bundle, floors: bundleFloors },
    browser,
    relay,
    journey,
  };
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`npm run bench — ${results.date}, Node ${results.node}, ${results.machine}, ${results.seconds.toFixed(0)} s${quick ? ' (BENCH_QUICK)' : ''}\n`);
  console.log(summaryTable(results));
  console.log(`\n${details(results)}`);
  console.log('\nSaved: bench/results.json');
}

await main();
