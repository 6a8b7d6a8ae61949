// page_timing.mjs -- where the web page's time goes before it is ready, against a blank page that
// creates a WebGL2 context and clears it, both in the same headless Chromium run (issue 11).
//
//   node scripts/page_timing.mjs [DIST_DIR] [RUNS] [OTHER_DIST_DIR...]   (default build/web/dist, 9 runs)
//
// Serves DIST_DIR on 127.0.0.1 (no compression, no caching, like a cold first visit on a fast
// link) and loads, in turn, a blank WebGL2 page and index.html, each in a fresh browser context.
// Further folders (e.g. a copy of dist/ before a change) are loaded in the same rounds, one after
// the other, so all of them meet the same load on a shared machine; each gets its own figures.
// For the app it records, from navigation start (ms):
//   js, wasm        end of the download of strideconv_app.js / .wasm (Resource Timing)
//   compiled        WebAssembly.compileStreaming resolved (compiled while it downloads)
//   instantiate     WebAssembly.instantiate(Streaming) called .. resolved (the single-file page: compile too)
//   context         the WebGL2 context created (the app's main() is running)
//   font upload     the first texture upload of 64x64 or more (ImGui's font atlas, rasterised
//                   on the CPU just before)
//   first draw      the first drawElements (ImGui's first frame)
//   ready           window.strideconv.ready resolved
// and prints the medians, the gzip size of the download, and ready / blank.
// Also a floor: the blank page that also downloads and compiles the wasm (nothing else).
// Uses playwright-core and /usr/bin/chromium like web/tests/run.mjs. A measurement, not a test.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repo, 'web', 'package.json'));
const { chromium } = require('playwright-core');
const dists = [path.resolve(process.argv[2] || path.join(repo, 'build', 'web', 'dist'))]
  .concat(process.argv.slice(4).map((d) => path.resolve(d)));
const runs = Number(process.argv[3] || 9);
if (!(runs >= 1)) {
  console.error('usage: node scripts/page_timing.mjs [DIST_DIR] [RUNS] [OTHER_DIST_DIR...]');
  process.exit(2);
}

const blankPage = `<!doctype html><html><body style="margin:0">
<canvas id="c" style="width:100vw;height:100vh;display:block"></canvas>
<script>
const gl = document.getElementById('c').getContext('webgl2');
gl.clearColor(0.12, 0.13, 0.15, 1); gl.clear(gl.COLOR_BUFFER_BIT);
requestAnimationFrame(() => { window.blankReady = performance.now(); });
</script></body></html>`;

// The floor for a WebAssembly page: the blank page plus downloading and compiling the first
// folder's strideconv_app.wasm (compileStreaming, as web/host-api.js does), ready when both are done
// -- no instantiation, no main(), no font, no UI.
const floorPage = `<!doctype html><html><body style="margin:0">
<canvas id="c" style="width:100vw;height:100vh;display:block"></canvas>
<script>
const compiled = WebAssembly.compileStreaming(fetch('d0/strideconv_app.wasm'));
const gl = document.getElementById('c').getContext('webgl2');
gl.clearColor(0.12, 0.13, 0.15, 1); gl.clear(gl.COLOR_BUFFER_BIT);
compiled.then(() => requestAnimationFrame(() => { window.blankReady = performance.now(); }));
</script></body></html>`;

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm' };

// /d0/... serves the first folder, /d1/... the second, ...; every file served is counted per folder
// (the download: whatever the page fetched before it was ready).
const fetched = dists.map(() => new Set());
function serve() {
  const server = createServer(async (request, response) => {
    let urlPath = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    if (urlPath === '/__blank.html' || urlPath === '/__floor.html') {
      response.writeHead(200, { 'Content-Type': types['.html'], 'Cache-Control': 'no-store' });
      response.end(urlPath === '/__blank.html' ? blankPage : floorPage);
      return;
    }
    try {
      const match = /^\/d(\d+)(\/.*)$/.exec(urlPath);
      const index = match ? Number(match[1]) : -1;
      if (!(index >= 0 && index < dists.length)) throw new Error('no such folder');
      const dist = dists[index];
      let file = path.join(dist, match[2]);
      if (!file.startsWith(dist)) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      fetched[index].add(file);
      response.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Runs in the page before any of its scripts: timestamps around the calls that mark each phase.
function instrument() {
  const marks = (window.__marks = {});
  const mark = (name) => { if (!(name in marks)) marks[name] = performance.now(); };
  // web/host-api.js starts compileStreaming as soon as it runs; the app's JS instantiates it later.
  for (const name of ['compileStreaming', 'compile']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then((result) => { mark('compiled'); return result; });
    };
  }
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      mark('instantiate_start');
      return original.apply(this, args).then((result) => { mark('instantiate_end'); return result; });
    };
  }
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
    const context = getContext.call(this, type, ...rest);
    if (type === 'webgl2') mark('context');
    return context;
  };
  const texImage2D = WebGL2RenderingContext.prototype.texImage2D;
  WebGL2RenderingContext.prototype.texImage2D = function (...args) {
    if (typeof args[3] === 'number' && typeof args[4] === 'number' && args[3] * args[4] >= 64 * 64) mark('font_upload');
    return texImage2D.apply(this, args);
  };
  // ready: when the promise resolves, seen from the page itself (a page.evaluate arrives only after
  // the load event and a round trip, which may be later). web/host-api.js sets window.strideconv once.
  let api;
  Object.defineProperty(window, 'strideconv', {
    configurable: true,
    get() { return api; },
    set(value) {
      api = value;
      if (value && value.ready) value.ready.then(() => mark('ready'));
    },
  });
  const drawElements = WebGL2RenderingContext.prototype.drawElements;
  WebGL2RenderingContext.prototype.drawElements = function (...args) {
    mark('first_draw');
    return drawElements.apply(this, args);
  };
}

