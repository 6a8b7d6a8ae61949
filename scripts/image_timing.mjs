// image_timing.mjs -- image mode's speed in headless Chromium (issue 8's targets), measured, not
// tested: a figure to report.
//
//   node scripts/image_timing.mjs [DIST_DIR] [LOADS]      (default build/web/dist, 3 loads)
//
// For each workload the page is loaded with its link (each load a fresh browser context), image
// mode computes every route and times each 5 times, and this prints the app's own medians
// (getState().image: each route's ms, all_routes_ms = one run of all five with the shared stride-1
// conv once), the median over the loads:
//   gray1024-7x7   1024 x 1024 gray zone plate, 7x7 kernel, stride 2: route 2 must fit one 60 Hz
//                  frame (16.7 ms)
//   rgb512-3x3     512 x 512 RGB scene, 3x3 Sobel, stride 2: all five routes within 100 ms
//   rgb2048-7x7    2048 x 2048 RGB scene, 7x7 kernel (the largest work an input change can ask)
// Then, for the freezes: while the page changes its input (kernel, then stride, then size) on the
// large workloads, the longest gap between two animation frames and the long tasks (> 50 ms) the
// browser reports (PerformanceObserver 'longtask'), from the change until computing is done.
// Uses playwright-core and /usr/bin/chromium like web/tests/run.mjs (SwiftShader WebGL on the CPU).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repo, 'web', 'package.json'));
const { chromium } = require('playwright-core');
const dist = path.resolve(process.argv[2] || path.join(repo, 'build', 'web', 'dist'));
const loads = Number(process.argv[3] || 3);

const workloads = [
  ['gray1024-7x7', 'view=image&image=zoneplate&image_size=1024&color=gray&kernel=7&kernel_preset=gaussian&padding=3&stride=2'],
  ['rgb512-3x3', 'view=image&image=scene&image_size=512&kernel_preset=sobel_x&padding=1&stride=2'],
  ['rgb2048-7x7', 'view=image&image=scene&image_size=2048&kernel=7&kernel_preset=gaussian&padding=3&stride=2'],
];
// Input changes whose freezes are measured: [workload to start from, the change].
const changes = [
  ['gray1024-7x7', { kernel_preset: 'box' }],
  ['gray1024-7x7', { stride: [3, 3] }],
  ['rgb2048-7x7', { kernel_preset: 'box' }],
  ['rgb2048-7x7', { shift: [1, 1] }],
  ['rgb512-3x3', { image_size: [2048, 2048] }],
];

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm' };

function serve() {
  const server = createServer(async (request, response) => {
    try {
      let file = path.join(dist, decodeURIComponent(new URL(request.url, 'http://localhost').pathname));
      if (!file.startsWith(dist)) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      response.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
      response.end(await readFile(file));
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fixed = (v, d = 2) => (v === null || v === undefined ? '-' : Number(v).toFixed(d));

// In the page: watches frames and long tasks until image mode is done computing.
async function watch(page, change) {
  return page.evaluate(async (change) => {
    const longTasks = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
    observer.observe({ type: 'longtask', buffered: false });
    let last = performance.now(), worst = 0, framesSeen = 0;
    let running = true;
    const tick = (now) => {
      worst = Math.max(worst, now - last);
      last = now;
      framesSeen += 1;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const started = performance.now();
    if (change) window.strideconv.setState(change);
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const s = window.strideconv.getState();
      if (s.image && !s.image.computing && s.image.height) break;
      if (performance.now() - started > 240000) break;
    }
    running = false;
    observer.disconnect();
    return { worst, framesSeen, longTasks, seconds: (performance.now() - started) / 1000, state: window.strideconv.getState() };
  }, change);
}

async function main() {
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}/index.html`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    chromiumSandbox: false,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update'],
  });
  const open = async (query) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${base}?${query}`);
    await page.evaluate(() => window.strideconv.ready);
    return { context, page };
  };
  try {
    console.log(`image mode in headless Chromium (${await browser.version()}), ${loads} load(s) per workload; medians (ms)`);
    console.log('workload       route1   route2   route3   route4   route5   all five  route 2 vs 1');
    for (const [name, query] of workloads) {
      const perLoad = [];
      for (let k = 0; k < loads; ++k) {
        const { context, page } = await open(query);
        const { state } = await watch(page, null);
        perLoad.push(state.image);
        await context.close();
      }
      const route = (i) => median(perLoad.map((im) => im.routes[i].ms));
      const all = median(perLoad.map((im) => im.all_routes_ms));
      const im = perLoad[0];
      console.log(`${name.padEnd(13)} ${[0, 1, 2, 3, 4].map((i) => fixed(route(i)).padStart(8)).join(' ')} ${fixed(all).padStart(9)}` +
        `  ${(im.routes[0].macs / im.routes[1].macs).toFixed(1)}x fewer MACs, ${(route(0) / route(1)).toFixed(1)}x faster`);
    }
    console.log('\ninput change (from workload)             longest frame gap   long tasks > 50 ms   done after');
    for (const [from, change] of changes) {
      const { context, page } = await open(workloads.find((w) => w[0] === from)[1]);
      await watch(page, null);  // the first computation, not measured
      const r = await watch(page, change);
      const label = `${JSON.stringify(change)} (${from})`;
      console.log(`${label.padEnd(40)} ${fixed(r.worst, 1).padStart(10)} ms   ${String(r.longTasks.length).padStart(4)}` +
        `${r.longTasks.length ? ` (max ${fixed(Math.max(...r.longTasks), 0)} ms)` : ''}`.padEnd(22) + `${fixed(r.seconds, 1)} s`);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
