// page_timing.mjs -- where the web page's time goes before it is ready, against a blank page that
// creates a WebGL2 context and clears it, both in the same headless Chromium run (issue 11).
//
//   node scripts/page_timing.mjs [DIST_DIR] [RUNS]     (default build/web/dist, 9 runs)
//
// Serves DIST_DIR on 127.0.0.1 (no compression, no caching, like a cold first visit on a fast
// link) and loads, in turn, a blank WebGL2 page and index.html, each in a fresh browser context.
// For the app it records, from navigation start (ms):
//   js, wasm        end of the download of strideconv_app.js / .wasm (Resource Timing)
//   compile         WebAssembly.instantiate(Streaming) called .. resolved (compile + instantiate)
//   context         the WebGL2 context created (the app's main() is running)
//   font upload     the first texture upload of 64x64 or more (ImGui's font atlas, rasterised
//                   on the CPU just before)
//   first draw      the first drawElements (ImGui's first frame)
//   ready           window.strideconv.ready resolved
// and prints the medians, the gzip size of the download, and ready / blank.
// Uses playwright-core and /usr/bin/chromium like web/tests/run.mjs. A measurement, not a test.
import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repo, 'web', 'package.json'));
const { chromium } = require('playwright-core');
const dist = path.resolve(process.argv[2] || path.join(repo, 'build', 'web', 'dist'));
const runs = Number(process.argv[3] || 9);

const blankPage = `<!doctype html><html><body style="margin:0">
<canvas id="c" style="width:100vw;height:100vh;display:block"></canvas>
<script>
const gl = document.getElementById('c').getContext('webgl2');
gl.clearColor(0.12, 0.13, 0.15, 1); gl.clear(gl.COLOR_BUFFER_BIT);
requestAnimationFrame(() => { window.blankReady = performance.now(); });
</script></body></html>`;

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm' };

function serve() {
  const server = createServer(async (request, response) => {
    const urlPath = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    if (urlPath === '/__blank.html') {
      response.writeHead(200, { 'Content-Type': types['.html'], 'Cache-Control': 'no-store' });
      response.end(blankPage);
      return;
    }
    try {
      let file = path.join(dist, urlPath);
      if (!file.startsWith(dist)) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
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
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      mark('compile_start');
      return original.apply(this, args).then((result) => { mark('compile_end'); return result; });
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
const app = [];
for (let i = 0; i < runs; ++i) {
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base + '__blank.html');
    await page.waitForFunction(() => window.blankReady !== undefined);
    blank.push(await page.evaluate(() => window.blankReady));
    await context.close();
  }
  {
    const context = await browser.newContext();
    await context.addInitScript(instrument);
    const page = await context.newPage();
    await page.goto(base);
    const m = await page.evaluate(async () => {
      await window.strideconv.ready;
      const marks = { ...window.__marks, ready: performance.now() };
      for (const entry of performance.getEntriesByType('resource')) {
        if (entry.name.endsWith('strideconv_app.js')) marks.js = entry.responseEnd;
        if (entry.name.endsWith('strideconv_app.wasm')) marks.wasm = entry.responseEnd;
      }
      const nav = performance.getEntriesByType('navigation')[0];
      marks.html = nav ? nav.responseEnd : undefined;
      marks.dom_content_loaded = nav ? nav.domContentLoadedEventEnd : undefined;
      return marks;
    });
    app.push(m);
    await context.close();
  }
}
await browser.close();
server.close();

let gzipTotal = 0, rawTotal = 0;
const sizes = [];
for (const name of await readdir(dist)) {
  if (!/^(index\.html|host-api\.js|strideconv_app\.(js|wasm))$/.test(name)) continue;
  const body = await readFile(path.join(dist, name));
  const gz = gzipSync(body, { level: 9 }).length;
  rawTotal += body.length;
  gzipTotal += gz;
  sizes.push(`${name} ${(body.length / 1024).toFixed(0)} KB (gzip ${(gz / 1024).toFixed(0)} KB)`);
}

const phases = ['html', 'js', 'compile_start', 'wasm', 'compile_end', 'context', 'font_upload', 'first_draw', 'ready'];
console.log(`page timing: ${runs} runs, headless Chromium (SwiftShader WebGL), medians in ms from navigation start`);
console.log(`dist: ${dist}`);
console.log(`download: ${sizes.join(', ')}; total ${(rawTotal / 1024).toFixed(0)} KB, gzip ${(gzipTotal / 1024).toFixed(0)} KB`);
console.log(`blank WebGL2 page (context + clear + next frame): ${median(blank).toFixed(1)}`);
for (const phase of phases) console.log(`  ${phase.padEnd(14)} ${median(app.map((m) => m[phase])).toFixed(1)}`);
const ready = median(app.map((m) => m.ready));
console.log(`ready / blank = ${(ready / median(blank)).toFixed(2)} (goal <= 1.3)`);