const median = (values) => {
  const v = values.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!v.length) return NaN;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};

const server = await serve();
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  chromiumSandbox: false,
  args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    '--disable-background-networking', '--disable-component-update'],
});

const blank = [];
const floor = [];
const apps = dists.map(() => []);
// One load of a reference page (the blank page or the floor) in a fresh context: its blankReady.
async function referenceTime(file) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + file);
  await page.waitForFunction(() => window.blankReady !== undefined);
  const ms = await page.evaluate(() => window.blankReady);
  await context.close();
  return ms;
}

for (let i = 0; i < runs; ++i) {
  blank.push(await referenceTime('__blank.html'));
  floor.push(await referenceTime('__floor.html'));
  for (let d = 0; d < dists.length; ++d) {
    const context = await browser.newContext();
    await context.addInitScript(instrument);
    const page = await context.newPage();
    await page.goto(`${base}d${d}/`);
    const m = await page.evaluate(async () => {
      await window.strideconv.ready;
      const marks = { ...window.__marks };
      for (const entry of performance.getEntriesByType('resource')) {
        if (entry.name.endsWith('strideconv_app.js')) marks.js = entry.responseEnd;
        if (entry.name.endsWith('strideconv_app.wasm')) marks.wasm = entry.responseEnd;
      }
      const nav = performance.getEntriesByType('navigation')[0];
      marks.html = nav ? nav.responseEnd : undefined;
      marks.dom_content_loaded = nav ? nav.domContentLoadedEventEnd : undefined;
      return marks;
    });
    apps[d].push(m);
    await context.close();
  }
}
await browser.close();
server.close();

const phases = ['html', 'js', 'wasm', 'compiled', 'instantiate_start', 'instantiate_end', 'context', 'font_upload', 'first_draw', 'ready'];
console.log(`page timing: ${runs} runs, headless Chromium (SwiftShader WebGL), medians in ms from navigation start`);
console.log(`blank WebGL2 page (context + clear + next frame): ${median(blank).toFixed(1)}`);
console.log(`blank page + compileStreaming of the first folder's wasm (the floor): ${median(floor).toFixed(1)}` +
  ` (${(median(floor) / median(blank)).toFixed(2)} x blank)`);
for (let d = 0; d < dists.length; ++d) {
  let gzipTotal = 0, rawTotal = 0;
  const sizes = [];
  for (const file of [...fetched[d]].sort()) {
    const body = await readFile(file);
    const gz = gzipSync(body, { level: 9 }).length;
    rawTotal += body.length;
    gzipTotal += gz;
    sizes.push(`${path.basename(file)} ${(body.length / 1024).toFixed(0)} KB (gzip ${(gz / 1024).toFixed(0)} KB)`);
  }
  const app = apps[d];
  console.log(`\ndist: ${dists[d]}`);
  console.log(`download (every file the page fetched): ${sizes.join(', ')}; total ${(rawTotal / 1024).toFixed(0)} KB, gzip ${(gzipTotal / 1024).toFixed(0)} KB`);
  for (const phase of phases) console.log(`  ${phase.padEnd(17)} ${median(app.map((m) => m[phase])).toFixed(1)}`);
  const ready = median(app.map((m) => m.ready));
  // Also per round (the blank page and this app loaded one after the other): steadier when the
  // machine's load changes during the run.
  const perRound = median(app.map((m, i) => m.ready / blank[i]));
  console.log(`ready / blank = ${(ready / median(blank)).toFixed(2)} (median of the rounds' ratios ${perRound.toFixed(2)}; goal <= 1.3)`);
}
