// run.mjs -- browser tests for the web build: serves build/web/dist on 127.0.0.1 and drives Debian's
// /usr/bin/chromium through playwright-core (no browser download, no other dependency).
//
//   node web/tests/run.mjs [DIST_DIR] [FILTER]   (default: build/web/dist; FILTER: run only tests
//                                                 whose name contains it)
//
// Every test gets a fresh browser context and page, except the tests of a group ({ group: 'name' }),
// which share one page and navigate it (three times faster than a fresh context: the link tests).
// Any console error, uncaught page error or request to an origin other than the test servers'
// fails that test. The last line is always "browser: N passed, M failed"; the exit status is
// non-zero on failure.
// Add a test with test('what it checks', async ({ open }) => { const page = await open('?query'); ... }).
// Two servers run: `base` serves DIST_DIR (the app's origin); `otherBase` is another origin (another
// port) serving the same files plus the pages a test puts into `hostPages` (iframe hosts).
//
// [SECTION] Static servers
// [SECTION] Helpers
// [SECTION] Tests: loading, state, keyboard, playback
// [SECTION] Tests: links (URL round trip of every parameter, the link corpus, hostile URLs)
// [SECTION] Tests: embedding (embed=1, postMessage from another origin, focus in an iframe)
// [SECTION] Tests: export (PNG, WebM), requests, examples, single file, version and notices
// [SECTION] Tests: image mode (routes, shift, the user's own pictures, bad files)
// [SECTION] Tests: touch (taps, drags) on phone-sized screens
// [SECTION] Tests: screen readers and keyboards (the HTML mirror, web/mirror.js)
// [SECTION] Tests: output values against PyTorch (tests/golden/cases.json)
// [SECTION] Tests: the transposed convolution (issue 12)
// [SECTION] Tests: faults (WebGL context loss, Content-Security-Policy, memory, background tab, postMessage fuzzing)
// [SECTION] Runner

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.resolve(process.argv[2] || path.join(repo, 'build', 'web', 'dist'));
const filter = process.argv[3] || '';
const READY_TIMEOUT_MS = 20000;
const TEST_TIMEOUT_MS = 90000;

// [SECTION] Static servers ---------------------------------------------------------------------

const contentTypes = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.ico': 'image/x-icon',
};

function serve(root, pages = new Map()) {
  // Hostile-URL tests load URLs of 50 KB; Node's default header limit is 16 KB.
  const server = createServer({ maxHeaderSize: 1 << 20 }, async (request, response) => {
    try {
      const urlPath = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
      if (pages.has(urlPath)) {
        response.writeHead(200, { 'Content-Type': contentTypes['.html'], 'Cache-Control': 'no-store' });
        response.end(pages.get(urlPath));
        return;
      }
      let file = path.join(root, urlPath);
      if (!file.startsWith(root)) throw new Error('outside root');
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, {
        'Content-Type': contentTypes[path.extname(file)] || 'application/octet-stream',
        'Cache-Control': 'no-store',
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// [SECTION] Helpers ----------------------------------------------------------------------------

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Polls `probe` (async, returns a value or a falsy one) until it returns something truthy.
async function until(probe, what, timeout = 10000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// Waits for window.strideconv.ready (resolved by the app's first frame), then a few more frames:
// ImGui sizes auto-fitting windows during their first frame and shows them from the second.
// `target` is a Page or a Frame (an app inside an iframe).
async function waitForApp(target) {
  const ready = await target.evaluate((timeout) => Promise.race([
    new Promise((resolve) => {
      const poll = () => (window.strideconv && window.strideconv.ready
        ? window.strideconv.ready.then(() => resolve(true)) : setTimeout(poll, 50));
      poll();
    }),
    new Promise((resolve) => setTimeout(() => resolve(false), timeout)),
  ]), READY_TIMEOUT_MS);
  assert(ready, `window.strideconv.ready did not resolve within ${READY_TIMEOUT_MS} ms`);
  await frames(target, 3);
}

function frames(target, n) {
  return target.evaluate((count) => new Promise((resolve) => {
    let left = count;
    const step = () => (--left > 0 ? requestAnimationFrame(step) : resolve());
    requestAnimationFrame(step);
  }), n);
}

// Number of distinct colours in a PNG, decoded by the browser itself (no image library needed);
// with `region` ({x, y, width, height} as fractions of the image) only that part is counted.
async function imageInfo(page, png, region = null) {
  return page.evaluate(async ({ base64, region }) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const r = region || { x: 0, y: 0, width: 1, height: 1 };
    const x0 = Math.floor(r.x * image.width), y0 = Math.floor(r.y * image.height);
    const w = Math.max(1, Math.floor(r.width * image.width)), h = Math.max(1, Math.floor(r.height * image.height));
    const pixels = context.getImageData(x0, y0, w, h).data;
    const colours = new Set();
    for (let i = 0; i < pixels.length && colours.size < 1000; i += 4)
      colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
    return { width: image.width, height: image.height, colours: colours.size };
  }, { base64: png.toString('base64'), region });
}

async function distinctColours(page, png, region = null) {
  return (await imageInfo(page, png, region)).colours;
}

// Fraction of pixels that differ between two same-sized PNGs inside `region` (fractions).
async function differingFraction(page, pngA, pngB, region) {
  return page.evaluate(async ({ a, b, region }) => {
    const load = async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const x0 = Math.floor(region.x * image.width), y0 = Math.floor(region.y * image.height);
      return context.getImageData(x0, y0, Math.floor(region.width * image.width),
        Math.floor(region.height * image.height)).data;
    };
    const [pa, pb] = await Promise.all([load(a), load(b)]);
    let differ = 0;
    for (let i = 0; i < pa.length; i += 4)
      if (pa[i] !== pb[i] || pa[i + 1] !== pb[i + 1] || pa[i + 2] !== pb[i + 2]) differ += 1;
    return differ / (pa.length / 4);
  }, { a: pngA.toString('base64'), b: pngB.toString('base64'), region });
}

const getState = (target) => target.evaluate(() => window.strideconv.getState());

// The app takes each key press as an event (platform/main.cpp's GLFW key callback) and applies it
// at its next frame, so a press of any length counts once. `app` is the page or frame it runs in;
// two of its frames later the press has been applied.
async function pressKey(page, key, app = page) {
  await page.keyboard.press(key);
  await frames(app, 2);
}

// Distinct colours on the app's canvas, read back in the page right after the app drew a frame
// (a WebGL canvas can be read until the frame is presented). Much faster than a screenshot.
function canvasColours(target) {
  return target.evaluate(() => new Promise((resolve) => {
    // The second callback is queued after the app's own, so it runs just after the app drew.
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const source = document.getElementById('canvas');
      const copy = new OffscreenCanvas(source.width, source.height);
      const context = copy.getContext('2d');
      context.drawImage(source, 0, 0);
      const pixels = context.getImageData(0, 0, source.width, source.height).data;
      const colours = new Set();
      for (let i = 0; i < pixels.length && colours.size < 1000; i += 4)
        colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
      resolve(colours.size);
    }));
  }));
}

// Clicks an empty spot of the app (right of the grids, below the output map): no cell, no button.
async function clickEmptySpot(page, selector = '#canvas') {
  const box = await page.locator(selector).boundingBox();
  await page.mouse.click(box.x + box.width * 0.9, box.y + box.height * 0.55);
}

// Resolves with the query the app writes with its next state change.
async function nextStateQuery(page) {
  await page.evaluate(() => {
    window.__nextQuery = new Promise((resolve) => window.addEventListener('strideconv:state',
      (event) => resolve(event.detail.query), { once: true }));
  });
  return () => page.evaluate(() => Promise.race([window.__nextQuery,
    new Promise((_, reject) => setTimeout(() => reject(new Error('no strideconv:state event')), 5000))]));
}

// [SECTION] Tests: loading, state, keyboard, playback ------------------------------------------

const tests = [];
function test(name, body, options = {}) {
  tests.push({ name, body, options });
}

test('app loads and resolves window.strideconv.ready', async ({ open }) => {
  const page = await open();
  assert(await page.evaluate(() => typeof window.Module === 'object'), 'Module is not defined');
  const status = await page.$eval('#status', (element) => ({ text: element.textContent, error: element.className }));
  assert(status.error !== 'error', `the page shows an error: ${status.text}`);
});

test('canvas fills the window and is drawn', async ({ page, open }) => {
  await open();
  const canvas = await page.$('#canvas');
  assert(canvas, 'no <canvas id="canvas">');
  const box = await canvas.boundingBox();
  const viewport = page.viewportSize();
  assert(box && Math.abs(box.width - viewport.width) <= 1 && Math.abs(box.height - viewport.height) <= 1,
    `canvas is ${box && box.width}x${box && box.height}, window is ${viewport.width}x${viewport.height}`);
  const colours = await distinctColours(page, await canvas.screenshot());
  assert(colours > 1, 'the canvas screenshot is a single colour');
});

test('canvas backing store follows devicePixelRatio', async ({ page, open }) => {
  await open();
  const size = await page.$eval('#canvas', (canvas) => ({
    width: canvas.width, height: canvas.height,
    expectedWidth: Math.round(canvas.getBoundingClientRect().width * devicePixelRatio),
    expectedHeight: Math.round(canvas.getBoundingClientRect().height * devicePixelRatio),
  }));
  assert(Math.abs(size.width - size.expectedWidth) <= 1 && Math.abs(size.height - size.expectedHeight) <= 1,
    `canvas is ${size.width}x${size.height}, expected ${size.expectedWidth}x${size.expectedHeight}`);
}, { deviceScaleFactor: 2 });

test('canvas follows a window as large as the screen (F11, kiosk) without asking for fullscreen',
  async ({ page, open, consoleMessages }) => {
    await open();
    const size = await page.$eval('#canvas', (canvas) => [canvas.width, canvas.height]);
    assert(same(size, [700, 450]), `canvas backing store is ${size}, the window 700x450`);
    const fullscreen = consoleMessages.filter((m) => /fullscreen/i.test(m.text));
    assert(fullscreen.length === 0, `console: ${fullscreen.map((m) => m.text).join('; ')}`);
  }, { viewport: { width: 700, height: 450 }, screen: { width: 700, height: 450 } });

test('getState has the documented shape', async ({ open }) => {
  const page = await open('?lesson=seed-stride2');
  const s = await getState(page);
  const pairs = ['input', 'kernel', 'stride', 'dilation', 'output', 'compare_stride'];
  for (const key of pairs)
    assert(Array.isArray(s[key]) && s[key].length === 2 && s[key].every(Number.isInteger), `${key}: ${JSON.stringify(s[key])}`);
  assert(Array.isArray(s.padding) && s.padding.length === 4 && s.padding.every(Number.isInteger), `padding: ${s.padding}`);
  assert(typeof s.padding_mode === 'string', `padding_mode: ${s.padding_mode}`);
  assert(Number.isInteger(s.step) && Number.isInteger(s.steps), `step ${s.step}, steps ${s.steps}`);
  assert(Array.isArray(s.x) && s.x.length === 25 && Array.isArray(s.w) && s.w.length === 9, 'x has 25 values, w 9');
  assert(Array.isArray(s.notices) && s.notices.length === 0, `notices: ${JSON.stringify(s.notices)}`);
  assert(typeof s.playing === 'boolean' && typeof s.embed === 'boolean', 'playing and embed are booleans');
  assert(same(s.input, [5, 5]) && same(s.stride, [2, 2]) && same(s.output, [2, 2]) && s.steps === 4,
    `seed-stride2 is 5x5 stride 2 -> 2x2 in 4 steps: ${JSON.stringify(s)}`);
  assert(s.macs === 36 && s.macs_stride1 === 81 && s.error === null, `macs ${s.macs}/${s.macs_stride1}, error ${s.error}`);
});

test('keyboard on the focused canvas: arrows, Home, End, Space', async ({ page, open }) => {
  await open('?lesson=seed-stride1');
  await page.focus('#canvas');
  assert(await page.evaluate(() => document.activeElement.id === 'canvas'), 'the canvas did not take focus');
  const steps = (await getState(page)).steps;
  const expect = async (key, step, playing) => {
    await pressKey(page, key);
    const s = await getState(page);
    assert(s.step === step && s.playing === playing,
      `after ${key}: step ${s.step} playing ${s.playing}, expected step ${step} playing ${playing}`);
  };
  await expect('ArrowRight', 1, false);
  await expect('ArrowRight', 2, false);
  await expect('ArrowLeft', 1, false);
  await expect('End', steps - 1, false);
  await expect('ArrowRight', steps - 1, false);  // the last step stays the last
  await expect('Home', 0, false);
  await expect('ArrowLeft', 0, false);
  await pressKey(page, ' ');
  assert((await getState(page)).playing === true, 'Space did not start playback');
  await pressKey(page, ' ');
  assert((await getState(page)).playing === false, 'Space did not pause playback');
});

test('keyboard zoom on the focused canvas: ] and [ step the zoom, 0 fits; the page itself never zooms', async ({ page, open }) => {
  await open('?view=stack&preset=resnet50');
  await page.focus('#canvas');
  const expect = async (key, zoom) => {
    await pressKey(page, key);
    const s = await getState(page);
    assert(s.zoom === zoom, `after ${key}: zoom ${s.zoom}, expected ${zoom}`);
  };
  await expect(']', 125);
  await expect(']', 150);
  await expect('[', 125);
  await expect('0', 100);
  await expect('[', 100);  // already fitted
  assert((await page.evaluate(() => window.visualViewport ? window.visualViewport.scale : 1)) === 1, 'the page zoomed');
  assert((await getState(page)).view === 'stack', 'the keys changed the view');
});

test('clicking the canvas focuses it', async ({ page, open }) => {
  await open('?lesson=seed-stride1');
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  const before = await getState(page);
  await clickEmptySpot(page);
  await frames(page, 3);
  assert(await page.evaluate(() => document.activeElement.id === 'canvas'), 'the click did not focus the canvas');
  assert(same(await getState(page), before), 'a click on an empty spot changed the state');
  await pressKey(page, 'ArrowRight');
  assert((await getState(page)).step === 1, 'ArrowRight after the click did not step');
});

test('play advances the steps over time; pause stops them', async ({ page, open }) => {
  await open('?lesson=seed-stride1');
  await page.evaluate(() => { strideconv.setSpeed(8); strideconv.play(); });
  await until(async () => (await getState(page)).step >= 2, 'two steps of playback', 5000);
  let s = await getState(page);
  assert(s.playing, 'not playing while it advances');
  await page.evaluate(() => strideconv.pause());
  s = await getState(page);
  await sleep(400);
  const later = await getState(page);
  assert(!later.playing && later.step === s.step, `paused at ${s.step}, then ${later.step} (playing ${later.playing})`);
  // Played to the end, playback stops on the last step.
  await page.evaluate(() => { strideconv.setSpeed(20); strideconv.play(); });
  await until(async () => { const t = await getState(page); return !t.playing && t.step === t.steps - 1; },
    'playback to stop on the last step', 5000);
});

// [SECTION] Tests: links (URL round trip of every parameter, the link corpus, hostile URLs) ---------------------

// Every URL parameter (src/teach/url.hpp): loading ?query shows in getState as `expect` says, with
// no notice; after a state change the address bar holds exactly the query the app wrote; loading
// that address again reproduces getState exactly.
const x25 = Array.from({ length: 25 }, (_, k) => (k % 7) - 2.5);
const w9 = [0.5, -1, 2, 0, 1.25, -3, 4, 0, 1];
const roundTrips = [
  ['input', 'input=7x6', { input: [7, 6] }],
  ['kernel', 'kernel=2x3', { kernel: [2, 3] }],
  ['stride', 'stride=2x3', { stride: [2, 3] }],
  ['padding (T,B,L,R)', 'padding=1,0,2,1', { padding: [1, 0, 2, 1], padding_preset: 'custom' }],
  ['padding (same)', 'padding=same', { padding: [1, 1, 1, 1], padding_preset: 'same' }],
  ['custom_padding', 'padding=valid&custom_padding=2', { padding_preset: 'valid', padding: [0, 0, 0, 0] },
    { queryHas: 'custom_padding=2' }],
  ['padding_mode', 'padding=1&padding_mode=reflect', { padding_mode: 'reflect', padding: [1, 1, 1, 1] }],
  ['dilation', 'dilation=2', { dilation: [2, 2], output: [1, 1] }],
  ['values', 'values=checker', { values: 'checker' }],
  ['values (random:SEED)', 'values=random:42', { values: 'random:42' }],
  ['seed', 'values=random&seed=7', { values: 'random:7' }],
  ['x', `x=${x25.join(',')}`, { values: 'custom', x: x25 }],
  ['kernel_preset', 'kernel_preset=sobel_x', { kernel_preset: 'sobel_x' }],
  ['w', `w=${w9.join(',')}`, { kernel_preset: 'custom', w: w9 }],
  ['op', 'op=max_pool2d', { op: 'max_pool2d' }],
  ['ceil_mode', 'op=max_pool2d&stride=2&input=6&ceil_mode=1', { ceil_mode: true, output: [3, 3] }],
  ['count_include_pad', 'op=avg_pool2d&padding=1&count_include_pad=0', { op: 'avg_pool2d', count_include_pad: false }],
  ['bias', 'bias=0.5', { bias: 0.5 }],
  ['step', 'step=3', { step: 3 }],
  ['view', 'view=compare', { view: 'compare' }],
  ['compare_stride', 'view=compare&compare_stride=3', { compare_stride: [3, 3] }],
  ['theme', 'theme=light', { theme: 'light' }],
  ['palette', 'palette=colorblind', { palette: 'colorblind' }],
  ['embed', 'embed=1', { embed: true }],
  ['large_text', 'large_text=1', { large_text: true }],
  ['zoom', 'zoom=200', { zoom: 200 }],
  ['lesson (and an override)', 'lesson=dropped&stride=3', { lesson: 'dropped', input: [6, 6], stride: [3, 3] }],
  ['in the hash', '#stride=2&input=6', { stride: [2, 2], input: [6, 6] }],
  // Image mode's parameters (view=image itself is covered by the image-mode tests: its timings differ
  // between two loads, so the whole-state comparison below cannot hold for it).
  ['image', 'image=scene', { image_source: 'scene', image: null }],
  ['image (a photo)', 'image=photo:brick', { image_source: 'photo:brick' }],
  ['image_size', 'image_size=64x96', { image_size: [64, 96] }],
  ['color', 'color=gray', { color: 'gray' }],
  ['routes', 'routes=stride,blurpool', { routes: ['stride', 'blurpool'] }],
  ['shift', 'stride=3&shift=2x1', { shift: [2, 1] }],
  ['blur', 'blur=5', { blur: 5 }],
  // conv_transpose2d (issue 12).
  ['op (conv_transpose2d) and output_padding', 'op=conv_transpose2d&stride=2&output_padding=1',
    { op: 'conv_transpose2d', output_padding: [1, 1], output: [12, 12], overlap: { min: 0, max: 4 } }],
  ['transposed_view', 'op=conv_transpose2d&stride=2&transposed_view=overlap', { transposed_view: 'overlap' }],
  // Channels and groups.
  ['in_channels, out_channels, groups', 'in_channels=4&out_channels=8&groups=4',
    { in_channels: 4, out_channels: 8, groups: 4, channel: [0, 0], params: 80, macs: 648 }],
  ['channel', 'in_channels=6&out_channels=4&groups=2&channel=3,5', { channel: [3, 5], groups: 2 }],
  // Languages (issue 10).
  ['lang', 'lang=de', { lang: 'de' }],
  ['lang with a lesson', 'lesson=dropped&lang=fr', { lang: 'fr', lesson: 'dropped' }],
];

for (const [name, query, expect, extra = {}] of roundTrips) {
  test(`URL round trip: ${name}`, async ({ page, open }) => {
    const start = query.startsWith('#') ? query : `?${query}`;
    await open(start);
    const loaded = await getState(page);
    for (const [key, value] of Object.entries(expect))
      assert(same(loaded[key], value), `?${query}: ${key} is ${JSON.stringify(loaded[key])}, expected ${JSON.stringify(value)}`);
    assert(loaded.notices.length === 0, `?${query} raised notices: ${loaded.notices.join(' | ')}`);

    // A state change: one step (back on the last step; the theme for a one-step walk), then the
    // address bar follows.
    const written = await nextStateQuery(page);
    await page.evaluate(() => {
      const s = strideconv.getState();
      if (s.steps > 1) strideconv.step(s.step < s.steps - 1 ? 1 : -1);
      else strideconv.setState({ theme: s.theme === 'dark' ? 'light' : 'dark' });
    });
    const query2 = await written();
    const expected = query2 ? `?${query2}` : '';
    await until(() => page.evaluate((want) => location.search === want && !location.hash, expected),
      `location.search to become ${expected}`, 3000);
    if (extra.queryHas) assert(query2.includes(extra.queryHas), `the app wrote ${query2}, without ${extra.queryHas}`);
    const changed = await getState(page);

    // The written address reproduces the state exactly.
    await page.goto(await page.evaluate(() => location.href));
    await waitForApp(page);
    const reloaded = await getState(page);
    assert(same(reloaded, changed), `reloading ${expected} gives\n${JSON.stringify(reloaded)}\nnot\n${JSON.stringify(changed)}`);
  }, { group: 'links' });
}

// The link corpus (tests/links/corpus.jsonl): links made by earlier releases open, through the real
// page, the state they opened when recorded (the members recorded, and as many notices).
// tests/link_corpus_test.cpp checks the same records against the codec natively and under node.
const corpus = (await readFile(path.join(repo, 'tests', 'links', 'corpus.jsonl'), 'utf8'))
  .split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));
// Equal as the app holds them: numbers as floats, so how getState() prints a number does not matter.
const sameAsFloats = (a, b) => JSON.stringify(a, (k, v) => (typeof v === 'number' ? Math.fround(v) : v)) ===
  JSON.stringify(b, (k, v) => (typeof v === 'number' ? Math.fround(v) : v));
// A recorded object names the members it had when recorded; getState() may hold more now (the
// network view adds its layers to getState().stack while view=stack), as tests/link_corpus_test.cpp
// allows too. Returns the path of the first recorded member that differs, or ''.
function differsFromRecorded(actual, recorded, where) {
  if (recorded && typeof recorded === 'object' && !Array.isArray(recorded)) {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return where;
    for (const [key, value] of Object.entries(recorded)) {
      const differs = differsFromRecorded(actual[key], value, `${where}.${key}`);
      if (differs) return differs;
    }
    return '';
  }
  return sameAsFloats(actual, recorded) ? '' : where;
}
for (const record of corpus) {
  test(`link corpus: ${record.link || '(no query)'}`, async ({ page, open }) => {
    assert(record.state, `${record.link}: no recorded state (see tests/links/README.md)`);
    await open(record.link);
    const s = await getState(page);
    for (const [key, value] of Object.entries(record.state)) {
      const differs = differsFromRecorded(s[key], value, key);
      const valueAt = (object) => differs.split('.').reduce((o, k) => (o == null ? o : o[k]), object);
      assert(!differs, `${record.link} (${record.why}): ${differs} is ${String(JSON.stringify(valueAt(s))).slice(0, 160)}, recorded ${String(JSON.stringify(valueAt(record.state))).slice(0, 160)}`);
    }
    assert(s.notices.length === record.notices, `${record.link}: ${s.notices.length} notices, recorded ${record.notices}: ${s.notices.join(' | ')}`);
  }, { group: 'links' });
}

// Hostile or broken links: each one leaves the app running (ready, getState, a drawn canvas, no
// page error). `notice: true`: the app must say (getState().notices) that it changed something.
const longList = Array.from({ length: 20000 }, (_, k) => k % 10).join(',');
const hostileUrls = [
  ['?input=-5', true],
  ['?input=99999999999999999999x99999999999999999999', true],
  ['?input=NaN', true],
  ['?kernel=0', true],
  ['?kernel=1e308', true],
  ['?stride=0x0', true],
  ['?stride=Infinity', true],
  ['?dilation=100', true],
  ['?padding=-3', true],
  ['?padding=1,2,3', true],
  ['?padding_mode=evil', true],
  ['?values=random:-1', true],
  ['?x=1e39,NaN,-inf,0x10', true],
  ['?w=1,2', true],
  ['?kernel_preset=%3Cscript%3Ealert(1)%3C%2Fscript%3E', true],
  ['?lesson=..%2F..%2Fetc%2Fpasswd', true],
  ['?step=-1', true],
  ['?step=1000000000', undefined],  // clamped to the last step; no notice yet (reported)
  ['?bias=1e400', true],
  ['?op=conv3d', true],
  ['?view=%00%01%02', true],
  ['?theme=%ZZ%G1%', true],
  ['?%E2%9C%93=%F0%9F%98%80', true],
  ['?input=%EF%BC%95x%EF%BC%95', true],  // full-width digits
  ['?input=3&input=4&input=5', true],
  ['?stride=2&STRIDE=3', true],
  ['?foo=bar&baz', true],
  ['?=&===&&&=x', true],
  ['?%%%%=%%%', true],
  [`?x=${longList}`, true],
  [`?${'a'.repeat(50000)}=1`, true],
  ['?input=32&kernel=1', false],  // the largest walk: 1024 steps
  ['?input=3&kernel=9&dilation=6', null],  // no output at all: an error, not a crash
  ['?input=1&padding=same&padding_mode=circular&kernel=9', null],
  ['#input=abc&stride=%', true],
  ['?origin=javascript%3Aalert(1)&stride=2', false],  // origin= is for host-api.js: never a notice
];

for (const [query, notice] of hostileUrls) {
  const label = query.length > 70 ? `${query.slice(0, 60)}... (${query.length} characters)` : query;
  test(`hostile URL: ${label}`, async ({ page, open }) => {
    await open(query);
    const s = await getState(page);
    assert(Array.isArray(s.input) && Array.isArray(s.notices) && Number.isInteger(s.step), `getState: ${JSON.stringify(s).slice(0, 300)}`);
    if (notice === true) assert(s.notices.length > 0, 'no notice says what was changed');
    if (notice === false) assert(s.notices.length === 0, `unexpected notices: ${s.notices.join(' | ')}`);
    if (notice === null) assert(s.error || s.notices.length > 0, 'neither an error nor a notice');
    assert(await canvasColours(page) > 1, 'the canvas is blank');
    const status = await page.$eval('#status', (element) => element.className);
    assert(status !== 'error', 'the page shows an error');
    await page.evaluate(() => { strideconv.step(1); strideconv.setState({ stride: [2, 2] }); });
    await frames(page, 2);
    assert(same((await getState(page)).stride, [2, 2]), 'the app does not take a setState afterwards');
  }, { group: 'links' });
}

// [SECTION] Tests: the network view (view=stack) -----------------------------------------------

test('network view: ?view=stack&preset=resnet50 draws the table and getState().stack lists the layers', async ({ page, open }) => {
  await open('?view=stack&preset=resnet50');
  const s = await getState(page);
  assert(s.view === 'stack' && s.notices.length === 0, `view ${s.view}, notices ${s.notices.join(' | ')}`);
  const st = s.stack;
  assert(st.preset === 'resnet50' && st.layers.length === 68, `preset ${st.preset}, ${st.layers && st.layers.length} layers`);
  for (const layer of st.layers)
    for (const key of ['name', 'type', 'output', 'channels', 'jump', 'rf', 'effective_padding', 'macs', 'params'])
      assert(key in layer, `layer ${layer.name} lacks ${key}`);
  const pool = st.layers[1];
  assert(pool.name === 'maxpool' && same(pool.jump, [4, 4]) && same(pool.rf, [11, 11]) && same(pool.output, [56, 56]),
    `the stem's max pool: ${JSON.stringify(pool)}`);
  assert(st.totals.params === 25557032 && st.totals.macs === 4089184256, `totals ${JSON.stringify(st.totals)}`);
  assert(st.switches.length === 5 && st.switches.filter((w) => w.swappable).length === 4, `switches ${JSON.stringify(st.switches)}`);
  assert(await canvasColours(page) > 20, 'the network view is nearly blank');
});

test('network view: clicking an output cell paints its field and goes into the link', async ({ page, open }) => {
  await open('?view=stack&preset=vgg16&cell=18,0,0');
  await frames(page, 3);
  const layout = await page.evaluate(() => strideconv.stackLayout());
  assert(layout.layer === 18 && layout.rows === 7 && layout.cols === 7 && layout.cell > 2, `layout ${JSON.stringify(layout)}`);
  const box = await page.locator('#canvas').boundingBox();
  const written = await nextStateQuery(page);
  await page.mouse.click(box.x + layout.x + 3.5 * layout.cell, box.y + layout.y + 3.5 * layout.cell);
  const query = await written();
  assert(query.includes('cell=18,3,3'), `the app wrote ${query}`);
  const field = (await getState(page)).stack.field;
  assert(same(field.cell, [3, 3]) && same(field.rows, [6, 217]) && field.padding_rows === 0,
    `output (3, 3) of pool5 sees rows 6..217: ${JSON.stringify(field)}`);
}, { viewport: { width: 1280, height: 800 } });

test('network view: a stride/pool switch changes the numbers as the core computes them, and back', async ({ page, open }) => {
  await open('?view=stack&preset=vgg16');
  const before = (await getState(page)).stack;
  await page.evaluate(() => strideconv.setState({ swap: [3] }));
  const swapped = (await getState(page)).stack;
  assert(same(swapped.swaps, [3]) && swapped.layers.length === before.layers.length - 1, `swaps ${swapped.swaps}`);
  assert(swapped.totals.macs < before.totals.macs && swapped.totals.params === before.totals.params &&
    same(swapped.totals.output, before.totals.output), `totals ${JSON.stringify(swapped.totals)} vs ${JSON.stringify(before.totals)}`);
  assert(swapped.switches[0].swapped && /MACs/.test(swapped.switches[0].effect), JSON.stringify(swapped.switches[0]));
  await page.evaluate(() => strideconv.setState({ swap: 'none' }));
  const back = (await getState(page)).stack;
  assert(same(back.layers, before.layers) && same(back.totals, before.totals), 'swapping back did not restore VGG-16');
  // setState(getState()) gives the same network back, a custom stack included.
  await page.evaluate(() => strideconv.setState({ stack: 'conv:k=3,s=2,c=8;maxpool:k=2;conv:k=1,c=8' }));
  const custom = (await getState(page)).stack;
  await page.evaluate(() => strideconv.setState({ preset: 'alexnet' }));
  await page.evaluate((state) => strideconv.setState({ stack: state }), custom);
  const again = (await getState(page)).stack;
  assert(same(again.layers, custom.layers) && again.custom === custom.custom, `${again.custom} vs ${custom.custom}`);
});

test('network view: a stack link round-trips, readable, through the address bar', async ({ page, open }) => {
  await open('?view=stack&stack=conv:k=7,s=2,p=3,c=64;maxpool:k=3,s=2,p=1;conv:k=3,p=1,c=64&stack_input=225');
  const s = await getState(page);
  assert(s.notices.length === 0 && s.stack.layers.length === 3 && same(s.stack.layers[2].rf, [19, 19]) &&
    same(s.stack.input, [225, 225]), JSON.stringify(s.stack).slice(0, 400));
  const written = await nextStateQuery(page);
  await page.evaluate(() => strideconv.setState({ flops: true }));
  const query = await written();
  assert(query.includes('stack=conv:k=7,s=2,p=3,c=64;maxpool:k=3,s=2,p=1;conv:k=3,p=1,c=64') && query.includes('flops=1'), query);
  await until(() => page.evaluate(() => location.search.includes('flops=1')), 'the address bar', 3000);
  const changed = await getState(page);
  await page.goto(await page.evaluate(() => location.href));
  await waitForApp(page);
  assert(same(await getState(page), changed), 'reloading the written address gives another state');
}, { group: 'links' });

for (const [query, word] of [
  ['?view=stack&stack=conv:k=3;maxpool:s=x', 'layer 2 (maxpool)'],
  ['?view=stack&preset=resnet', 'no network preset'],
  ['?view=stack&stack_input=999999x0', 'outside 1..4096'],
  ['?view=stack&swap=%3Cscript%3E', 'expected layer numbers'],
  ['?view=stack&cell=9999,1,1', 'layers'],
  ['?view=stack&stack=conv:k=3;conv:k=300', null],  // parses, then the core refuses layer 2
]) {
  test(`network view, hostile link: ${query}`, async ({ page, open }) => {
    await open(query);
    const s = await getState(page);
    if (word) assert(s.notices.some((n) => n.includes(word)), `no notice mentions ${word}: ${s.notices.join(' | ')}`);
    else assert(s.stack.error && s.stack.error.startsWith('layer 2 (conv2): kernel too large'), `error: ${s.stack.error}`);
    assert(await canvasColours(page) > 1, 'the canvas is blank');
  }, { group: 'links' });
}

test('network view: a shortcut cell shows both paths; stack_picture=1 paints on image mode\'s picture', async ({ page, open }) => {
  await open('?view=stack&preset=resnet50&cell=18,5,7&image=scene&image_size=224');
  await frames(page, 3);
  const grid = await page.locator('#canvas').screenshot();
  const s = await getState(page);
  const field = s.stack.field;
  assert(s.stack.picture === false && same(field.main_path.rows, [19, 61]) && same(field.shortcut_path.rows, [23, 57]) &&
    field.paths.includes('the same pixel'), JSON.stringify(field));
  await page.evaluate(() => strideconv.setState({ stack_picture: true }));
  await frames(page, 4);
  const drawn = await getState(page);
  assert(drawn.stack.picture === true && drawn.view === 'stack', JSON.stringify(drawn.stack).slice(0, 300));
  // Inside the input's box (x 333-538, y 576-736 at 1280x800) the grey grid becomes the picture
  // once image mode has made it (a few frames).
  const box = { x: 0.26, y: 0.72, width: 0.16, height: 0.2 };
  await until(async () => differingFraction(page, grid, await page.locator('#canvas').screenshot(), box)
    .then((changed) => changed > 0.5), 'the scene picture in the input\'s box', 20000);
  // getState().stack given back through setState, its picture turned off.
  await page.evaluate((state) => strideconv.setState({ stack: state }), { ...drawn.stack, picture: false });
  assert((await getState(page)).stack.picture === false, 'stack.picture did not go back through setState');
}, { viewport: { width: 1280, height: 800 } });

test('network view on a phone (390x844): drawn, and the table reaches the picture', async ({ page, open }) => {
  await open('?view=stack&preset=mobilenet_v2&cell=2,10,10');
  assert(await canvasColours(page) > 20, 'the network view is nearly blank');
  const layout = await page.evaluate(() => strideconv.stackLayout());
  assert(layout.layer === 2 && layout.cell > 0 && layout.x >= 0 && layout.x + layout.cols * layout.cell <= 390 + 1,
    `the output grid does not fit the screen: ${JSON.stringify(layout)}`);
}, { viewport: { width: 390, height: 844 } });

// [SECTION] Tests: embedding (embed=1, postMessage from another origin, focus in an iframe) -----

test('embed=1 at 600x400: drawn, no side panel', async ({ page, open }) => {
  await open('?lesson=seed-stride2&embed=1');
  const s = await getState(page);
  assert(s.embed === true, 'getState().embed is not true');
  const size = await page.$eval('#canvas', (canvas) => [canvas.width, canvas.height]);
  assert(same(size, [600, 400]), `canvas backing store is ${size}, not 600x400`);
  const embedded = await page.locator('#canvas').screenshot();
  assert(await distinctColours(page, embedded) > 20, 'the embedded app is (nearly) blank');
  // The same state with the side panel: the left third of the picture changes.
  await page.evaluate(() => strideconv.setState({ embed: false }));
  await frames(page, 4);
  const full = await page.locator('#canvas').screenshot();
  const left = { x: 0, y: 0.1, width: 0.3, height: 0.8 };
  const changed = await differingFraction(page, embedded, full, left);
  assert(changed > 0.2, `the side panel does not show when embed is off (${(changed * 100).toFixed(1)}% changed)`);
}, { viewport: { width: 600, height: 400 } });

// A host page on another origin (otherBase) with the app in an iframe (base). window.ask(message)
// posts a command and resolves with the reply; window.received holds every message from the app.
function hostPage(appUrl, { frameId = 'lab', width = 800, height = 500, before = '', after = '' } = {}) {
  const appOrigin = new URL(appUrl).origin;
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<style>body { margin: 0; font: 14px sans-serif; } iframe { display: block; border: 0; }</style></head><body>
${before}<iframe id="${frameId}" src="${appUrl}" width="${width}" height="${height}" title="lab"></iframe>${after}
<script>
  const frame = document.getElementById('${frameId}');
  window.received = [];
  const waiting = new Map();
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow) return;
    window.received.push({ origin: event.origin, data: event.data });
    const data = event.data;
    if (data && data.type === 'strideconv:reply' && waiting.has(data.id)) {
      waiting.get(data.id)(data);
      waiting.delete(data.id);
    }
  });
  let nextId = 1;
  window.ask = (message, timeout = 10000) => new Promise((resolve) => {
    const id = message.id !== undefined ? message.id : 'q' + nextId++;
    const timer = setTimeout(() => { waiting.delete(id); resolve({ timeout: true }); }, timeout);
    waiting.set(id, (reply) => { clearTimeout(timer); resolve(reply); });
    frame.contentWindow.postMessage({ ...message, id }, ${JSON.stringify(appOrigin)});
  });
  window.post = (message) => frame.contentWindow.postMessage(message, '*');
  // Asked as soon as the iframe's document has loaded, before the app is ready: answered later.
  frame.addEventListener('load', () => { window.early = window.ask({ type: 'strideconv:getState', id: 'early' }, 20000); },
    { once: true });
</script></body></html>`;
}

async function waitForMessage(page, type, predicate = '() => true', timeout = 20000) {
  return until(() => page.evaluate(({ type, predicate }) => {
    const test = eval(predicate);  // eslint-disable-line no-eval
    return window.received.find((m) => m.data && m.data.type === type && test(m.data)) || null;
  }, { type, predicate }), `a ${type} message`, timeout);
}

test('postMessage from a page on another origin: ready, setState, step, play, getState, export',
  async ({ page, base, otherBase, hostPages }) => {
    const appOrigin = new URL(base).origin;
    hostPages.set('/host.html', hostPage(`${base}index.html?lesson=seed-stride1&embed=1`));
    await page.goto(`${otherBase}host.html`);
    const ready = await waitForMessage(page, 'strideconv:ready');
    assert(ready.origin === appOrigin, `ready came from ${ready.origin}`);
    assert(same(ready.data.state.stride, [1, 1]) && ready.data.state.embed === true, `ready state: ${JSON.stringify(ready.data.state)}`);
    const early = await page.evaluate(() => window.early);
    assert(early.ok && same(early.result.input, [5, 5]), `the getState sent before ready: ${JSON.stringify(early)}`);

    const ask = (message) => page.evaluate((m) => window.ask(m), message);
    let reply = await ask({ type: 'strideconv:setState', state: { stride: [2, 2], padding: [1, 1, 1, 1] } });
    assert(reply.ok && same(reply.result.state.stride, [2, 2]) && same(reply.result.state.padding, [1, 1, 1, 1]) &&
      same(reply.result.notices, []) && reply.result.state.steps === 9, `setState reply: ${JSON.stringify(reply)}`);
    const broadcast = await waitForMessage(page, 'strideconv:state', '(d) => d.state.stride[0] === 2');
    assert(broadcast.data.query.includes('stride=2') && broadcast.origin === appOrigin, `state message: ${JSON.stringify(broadcast)}`);

    reply = await ask({ type: 'strideconv:step', n: 2 });
    assert(reply.ok && reply.result.step === 2, `step 2: ${JSON.stringify(reply)}`);
    reply = await ask({ type: 'strideconv:step', n: -100 });
    assert(reply.ok && reply.result.step === 0, `step -100: ${JSON.stringify(reply)}`);
    reply = await ask({ type: 'strideconv:step' });
    assert(reply.ok && reply.result.step === 1, `step (n missing): ${JSON.stringify(reply)}`);
    reply = await ask({ type: 'strideconv:play' });
    assert(reply.ok && reply.result.playing === true, `play: ${JSON.stringify(reply)}`);
    reply = await ask({ type: 'strideconv:pause' });
    assert(reply.ok && reply.result.playing === false, `pause: ${JSON.stringify(reply)}`);
    reply = await ask({ type: 'strideconv:getState' });
    assert(reply.ok && same(reply.result.stride, [2, 2]) && Array.isArray(reply.result.notices), `getState: ${JSON.stringify(reply)}`);

    reply = await ask({ type: 'strideconv:export', scale: 2 });
    assert(reply.ok && reply.result.dataURL.startsWith('data:image/png;base64,'), `export: ${JSON.stringify(reply).slice(0, 200)}`);
    assert(reply.result.width === 1600 && reply.result.height === 1000, `export at 2x of 800x500: ${reply.result.width}x${reply.result.height}`);
    const png = Buffer.from(reply.result.dataURL.split(',')[1], 'base64');
    const info = await imageInfo(page, png);
    assert(info.width === 1600 && info.height === 1000 && info.colours > 20, `exported PNG: ${JSON.stringify(info)}`);

    // The quiz by message: its question, an answer (scored, with the quiz after it), an answer
    // missing (refused), the next question.
    reply = await ask({ type: 'strideconv:quiz' });
    assert(reply.ok && reply.result.number === 1 && reply.result.heading.startsWith('Question 1') && reply.result.prompt.length > 20,
      `quiz: ${JSON.stringify(reply)}`);
    reply = await ask({ type: 'strideconv:answerQuiz', answer: '987654' });
    assert(reply.ok && reply.result.verdict.understood && !reply.result.verdict.correct && reply.result.quiz.score.asked === 1 &&
      reply.result.quiz.answered, `answerQuiz: ${JSON.stringify(reply)}`);
    reply = await ask({ type: 'strideconv:answerQuiz' });
    assert(reply.ok === false && /answer/.test(reply.error), `answerQuiz without an answer: ${JSON.stringify(reply)}`);
    reply = await ask({ type: 'strideconv:nextQuestion' });
    assert(reply.ok && reply.result.number === 2 && !reply.result.answered, `nextQuestion: ${JSON.stringify(reply)}`);

    // Errors are answered; malformed messages are ignored without a word.
    reply = await ask({ type: 'strideconv:setState', state: { input: 999 } });
    assert(reply.ok && reply.result.notices.length > 0 && same(reply.result.state.input, [32, 32]),
      `setState out of range: ${JSON.stringify(reply).slice(0, 300)}`);
    reply = await ask({ type: 'strideconv:setState', state: 'stride=3' });
    assert(reply.ok === false && /state/.test(reply.error), `setState with a string: ${JSON.stringify(reply)}`);
    reply = await ask({ type: 'strideconv:step', n: 'many' });
    assert(reply.ok === false, `step with n 'many': ${JSON.stringify(reply)}`);
    reply = await ask({ type: 'strideconv:launchMissiles' });
    assert(reply.ok === false && /unknown/.test(reply.error), `unknown type: ${JSON.stringify(reply)}`);
    const repliesBefore = await page.evaluate(() => window.received.filter((m) => m.data && m.data.type === 'strideconv:reply').length);
    await page.evaluate(() => {
      for (const junk of ['hello', null, 42, [1, 2], { type: 5 }, { type: 'other:getState', id: 1 }, { id: 'x' },
        { type: 'strideconv:reply', id: 'q1', ok: true }, { type: 'strideconv:ready' }, { type: 'STRIDECONV:getState' },
        new Blob(['x']), { type: 'strideconv:getState', toString: null }])
        window.post(junk);
    });
    reply = await ask({ type: 'strideconv:getState', id: 'last' });
    assert(reply.ok && reply.id === 'last', 'getState after the junk');
    const replies = await page.evaluate(() => window.received.filter((m) => m.data && m.data.type === 'strideconv:reply'));
    // One reply for 'last', one for the junk that still is a well-formed getState (extra key).
    assert(replies.length - repliesBefore === 2, `junk got replies: ${JSON.stringify(replies.slice(repliesBefore))}`);
  });

test('postMessage with origin=: only that parent origin is served; the app sees no origin parameter',
  async ({ page, base, otherBase, hostPages }) => {
    const hostOrigin = new URL(otherBase).origin;
    const allowed = `${base}index.html?embed=1&origin=${encodeURIComponent(hostOrigin)}`;
    const refused = `${base}index.html?embed=1&origin=${encodeURIComponent('https://course.example')}`;
    hostPages.set('/allowed.html', hostPage(allowed));
    hostPages.set('/refused.html', hostPage(refused));

    await page.goto(`${otherBase}allowed.html`);
    await waitForMessage(page, 'strideconv:ready');
    let reply = await page.evaluate(() => window.ask({ type: 'strideconv:step', n: 1 }));
    assert(reply.ok && reply.result.step === 1 && same(reply.result.notices, []), `allowed origin: ${JSON.stringify(reply)}`);
    const frame = page.frame({ url: /index\.html/ });
    // The address bar of the app keeps origin= after the app rewrites it.
    await until(() => frame.evaluate(() => /step=1/.test(location.search) && /origin=/.test(location.search)),
      'origin= to stay in the address', 3000);

    await page.goto(`${otherBase}refused.html`);
    const app = page.frame({ url: /index\.html/ });
    await waitForApp(app);
    reply = await page.evaluate(() => window.ask({ type: 'strideconv:getState' }, 1500));
    assert(reply.timeout, `a page that is not origin= got a reply: ${JSON.stringify(reply)}`);
    // Nothing at all came back: no ready, no state, no reply (also not to the early getState).
    const heard = await page.evaluate(() => window.received.length);
    assert(heard === 0, `the app talked to a parent that is not origin=: ${heard} messages`);
  });

test('focus in an iframe: host keys never reach the app; Tab enters and leaves; click focuses; wheel',
  async ({ page, base, otherBase, hostPages }) => {
    const tall = '<div style="height: 2000px">tall content</div>';
    hostPages.set('/focus.html', hostPage(`${base}index.html?lesson=seed-stride1&embed=1`, {
      width: 700, height: 400,
      before: '<p><input id="before" aria-label="before"></p>',
      after: `<p><input id="after" aria-label="after"></p>${tall}`,
    }));
    await page.goto(`${otherBase}focus.html`);
    const app = page.frame({ url: /index\.html/ });
    await waitForApp(app);
    const appState = () => getState(app);
    const hostFocus = () => page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName));

    // Typing in the host page's field: the app sees nothing, the field gets everything.
    await page.focus('#before');
    await page.keyboard.type('ab ');
    for (const key of ['ArrowRight', 'End', ' ']) await pressKey(page, key, app);
    let s = await appState();
    assert(s.step === 0 && !s.playing, `host keys reached the app: step ${s.step}, playing ${s.playing}`);
    assert((await page.inputValue('#before')).startsWith('ab '), 'the host field did not get its keys');

    // Tab moves into the app (the canvas), keys work there and do not scroll the host page.
    await page.keyboard.press('Tab');
    assert(await hostFocus() === 'lab', `Tab from the host field focused ${await hostFocus()}`);
    assert(await app.evaluate(() => document.activeElement.id === 'canvas'), 'Tab did not focus the canvas');
    await pressKey(page, 'ArrowRight', app);
    await pressKey(page, 'ArrowRight', app);
    assert((await appState()).step === 2, 'ArrowRight inside the iframe did not step');
    await pressKey(page, ' ', app);
    assert((await appState()).playing, 'Space inside the iframe did not play');
    await pressKey(page, ' ', app);
    await pressKey(page, 'End', app);
    await pressKey(page, 'PageDown', app);
    assert(await page.evaluate(() => window.scrollY) === 0, 'keys for the app scrolled the host page');

    // Tab goes on to the lab's keyboard controls (the mirror, web/mirror.js: the embedded lab has no
    // side panel), and Tab through them leaves the app (no keyboard trap); then the app no longer
    // hears keys.
    await page.keyboard.press('Tab');
    assert(await hostFocus() === 'lab' && await app.evaluate(() => document.activeElement.closest('#mirror') !== null),
      `Tab from the canvas focused ${await hostFocus()} / ${await app.evaluate(() => document.activeElement.outerHTML.slice(0, 80))}`);
    let tabs = 1;
    while (await hostFocus() === 'lab' && tabs < 100) {
      await page.keyboard.press('Tab');
      ++tabs;
    }
    assert(await hostFocus() === 'after', `Tab out of the app focused ${await hostFocus()} after ${tabs} presses`);
    s = await appState();
    await pressKey(page, 'Home', app);
    assert((await appState()).step === s.step, 'the app heard a key typed in the host page');

    // The wheel over an unfocused app scrolls the host page.
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await page.locator('#lab').boundingBox();
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.55);
    await page.mouse.wheel(0, 300);
    await until(() => page.evaluate(() => window.scrollY > 0), 'the wheel to scroll the host page', 3000);

    // Clicking the app focuses its canvas; then keys go to the app.
    await page.evaluate(() => window.scrollTo(0, 0));
    await clickEmptySpot(page, '#lab');
    await frames(app, 2);
    assert(await hostFocus() === 'lab', 'the click did not focus the iframe');
    assert(await app.evaluate(() => document.activeElement.id === 'canvas'), 'the click did not focus the canvas');
    await pressKey(page, 'Home', app);
    assert((await appState()).step === 0, 'Home after the click did not go to the first step');
  }, { viewport: { width: 900, height: 700 } });

// [SECTION] Tests: export (PNG, WebM), requests, examples, single file -------------------------

async function blobToBuffer(page, expression) {
  const base64 = await page.evaluate(async (code) => {
    const blob = await eval(code);  // eslint-disable-line no-eval
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  }, expression);
  return Buffer.from(base64, 'base64');
}

test('exportPNG(1) and exportPNG(2): canvas size times the scale, not blank', async ({ page, open }) => {
  await open('?lesson=dropped');
  const canvasSize = await page.$eval('#canvas', (canvas) => [canvas.width, canvas.height]);
  assert(same(canvasSize, [900, 560]), `canvas ${canvasSize}`);
  for (const scale of [1, 2]) {
    const png = await blobToBuffer(page, `strideconv.exportPNG(${scale}).then((r) => {
      window.reported = [r.width, r.height, r.blob.type];
      return r.blob;
    })`);
    const reported = await page.evaluate(() => window.reported);
    assert(same(reported, [canvasSize[0] * scale, canvasSize[1] * scale, 'image/png']), `exportPNG(${scale}) reports ${reported}`);
    const info = await imageInfo(page, png);
    assert(info.width === canvasSize[0] * scale && info.height === canvasSize[1] * scale,
      `exportPNG(${scale}) decodes to ${info.width}x${info.height}, canvas ${canvasSize}`);
    assert(info.colours > 20, `exportPNG(${scale}) is (nearly) blank: ${info.colours} colours`);
  }
}, { viewport: { width: 900, height: 560 } });

test('exportPNG: requests made together all resolve, each at its own scale', async ({ page, open }) => {
  await open();
  const sizes = await page.evaluate(() => Promise.all([1, 2, 1, 3].map((s) => strideconv.exportPNG(s)))
    .then((all) => all.map((r) => r.width / canvas.width)));
  assert(same(sizes, [1, 2, 1, 3]), `scales: ${sizes}`);
}, { viewport: { width: 480, height: 300 } });

test('recordWebM: a non-empty video/webm Blob of the walk; recordWebM(true) downloads it', async ({ page, open }) => {
  await open('?input=4&kernel=3');  // 2x2 output: 4 steps
  await page.evaluate(() => strideconv.step(1));
  const result = await page.evaluate(async () => {
    const progress = [];
    const blob = await strideconv.recordWebM({ fps: 10, onProgress: (k, n) => progress.push(`${k}/${n}`) });
    const url = URL.createObjectURL(blob);
    const video = document.createElement('video');
    video.muted = true;
    video.src = url;
    await new Promise((resolve, reject) => { video.onloadedmetadata = resolve; video.onerror = () => reject(new Error('the video does not load')); });
    return { type: blob.type, size: blob.size, width: video.videoWidth, height: video.videoHeight,
      canvas: [canvas.width, canvas.height], progress, state: strideconv.getState() };
  });
  assert(result.type === 'video/webm' && result.size > 1000, `blob ${result.type}, ${result.size} bytes`);
  assert(result.width === result.canvas[0] && result.height === result.canvas[1], `video ${result.width}x${result.height}, canvas ${result.canvas}`);
  assert(same(result.progress, ['1/4', '2/4', '3/4', '4/4']), `frames: ${result.progress}`);
  assert(result.state.step === 1 && !result.state.playing, `the step was not put back: ${result.state.step}`);
  // A walk longer than maxSeconds skips steps, always showing the first and the last.
  const capped = await page.evaluate(async () => {
    const progress = [];
    await strideconv.recordWebM({ fps: 3, maxSeconds: 1, onProgress: (k, n) => progress.push(`${k}/${n}`) });
    return progress;
  });
  assert(same(capped, ['1/2', '2/2']), `frames of a capped recording: ${capped}`);
  // The app's button calls recordWebM(true): default speed (2 steps a second) and a download.
  await page.evaluate(() => strideconv.setState({ input: [2, 3], kernel: [2, 2] }));  // 2 steps
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 20000 }),
    page.evaluate(() => strideconv.recordWebM(true)),
  ]);
  assert(/\.webm$/.test(download.suggestedFilename()), `download named ${download.suggestedFilename()}`);
  const note = () => page.evaluate(() => document.getElementById('status').textContent);
  await until(async () => /^Recorded \d+ frames \(\d+ KB\)\.$/.test(await note()), 'the note after recording', 3000)
    .catch(async (e) => { throw new Error(`${e.message}: ${await note()}`); });
  const busy = await page.evaluate(() => {
    const first = strideconv.recordWebM({ fps: 30 });
    return strideconv.recordWebM({ fps: 30 }).then(() => 'second ran', (e) => e.message).then((m) => first.then(() => m));
  });
  assert(/already/.test(busy), `a second recording at the same time: ${busy}`);
}, { viewport: { width: 640, height: 400 } });

test('no request leaves the page\'s own origin (load, setState, export, lesson change)', async ({ page, open, requests, base }) => {
  await open('?lesson=padding-same');
  await page.evaluate(async () => {
    strideconv.setState({ lesson: 'resnet-downsample', theme: 'light' });
    await strideconv.exportPNG(1);
  });
  await frames(page, 5);
  const origin = new URL(base).origin;
  const outside = requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url));
  assert(outside.length === 0, `requests outside ${origin}: ${outside.join(', ')}`);
  assert(requests.some((url) => url.endsWith('.wasm')), 'the request log missed the wasm (is it recording?)');
});

test('examples/course-page.html: two labs side by side, live captions', async ({ page, base }) => {
  await page.goto(`${base}examples/course-page.html`);
  for (const frameUrl of [/seed-stride1/, /seed-stride2/])
    await waitForApp(await until(() => page.frame({ url: frameUrl }), `the iframe ${frameUrl}`));
  await until(() => page.evaluate(() => document.querySelectorAll('output[data-ready]').length === 2), 'both captions', 10000);
  const captions = await page.$$eval('output', (outputs) => outputs.map((o) => o.textContent));
  assert(/Output 3×3/.test(captions[0]) && /Output 2×2/.test(captions[1]), `captions: ${captions}`);
  const stride2 = await getState(page.frame({ url: /seed-stride2/ }));
  assert(stride2.embed && same(stride2.stride, [2, 2]), `right lab: ${JSON.stringify(stride2.stride)}`);
  for (const selector of ['#lab-stride1', '#lab-stride2']) {
    const shot = await page.locator(selector).screenshot();
    assert(await distinctColours(page, shot) > 20, `${selector} is blank`);
  }
});

test('examples/api-driven.html: page buttons step, set the stride and show an exported PNG', async ({ page, base }) => {
  await page.goto(`${base}examples/api-driven.html`);
  const app = await until(() => page.frame({ url: /index\.html/ }), 'the iframe');
  await waitForApp(app);
  await until(() => page.isEnabled('#forward'), 'the buttons to be enabled');
  await page.click('#forward');
  await page.click('#forward');
  await until(async () => (await getState(app)).step === 2, 'two steps forward', 5000);
  await page.click('#back');
  await until(async () => (await getState(app)).step === 1, 'one step back', 5000);
  await page.selectOption('#stride', '3');
  await until(async () => same((await getState(app)).stride, [3, 3]), 'stride 3', 5000);
  await until(() => page.evaluate(() => /stride 3×3/.test(document.getElementById('state').textContent)), 'the state line', 5000);
  await page.click('#export');
  const img = await until(() => page.evaluate(() => {
    const image = document.getElementById('snapshot');
    return image.complete && image.naturalWidth > 0 && image.src.startsWith('data:image/png')
      ? [image.naturalWidth, image.naturalHeight] : null;
  }), 'the exported image', 10000);
  const canvasSize = await app.evaluate(() => [canvas.width, canvas.height]);
  assert(same(img, canvasSize), `exported ${img}, canvas ${canvasSize}`);
  assert(await app.evaluate(() => /origin=/.test(location.search)), 'the example does not pass origin=');
});

test('single file strideconv-lab.html opens from file://', async ({ page, requests }) => {
  const file = path.join(dist, 'strideconv-lab.html');
  await stat(file).catch(() => { throw new Error(`no ${file}: the web build makes it`); });
  await page.goto(`${pathToFileURL(file).href}?lesson=dropped&step=2`);
  await waitForApp(page);
  const s = await getState(page);
  assert(s.lesson === 'dropped' && s.step === 2 && s.notices.length === 0, `state: ${JSON.stringify(s).slice(0, 200)}`);
  const colours = await distinctColours(page, await page.locator('#canvas').screenshot());
  assert(colours > 20, 'the canvas is (nearly) blank');
  const png = await page.evaluate(() => strideconv.exportPNG(1).then((r) => r.width));
  assert(png > 0, 'no PNG export from file://');
  const elsewhere = requests.filter((url) => !/^(file|data|blob):/.test(url));
  assert(elsewhere.length === 0, `the single file fetched ${elsewhere.join(', ')}`);
}, { viewport: { width: 800, height: 500 } });

test('version, licence and notices: getState().version, dist/LICENSE and THIRD_PARTY_NOTICES.txt, about=1, the single file', async ({ page, open }) => {
  const notices = await readFile(path.join(dist, 'THIRD_PARTY_NOTICES.txt'), 'utf8');
  const license = await readFile(path.join(dist, 'LICENSE'), 'utf8');
  const head = notices.match(/^Stride Convolution Lab (\d+\.\d+\.\d+) -- third-party notices \(web build: (.*)\)$/m);
  assert(head, `notices' first line: ${notices.split('\n')[0]}`);
  for (const name of ['Dear ImGui', 'DejaVu Sans', 'Google Highway', 'stb', 'Emscripten runtime', 'scikit-image'])
    assert(notices.includes(name), `THIRD_PARTY_NOTICES.txt names no ${name}`);
  assert(/^MIT License$/m.test(license) && /^Copyright \(c\)/m.test(license), 'dist/LICENSE is not the MIT licence');
  const app = await open('?lesson=dropped&about=1');
  const s = await getState(app);
  assert(s.version === head[1], `getState().version ${s.version}, the notices ${head[1]}`);
  assert(s.about === true && s.lesson === 'dropped' && s.notices.length === 0, `state: ${JSON.stringify(s).slice(0, 200)}`);
  const withAbout = await app.locator('#canvas').screenshot();
  await app.evaluate(() => strideconv.setState({about: false}));
  await until(() => app.evaluate(() => !/about=/.test(location.search)), 'about=1 leaving the address bar');
  const without = await app.locator('#canvas').screenshot();
  assert(await differingFraction(app, withAbout, without, { x: 0, y: 0, width: 1, height: 1 }) > 0.05, 'the About panel changed (almost) nothing on the canvas');
  // The single-file page carries the same licence and notices, as inert text.
  const single = await readFile(path.join(dist, 'strideconv-lab.html'), 'utf8');
  const template = single.match(/<template id="strideconv-notices"><pre>([\s\S]*?)<\/pre><\/template>/);
  assert(template, 'strideconv-lab.html has no <template id="strideconv-notices">');
  const unescaped = template[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  assert(unescaped === license + '\n\n' + notices, 'the single file\'s notices differ from LICENSE + THIRD_PARTY_NOTICES.txt');
});

// The notices are not part of the page's download (issue 11): the About panel fetches
// THIRD_PARTY_NOTICES.txt the first time its notices tab is shown, and draws the text.
test('About: the third-party notices are fetched when their tab opens, not with the page', async ({ page, open, requests }) => {
  const fetched = () => requests.filter((url) => /\/THIRD_PARTY_NOTICES\.txt$/.test(url)).length;
  await open('?lesson=dropped&about=1');
  assert(fetched() === 0, 'the page fetched THIRD_PARTY_NOTICES.txt with the About tab showing');
  const aboutTab = await page.locator('#canvas').screenshot();
  // The tabs are in a row under the About window's title (the window is centred, at most 44 em
  // high): click along that band until the notices tab asks for the file.
  const { width, height } = page.viewportSize();
  for (let y = Math.round(height * 0.08); y < height * 0.17 && !fetched(); y += 8)
    for (let x = Math.round(width * 0.25); x < width * 0.6 && !fetched(); x += 25) {
      await page.mouse.click(x, y);
      await frames(page, 2);
    }
  assert(fetched() === 1, `THIRD_PARTY_NOTICES.txt fetched ${fetched()} times after clicking the tab row`);
  await frames(page, 5);
  const noticesTab = await page.locator('#canvas').screenshot();
  assert(await differingFraction(page, aboutTab, noticesTab, { x: 0.25, y: 0.15, width: 0.5, height: 0.7 }) > 0.05,
    'the notices tab looks like the About tab');
  const s = await getState(page);
  assert(s.about === true && s.lesson === 'dropped' && s.notices.length === 0, `state: ${JSON.stringify(s).slice(0, 200)}`);
}, { viewport: { width: 1280, height: 800 } });

// [SECTION] Tests: image mode (routes, shift, the user's own pictures, bad files) ---------------

// The state once image mode has finished computing (every route timed).
async function imageState(page, what = 'image mode to finish computing', timeout = 60000) {
  return until(async () => {
    const s = await getState(page);
    return s.image && !s.image.computing && s.image.height ? s : null;
  }, what, timeout);
}

// CRC-32 (PNG chunks), for hand-made files.
function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xEDB88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function pngChunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

// A PNG whose header announces width x height (8-bit gray) with a few bytes of pixel data.
function pngHeaderOnly(width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;  // bit depth
  ihdr[9] = 0;  // gray
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.from([0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01])), pngChunk('IEND', Buffer.alloc(0))]);
}

// A 1x1 GIF with `frames` frames (the classic one-pixel GIF's image, repeated).
function animatedGif(frames) {
  const frame = Buffer.from([0x21, 0xF9, 0x04, 0x00, 0x0A, 0x00, 0x00, 0x00,
    0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00]);
  return Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00]),
    Buffer.from([0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF]), ...Array(frames).fill(frame), Buffer.from([0x3B])]);
}

// strideconv.loadImage on bytes made here; resolves with the rejection's message or 'loaded'.
function loadBytes(page, bytes, name, type) {
  return page.evaluate(async ({ base64, name, type }) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    try {
      await window.strideconv.loadImage(new File([bytes], name, { type }));
      return 'loaded';
    } catch (e) {
      return String(e.message || e);
    }
  }, { base64: bytes.toString('base64'), name, type });
}

const imagePng = path.join(repo, 'tests', 'golden', 'image_input.png');  // 13 x 11 RGB
const imageJpeg = path.join(repo, 'tests', 'golden', 'flat_13x9.jpg');

test('image mode: ?view=image&image=zoneplate&stride=2 shows five routes with sizes, MACs and measured times', async ({ page, open }) => {
  await open('?view=image&image=zoneplate&stride=2&padding=1');
  const s = await imageState(page);
  const im = s.image;
  assert(same([im.source, im.height, im.width, im.channels], ['zoneplate', 256, 256, 1]), JSON.stringify(im));
  assert(same(im.routes.map((r) => r.route), ['stride1', 'stride', 'pool-max', 'pool-avg', 'blurpool']), 'routes');
  assert(same(im.routes.map((r) => r.output), [[256, 256], [128, 128], [128, 128], [128, 128], [128, 128]]), 'sizes');
  assert(im.routes[0].macs === 256 * 256 * 9 && im.routes[1].macs === 128 * 128 * 9, 'MACs');
  assert(im.routes[2].macs === 256 * 256 * 9 + 128 * 128 * 4, 'conv MACs + window reads');
  for (const r of im.routes) {
    assert(r.ready && r.runs === 5 && typeof r.ms === 'number' && r.ms >= 0, `route ${r.route}: ${JSON.stringify(r)}`);
    assert(r.shift_change === null, 'no shift, no shift figure');
  }
  assert(im.routes[0].ms > 0, 'the stride-1 conv takes measurable time');
  assert(im.identity && im.identity.max_abs_difference === 0 && im.identity.cells === 128 * 128, JSON.stringify(im.identity));
  assert(await canvasColours(page) > 40, 'pictures drawn');
});

test('image mode: setState switches routes, shift and blur; each route\'s shift figure', async ({ page, open }) => {
  await open('?lesson=zoneplate-stride2');
  await imageState(page);
  const notices = await page.evaluate(() => strideconv.setState({ routes: ['stride1', 'stride', 'blurpool'], shift: [1, 1], blur: 5 }));
  assert(notices.length === 0, notices.join(' | '));
  // Image mode takes a new configuration at its next frame (ui::App::frame); until then getState
  // still shows the finished old routes.
  await frames(page, 2);
  const s = await imageState(page, 'the shifted routes');
  assert(same(s.routes, ['stride1', 'stride', 'blurpool']) && same(s.shift, [1, 1]) && s.blur === 5, JSON.stringify(s));
  const [r1, r2, r5] = s.image.routes;
  assert(same([r1.route, r2.route, r5.route], ['stride1', 'stride', 'blurpool']), 'the routes asked for');
  assert(r5.title === 'conv + BlurPool F=5 / 2', r5.title);
  assert(r1.shift_change === 0, `stride 1 moves by whole pixels: ${r1.shift_change}`);
  assert(r2.shift_change > 0.5 && r5.shift_change < r2.shift_change / 2,
    `plain stride aliases, BlurPool much less: ${r2.shift_change} vs ${r5.shift_change}`);
  // A shift of S or more is used as S - 1, and the app says so.
  await page.evaluate(() => strideconv.setState({ shift: [3, 0] }));
  const clamped = await imageState(page);
  assert(same(clamped.shift, [3, 0]), 'the link keeps what it was given');
});

// Mean colour (r, g, b) of each rectangle [x, y, w, h] (CSS pixels) of the app's canvas, read
// right after the app drew a frame.
function canvasMeans(target, rects) {
  return target.evaluate((rects) => new Promise((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const source = document.getElementById('canvas');
      const ratio = source.width / source.getBoundingClientRect().width;
      const copy = new OffscreenCanvas(source.width, source.height);
      const context = copy.getContext('2d');
      context.drawImage(source, 0, 0);
      resolve(rects.map(([x, y, w, h]) => {
        const d = context.getImageData(Math.round(x * ratio), Math.round(y * ratio), Math.max(1, Math.round(w * ratio)),
                                       Math.max(1, Math.round(h * ratio))).data;
        const sum = [0, 0, 0];
        for (let i = 0; i < d.length; i += 4) for (let c = 0; c < 3; ++c) sum[c] += d[i + c];
        return sum.map((v) => v / (d.length / 4));
      }));
    }));
  }), rects);
}

test('image mode: the moved picture\'s outputs drawn over several frames take the colour scale that arrives after them', async ({ page, open }) => {
  // With a shift the moved outputs are computed first, before the stride-1 output the one colour
  // scale comes from; large pictures go to the GPU over several frames. The outputs were drawn
  // with no scale (values 0..9 as 0..1: white) and kept so.
  await open('?view=image&image=scene&image_size=512&color=rgb&stride=2&shift=1');
  await imageState(page);
  const layout = await until(async () => {
    const l = await page.evaluate(() => strideconv.imageLayout());
    return l.input.drawn && l.routes.every((r) => r.drawn) ? l : null;
  }, 'every picture on screen', 20000);
  // A box kernel's outputs over 9 are the picture blurred: each route's mean colour is the
  // picture's (max pooling a little brighter).
  const rect = (p) => [p.x, p.y, p.cols * p.zoom, p.rows * p.zoom];
  const [picture, ...routes] = await canvasMeans(page, [rect(layout.input), ...layout.routes.map(rect)]);
  routes.forEach((m, k) => {
    const off = Math.max(...m.map((v, c) => Math.abs(v - picture[c])));
    assert(off < 25, `route ${k + 1}'s mean colour ${m.map(Math.round)} against the picture's ${picture.map(Math.round)}`);
  });
});

test('image mode: a picture through the page\'s file input, then a JPEG; PNG export still works', async ({ page, open }) => {
  await open('?view=image&stride=2&padding=1');
  await imageState(page);
  await page.setInputFiles('#image-file', imagePng);
  let s = await until(async () => {
    const t = await getState(page);
    return t.image && t.image.source === 'file' && !t.image.computing ? t : null;
  }, 'the uploaded picture');
  assert(same([s.image.name, s.image.height, s.image.width, s.image.channels], ['image_input.png', 11, 13, 3]),
    JSON.stringify(s.image));
  assert(s.image_source === 'file', s.image_source);
  assert(same(s.image.routes[1].output, [6, 7]), JSON.stringify(s.image.routes[1]));
  await page.setInputFiles('#image-file', imageJpeg);
  s = await until(async () => {
    const t = await getState(page);
    return t.image && t.image.name === 'flat_13x9.jpg' && !t.image.computing ? t : null;
  }, 'the JPEG');
  assert(same([s.image.height, s.image.width], [9, 13]), JSON.stringify(s.image));
  const png = await page.evaluate(async () => (await strideconv.exportPNG(1)).blob.size);
  assert(png > 1000, `exported PNG of ${png} bytes`);
});

test('image mode: loadImage(blob) and a file dropped on the canvas; the link cannot carry it and says so', async ({ page, open }) => {
  await open('?view=image');
  await imageState(page);
  const bytes = await readFile(imagePng);
  assert(await loadBytes(page, bytes, 'blob.png', 'image/png') === 'loaded', 'loadImage resolves');
  let s = await imageState(page);
  assert(s.image.name === 'blob.png', JSON.stringify(s.image));
  await page.evaluate((base64) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], 'dropped.png', { type: 'image/png' }));
    document.getElementById('canvas').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, bytes.toString('base64'));
  s = await until(async () => {
    const t = await getState(page);
    return t.image && t.image.name === 'dropped.png' && !t.image.computing ? t : null;
  }, 'the dropped picture');
  // The address bar says image=file; opened elsewhere, that link explains itself.
  const link = await until(() => page.evaluate(() => (location.search.includes('image=file') ? location.href : null)),
    'image=file in the address bar', 5000);
  const other = await page.context().newPage();
  await other.goto(link);
  await waitForApp(other);
  const there = await getState(other);
  assert(there.image_source === 'zoneplate', there.image_source);
  assert(there.notices.some((n) => n.includes('cannot travel in a link')), there.notices.join(' | '));
  await other.close();
});

test('image mode: bad files give a notice and never stop the app (text, empty, huge, animated GIF)', async ({ page, open }) => {
  await open('?view=image');
  await imageState(page);
  const cases = [
    [Buffer.from('hello, not a picture'), 'notes.txt', 'text/plain', 'could not be read as a picture'],
    [Buffer.alloc(0), 'empty.png', 'image/png', 'is empty'],
    [pngHeaderOnly(30000, 30000), 'huge.png', 'image/png', 'is 30000x30000, more than the 16384 pixels'],
    [pngHeaderOnly(0, 0), 'zero.png', 'image/png', 'is 0x0: a picture needs at least one pixel'],
    [animatedGif(1).fill(0, 6, 10), 'zero.gif', 'image/gif', 'is 0x0'],
  ];
  for (const [bytes, name, type, expected] of cases) {
    const message = await loadBytes(page, bytes, name, type);
    const ok = typeof expected === 'string' ? message.includes(expected) : expected.test(message);
    assert(ok, `${name}: rejected with "${message}"`);
    const s = await getState(page);
    assert(s.notices.some((n) => n.includes(name)), `${name}: the app's notices ${s.notices.join(' | ')}`);
    assert(s.image && s.image.source === 'zoneplate', `${name}: the picture shown stays`);
  }
  const truncated = (await readFile(imagePng)).subarray(0, 60);
  const cut = await loadBytes(page, truncated, 'cut.png', 'image/png');
  const afterCut = await getState(page);
  assert(cut === 'loaded' ? afterCut.image.name === 'cut.png' : afterCut.notices.some((n) => n.includes('cut.png')),
    `a truncated PNG: "${cut}", notices ${afterCut.notices.join(' | ')}`);
  assert(await loadBytes(page, animatedGif(3), 'moving.gif', 'image/gif') === 'loaded', 'the animated GIF loads');
  const gif = await imageState(page);
  assert(gif.image.name === 'moving.gif' && gif.image.notices.some((n) => n.includes('animated GIF with 3 frames')),
    JSON.stringify(gif.image.notices));
  await frames(page, 3);
  assert(await canvasColours(page) > 10, 'still drawing');
});

test('image mode: a file the browser cannot read is refused in the lab\'s language; the page\'s labels follow lang=', async ({ page, open }) => {
  for (const [lang, refused, tooLarge, label] of [
    ['de', 'konnte nicht als Bild gelesen werden', 'mehr als die 16.384 Pixel pro Seite', 'Leertaste'],
    ['fr', "n'a pas pu être lu comme une image", 'plus que les 16\u202f384 pixels par côté', 'Espace lance']]) {
    await open(`?view=image&lang=${lang}`);
    await imageState(page);
    for (const [bytes, name, type, english, words] of [
      [Buffer.from('hello, not a picture'), 'notes.txt', 'text/plain', 'could not be read as a picture', refused],
      [pngHeaderOnly(30000, 30000), 'huge.png', 'image/png', 'is 30000x30000, more than the 16384 pixels', tooLarge]]) {
      // The promise says it in English, as every host API error does; the app in the lab's language.
      const message = await loadBytes(page, bytes, name, type);
      assert(message.includes(english), `${lang} ${name}: rejected with "${message}"`);
      const s = await getState(page);
      assert(s.notices.some((n) => n.includes(name) && n.includes(words)), `${lang} ${name}: ${s.notices.join(' | ')}`);
      assert(!s.notices.some((n) => n.includes(english)), `${lang} ${name}: English in ${s.notices.join(' | ')}`);
    }
    const canvasLabel = await until(() => page.evaluate((w) => {
      const l = document.getElementById('canvas').getAttribute('aria-label');
      return l.includes(w) ? l : null;
    }, label), `the canvas's label in ${lang}`, 5000);
    assert(!canvasLabel.includes('Space plays'), canvasLabel);
    const mirrorLabel = await page.evaluate(() => document.getElementById('mirror').getAttribute('aria-label'));
    assert(mirrorLabel !== 'Stride Convolution Lab as HTML', mirrorLabel);
  }
});

test('image mode: every image lesson opens by link with its picture and layer', async ({ page, open }) => {
  for (const [lesson, source, kernel] of [['zoneplate-stride2', 'zoneplate', 'identity'],
    ['pool-vs-stride-photo', 'photo:astronaut', 'sobel_x'], ['why-blurpool', 'zoneplate', 'identity']]) {
    await open(`?lesson=${lesson}`);
    const s = await imageState(page);
    assert(s.view === 'image' && s.lesson === lesson && s.image_source === source && s.kernel_preset === kernel,
      `${lesson}: ${JSON.stringify([s.view, s.lesson, s.image_source, s.kernel_preset])}`);
    assert(s.notices.length === 0, s.notices.join(' | '));
  }
});
// [SECTION] Tests: touch (taps, drags) on phone-sized screens -----------------------------------

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true };

// The state a tap or click can change, without what time changes while playing.
function comparable(state, playing) {
  const { explanation, notices, ...rest } = state;
  if (playing) {  // the step (and the sentence about it) depends on when each page was read
    delete rest.step; delete rest.playing; delete rest.output_values; delete rest.channel_step;
    if (rest.description) rest.description = { ...rest.description, step: undefined };
  }
  return JSON.stringify(rest);
}

// The top-level members where two comparable states differ, each as "key: a | b".
function stateDifference(a, b) {
  const x = JSON.parse(a), y = JSON.parse(b);
  return [...new Set([...Object.keys(x), ...Object.keys(y)])]
    .filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]))
    .map((k) => `${k}: ${JSON.stringify(x[k])} | ${JSON.stringify(y[k])}`.slice(0, 400)).join('\n   ');
}

// The screen in four bands, one test each (every test has 90 s), 9 points each.
for (const [band, rows] of [['first', [0, 3]], ['second', [3, 6]], ['third', [6, 9]], ['fourth', [9, 12]]]) {
  test(`phone, touch: a tap does what a mouse click does at the same point, over a grid of points (${band} quarter)`, async ({ browser, base }) => {
    // Two pages on the same phone-sized touch screen, one clicked with the mouse, one tapped: after
    // every point both must be in the same state (the same layout: both see a coarse pointer).
    const contexts = await Promise.all([browser.newContext(PHONE), browser.newContext(PHONE)]);
    try {
      const [mousePage, touchPage] = await Promise.all(contexts.map((c) => c.newPage()));
      for (const page of [mousePage, touchPage]) {
        await page.goto(base + 'index.html?lesson=seed-stride2');
        await waitForApp(page);
      }
      let changes = 0;
      let before = await getState(touchPage);
      let beforeMouse = await getState(mousePage);
      // The black squares of a 6 x 12 grid over the screen (every point of it takes longer than a test may).
      for (let row = rows[0]; row < rows[1]; row += 1) {
        for (let col = row % 2; col < 6; col += 2) {
          const x = 20 + col * 70, y = 30 + row * 68;
          await mousePage.mouse.click(x, y);
          await touchPage.touchscreen.tap(x, y);
          await Promise.all([frames(mousePage, 5), frames(touchPage, 5)]);
          let [a, b] = await Promise.all([getState(mousePage), getState(touchPage)]);
          if (a.playing || b.playing) {
            // Play: each walk moves with its own page's clock (one may already have stopped at the
            // end). Both must have started; then both stop at one step and must agree on the rest.
            const started = (s, was) => s.playing || s.step !== was.step;
            assert(started(a, beforeMouse) && started(b, before),
              `at (${x}, ${y}) one page plays and the other does not (click | tap): ` +
              `playing ${a.playing} | ${b.playing}, step ${a.step} | ${b.step}`);
            for (const page of [mousePage, touchPage])
              await page.evaluate((step) => { strideconv.pause(); strideconv.setState({ step }); }, b.step);
            await Promise.all([frames(mousePage, 2), frames(touchPage, 2)]);
            [a, b] = await Promise.all([getState(mousePage), getState(touchPage)]);
          }
          assert(comparable(a, false) === comparable(b, false),
            `at (${x}, ${y}) the tap and the click disagree (click | tap):\n   ${stateDifference(comparable(a, false), comparable(b, false))}`);
          if (comparable(b, true) !== comparable(before, true) || b.step !== before.step) changes += 1;
          before = b;
          beforeMouse = a;
        }
      }
      // The top quarter holds the transport and the grids' top (the lower ones the sentences): taps there act.
      if (band === 'first') assert(changes >= 2, `only ${changes} of 9 taps changed the lab`);
    } finally {
      await Promise.all(contexts.map((c) => c.close()));
    }
  });
}

test('phone, touch: tapping the step button advances one step, every time', async ({ page, open }) => {
  await open('?lesson=seed-stride2');
  const width = await page.evaluate(() => window.innerWidth);
  assert(width === 390, `the page is ${width} CSS pixels wide, not 390`);
  // The transport row is at the top; find the ">" button by tapping along it.
  let found = null;
  for (let x = 120; x <= 300 && !found; x += 8) {
    await page.evaluate(() => { strideconv.pause(); strideconv.setState({ step: 0 }); });
    await frames(page, 2);
    await page.touchscreen.tap(x, 30);
    await frames(page, 5);
    const s = await getState(page);
    if (s.step === 1 && !s.playing) found = x;
  }
  assert(found !== null, 'no tap along the transport row stepped forward by one');
  // A tap twice in a row on ">": two steps (a press and release in one frame used to be lost).
  await page.touchscreen.tap(found, 30);
  await page.touchscreen.tap(found, 30);
  await frames(page, 8);
  assert((await getState(page)).step === 3, `two more taps on ">" left step ${(await getState(page)).step}`);
}, PHONE);

test('phone, touch: two fingers pinch the grids larger (zoom) and never zoom the page; one finger still taps', async ({ page, open }) => {
  await open('?lesson=seed-stride2');
  assert((await getState(page)).zoom === 100, 'the grids start fitted (zoom 100)');
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
  // Two fingers 40 CSS pixels apart over the grids move apart to 100: zoom 100 -> about 250.
  const y = 200;
  await touch('touchStart', [{ x: 175, y, id: 0 }, { x: 215, y, id: 1 }]);
  for (let k = 1; k <= 6; ++k) {
    await touch('touchMove', [{ x: 175 - 5 * k, y, id: 0 }, { x: 215 + 5 * k, y, id: 1 }]);
    await frames(page, 1);
  }
  await touch('touchEnd', []);
  await frames(page, 3);
  const s = await getState(page);
  assert(s.zoom >= 230 && s.zoom <= 270, `a pinch from 40 to 100 pixels apart gave zoom ${s.zoom}, not about 250`);
  assert(s.step === 0 && !s.playing, `the pinch acted as a tap: step ${s.step}, playing ${s.playing}`);
  const scale = await page.evaluate(() => window.visualViewport ? window.visualViewport.scale : 1);
  assert(scale === 1, `the page zoomed (visual viewport scale ${scale})`);
  await page.waitForTimeout(400);  // the address bar follows the state within 250 ms
  assert((await page.evaluate(() => location.search)).includes('zoom='), 'the link carries the zoom');
  // Pinching in again brings it back down; the limits hold.
  await touch('touchStart', [{ x: 100, y, id: 0 }, { x: 300, y, id: 1 }]);
  for (let k = 1; k <= 8; ++k) {
    await touch('touchMove', [{ x: 100 + 12 * k, y, id: 0 }, { x: 300 - 12 * k, y, id: 1 }]);
    await frames(page, 1);
  }
  await touch('touchEnd', []);
  await frames(page, 3);
  assert((await getState(page)).zoom === 100, `pinching in to a fifth left zoom ${(await getState(page)).zoom}`);
}, PHONE);

test('zoom: the mirror\'s Grid zoom field and setState set it, at most 400', async ({ page, open }) => {
  await open('?lesson=seed-stride1');
  const field = page.getByRole('spinbutton', { name: 'Grid zoom (percent)' });
  assert(await field.count() === 1, 'the mirror has a Grid zoom (percent) field');
  await field.fill('200');
  await field.dispatchEvent('change');
  await frames(page, 3);
  assert((await getState(page)).zoom === 200, `the field set zoom ${(await getState(page)).zoom}`);
  const notices = await page.evaluate(() => strideconv.setState({ zoom: 900 }));
  await frames(page, 2);
  assert((await getState(page)).zoom === 400 && notices.length === 1, `setState zoom 900: ${(await getState(page)).zoom}, ${notices}`);
});

// [SECTION] Tests: screen readers and keyboards (the HTML mirror, web/mirror.js) ------------------

test('screen reader: the accessibility tree shows the three grids and names every control', async ({ page, open }) => {
  await open('?input=7x7&kernel=3&stride=3');
  const tree = await page.locator('#mirror').ariaSnapshot();
  for (const want of ['grid "Input, 7 by 7"', 'grid "Kernel, 3 by 3"', 'grid "Output, 2 by 2"', 'heading "Layer"',
    'heading "Walk"', 'heading "Grids"', 'button "Next step"', 'spinbutton "Stride height"', 'combobox "Operation"',
    'combobox "Lesson"', 'checkbox "ceil_mode (pools)"'])
    assert(tree.includes(want), `the accessibility tree lacks ${want}:\n${tree.slice(0, 1500)}`);
  // Every form control has a name: a <label for> that exists.
  const unnamed = await page.$$eval('#mirror input, #mirror select, #mirror button', (controls) => controls
    .filter((c) => c.tagName === 'BUTTON' ? !c.textContent.trim() : !(c.labels && c.labels.length && c.labels[0].textContent.trim()))
    .map((c) => c.outerHTML));
  assert(unnamed.length === 0, `controls without a name: ${unnamed.join(' ')}`);
  // The grids hold the values: input (r, c) = 7r + c + 1 (values 1, 2, 3, ...), output (1, 1) = 297.
  const cell = (grid, r, c) => page.$eval(`#mirror table[aria-label^="${grid}"] tr:nth-child(${r + 1}) td:nth-child(${c + 1})`,
    (td) => td.textContent);
  assert(await cell('Input', 6, 6) === '49' && await cell('Output', 1, 1) === '297',
    `input (6, 6) ${await cell('Input', 6, 6)}, output (1, 1) ${await cell('Output', 1, 1)}`);
});

test('reduced motion: nothing moves by itself; every view and lesson opens still (no autoplay, no transitions)', async ({ browser, base }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  try {
    const page = await context.newPage();
    for (const query of ['?lesson=uneven&view=compare', '?view=stack&preset=resnet18', '?lesson=zoneplate-stride2']) {
      await page.goto(`${base}index.html${query}`);
      await waitForApp(page);
      assert(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches), 'the page does not see reduced motion');
      if (query.includes('zoneplate')) await imageState(page);  // image mode computes over several frames
      await page.mouse.move(5, 795);  // the pointer away from anything that answers to hover
      await frames(page, 10);
      const first = await page.screenshot();
      const state = await getState(page);
      await sleep(1000);
      await frames(page, 10);
      const second = await page.screenshot();
      assert(!state.playing, `${query} opened playing`);
      assert(first.equals(second), `${query}: the canvas changed over a second with nothing done`);
    }
  } finally {
    await context.close();
  }
});

test('keyboard: Tab leaves the canvas for the mirror, whose buttons step the walk and whose live region says so', async ({ page, open }) => {
  await open('?lesson=seed-stride2');
  await page.focus('#canvas');
  const hiddenBox = await page.locator('#mirror').boundingBox();
  assert(hiddenBox.width <= 1 && hiddenBox.height <= 1, `the mirror shows before the keyboard is in it: ${JSON.stringify(hiddenBox)}`);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.closest('#mirror') !== null);
  assert(focused, `Tab left the focus on ${await page.evaluate(() => document.activeElement.outerHTML.slice(0, 80))}`);
  const shownBox = await page.locator('#mirror').boundingBox();
  assert(shownBox.width > 300 && shownBox.height > 100, `the mirror stays hidden with the focus in it: ${JSON.stringify(shownBox)}`);
  await page.focus('#mirror button:text("Next step")');
  await page.keyboard.press('Enter');
  await until(async () => (await getState(page)).step === 1, 'Enter on "Next step" to step to 1');
  await until(async () => (await page.textContent('#mirror-live')).startsWith('Step 2 of 4: output (0, 1)'),
    'the live region to say step 2', 5000);
  // Keys typed in the mirror stay there: an arrow on a button does not step the canvas's walk.
  await page.keyboard.press('ArrowRight');
  await frames(page, 3);
  assert((await getState(page)).step === 1, 'an arrow key in the mirror also stepped the walk');
  // Shift+Tab goes back towards the canvas; no trap.
  await page.focus('#mirror select');
  await page.keyboard.press('Shift+Tab');
  assert(await page.evaluate(() => document.activeElement.id === 'canvas' || document.activeElement.tagName === 'H1' ||
    !document.activeElement.closest('#mirror')), 'Shift+Tab from the first control did not leave it');
});

test('keyboard: arrow keys move through the output grid; each cell says its value, its window and its sum', async ({ page, open }) => {
  await open('?input=7x7&kernel=3&stride=3&padding=0');
  await page.focus('#mirror table[aria-label^="Output"] td');
  const label = () => page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  const first = await label();
  assert(first.startsWith('output row 0, column 0 = 81: window over input rows 0 to 2, columns 0 to 2 (step 1 of 4)'), first);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  const corner = await label();
  assert(corner.startsWith('output row 1, column 1 = 297: window over input rows 3 to 5, columns 3 to 5') && corner.endsWith('= 297'), corner);
  assert((await getState(page)).step === 0, 'moving through the grid stepped the walk');
  await page.keyboard.press('Enter');  // walks to that cell's window
  await until(async () => (await getState(page)).step === 3, 'Enter on output (1, 1) to go to step 4');
  // The input grid: a dropped row says why no window reads it.
  await page.focus('#mirror table[aria-label^="Input"] td');
  await page.keyboard.press('Control+End');
  assert((await label()).includes('never read; it lies after the last window'), await label());
});

// Languages (issue 10): lang= in links, the browser's language by default, the list in the host API.
test('languages: ?lang=de shows German, an English browser gets English, a bad code is English with a notice', async ({ page, open }) => {
  await open('?lesson=dropped');
  const english = await page.locator('#canvas').screenshot();
  const codes = await page.evaluate(() => window.strideconv.languages);
  assert(same(codes, ['en', 'de', 'fr']), `strideconv.languages is ${JSON.stringify(codes)}`);
  assert((await getState(page)).lang === 'en', 'an English browser without lang= gets English');

  await open('?lesson=dropped&lang=de');
  const s = await getState(page);
  assert(s.lang === 'de' && s.notices.length === 0, `lang ${s.lang}, notices ${s.notices}`);
  assert(await page.evaluate(() => document.documentElement.lang) === 'de', 'the page\'s lang follows the app');
  // The screen-reader copy speaks German too: the layer, the step and a cell.
  assert(s.description.layer.includes('Eingabe 6x6') && s.description.step.startsWith('Schritt 1 von 4'),
    JSON.stringify(s.description));
  const cell = await page.evaluate(() => window.strideconv.describeCell('output', 1, 0));
  assert(cell.startsWith('Ausgabe Zeile 1, Spalte 0 = 180: Fenster über Eingabe Zeilen 2 bis 4'), cell);
  // The side panel (its left quarter) is drawn in other words; the grids are the same.
  const german = await page.locator('#canvas').screenshot();
  const panel = await differingFraction(page, english, german, { x: 0, y: 0, width: 0.25, height: 0.5 });
  assert(panel > 0.01, `the side panel looks the same in German (${panel} of its pixels differ)`);

  // The mirror's language list sets the language; the address bar follows.
  const field = await page.$$eval('#mirror label', (ls) => ls.find((l) => l.textContent === 'Sprache').htmlFor);
  await page.selectOption(`#${field}`, 'fr');
  await until(async () => (await getState(page)).lang === 'fr', 'the language to become French');
  await until(() => page.evaluate(() => location.search.includes('lang=fr')), 'lang=fr in the address bar', 3000);

  // An unknown code: English, with a notice naming the languages.
  const said = await page.evaluate(() => window.strideconv.setState({lang: 'xx'}));
  assert((await getState(page)).lang === 'en' && said.some((n) => n.includes('en, de, fr')), JSON.stringify(said));

});

test('languages: a French browser opening a link without lang= gets French; lang= wins over the browser', async ({ page, open }) => {
  await open('?stride=2');
  assert((await getState(page)).lang === 'fr', `a fr-FR browser got ${(await getState(page)).lang}`);
  assert((await getState(page)).explanation[0].startsWith('\u00c9tape 1 sur 4'), (await getState(page)).explanation[0]);
  await open('?stride=2&lang=en');
  assert((await getState(page)).lang === 'en', 'lang=en in a French browser');
}, { locale: 'fr-FR' });

test('languages: before the app has loaded, the page says "Loading" in the language the app then chooses; its notes\' numbers', async ({ page, open, base }) => {
  await open('');
  const codes = await page.evaluate(() => window.strideconv.languages);
  // The wasm is held back, so the page shows its loading line until it is let through.
  const held = [];
  await page.route('**/strideconv_app.wasm', (route) => { held.push(route); });
  const early = async (query) => {
    await page.goto(base + 'index.html' + query, { waitUntil: 'domcontentloaded' });
    await until(() => held.length > 0, 'the wasm request', 5000);
    const seen = await page.evaluate(() => ({ text: document.getElementById('status').textContent,
                                               lang: document.documentElement.lang }));
    held.splice(0).forEach((route) => route.continue());
    await waitForApp(page);
    return { ...seen, app: (await getState(page)).lang };
  };
  const texts = new Set();
  for (const code of codes) {
    const seen = await early(`?stride=2&lang=${code}`);
    assert(seen.lang === code && seen.app === code && /\S/.test(seen.text), `lang=${code}: ${JSON.stringify(seen)}`);
    texts.add(seen.text);
  }
  assert(texts.size === codes.length, `one loading line per language: ${JSON.stringify([...texts])}`);
  // A region subtag in any case, and a code the lab does not speak (English, as the app decides).
  const austrian = await early('?lang=DE-at');
  assert(austrian.lang === 'de' && austrian.app === 'de' && austrian.text !== 'Loading\u2026', JSON.stringify(austrian));
  const unknown = await early('?lang=xx');
  assert(unknown.lang === 'en' && unknown.app === 'en' && unknown.text === 'Loading\u2026', JSON.stringify(unknown));
  await page.unroute('**/strideconv_app.wasm');
  // The page's notes (recording) write their numbers as the app does: five digits and more grouped.
  const numbers = {};
  for (const code of ['en', 'de', 'fr']) {
    await page.evaluate((lang) => window.strideconv.setState({ lang }), code);
    numbers[code] = await page.evaluate(() => [1234, 12345, 1234567].map((n) =>
      Module.ccall('sc_number_text', 'string', ['number'], [n])));
  }
  assert(same(numbers.en, ['1234', '12345', '1234567']) && same(numbers.de, ['1234', '12.345', '1.234.567']) &&
         same(numbers.fr, ['1234', '12\u202f345', '1\u202f234\u202f567']), JSON.stringify(numbers));
});

// Every text of the mirror, in document order: headings, labels, buttons, options, the grids' names
// and the help sentence (not the app's own sentences: the live region, the quiz's question).
function mirrorTexts(page) {
  return page.$$eval('#mirror h1, #mirror h2, #mirror label, #mirror button, #mirror option, #mirror p:not([id]), ' +
    '#mirror span.of, #mirror table', (nodes) => nodes.map((n) =>
    (n.tagName === 'TABLE' ? n.getAttribute('aria-label') : n.textContent).trim()));
}

test('mirror: headings, labels, buttons, options and grid names speak the lab\'s language, and change with it', async ({ page, open }) => {
  await open('?lesson=dropped');
  const english = await mirrorTexts(page);
  assert(english.includes('Stride height') && english.includes('Output, 2 by 2'), JSON.stringify(english));
  await page.evaluate(() => window.strideconv.setState({lang: 'de'}));
  await until(async () => (await mirrorTexts(page)).includes('Schrittweite (H\u00f6he)'), 'the mirror\'s labels in German');
  const german = await mirrorTexts(page);
  assert(german.length === english.length, `${german.length} texts in German, ${english.length} in English`);
  // The same in both languages by design: PyTorch's names, numbers, each language's own name, and
  // the few words German shares with English.
  const same = new Set(['conv2d', 'max_pool2d', 'avg_pool2d', 'conv_transpose2d', 'same', 'valid', 'full', 'zeros',
    'reflect', 'replicate', 'circular', '0', '1', '1, 2, 3, ...', 'English', 'Deutsch', 'Fran\u00e7ais', 'Quiz', 'Pause',
    'Operation', 'Padding', 'Sobel x', 'Sobel y']);
  const english_only = english.filter((t, k) => t !== '' && t === german[k] && !same.has(t));
  assert(english_only.length === 0, `still in English with lang=de: ${JSON.stringify(english_only)}`);
  assert(german.includes('Ausgabe, 2 mal 2') && german.includes('N\u00e4chster Schritt'), JSON.stringify(german));
  // The mirror's own language list: French from then on, its words included.
  const field = await page.$$eval('#mirror label', (ls) => ls.find((l) => l.textContent === 'Sprache').htmlFor);
  await page.selectOption(`#${field}`, 'fr');
  await until(async () => (await mirrorTexts(page)).includes('\u00c9tape suivante'), 'the mirror\'s buttons in French');
  const french = await mirrorTexts(page);
  assert(french.includes('Langue') && french.includes('Sortie, 2 sur 2'), JSON.stringify(french));
});

test('mirror: a control changes the lab, the live region says what the stride does, a refused value is explained', async ({ page, open }) => {
  await open('?input=7x7&kernel=3');
  const field = await page.$$eval('#mirror label', (ls) => ls.find((l) => l.textContent === 'Stride height').htmlFor);
  await page.fill(`#${field}`, '3');
  await page.press(`#${field}`, 'Tab');
  await until(async () => (await getState(page)).stride[0] === 3, 'the stride height to become 3');
  await until(async () => (await page.textContent('#mirror-live')).includes('stride 3x1, padding 0, 0, 0, 0: output 2x5'),
    'the live region to describe the new layer', 5000);
  assert((await page.textContent('#mirror-live')).includes('Dropped by the floor: 1 last row'), await page.textContent('#mirror-live'));
  // The canvas shows the same: its output is 2x5 too.
  assert(same((await getState(page)).output, [2, 5]), JSON.stringify((await getState(page)).output));
  // A value past the limit: clamped, and the live region says so.
  await page.fill(`#${field}`, '99');
  await page.press(`#${field}`, 'Tab');
  await until(async () => (await getState(page)).stride[0] === 8, 'the stride to be clamped to 8');
  const clamped = await getState(page);
  assert(clamped.notices.length > 0, 'no notice for stride 99');
  await until(async () => {
    const said = await page.textContent('#mirror-live');
    return said.includes('stride 8x1') && said.includes(clamped.notices[0]);
  }, 'the live region to give the new layer and the notice', 5000);
});

test('quiz: topics by link, answers through the host API and through the mirror, scored once each', async ({ page, open }) => {
  await open('?view=quiz&quiz=transposed');
  const q = await page.evaluate(() => strideconv.quiz());
  assert(q.topic === 'transposed' && q.number === 1 && q.prompt.startsWith('conv_transpose2d:'), JSON.stringify(q));
  assert(q.layer.startsWith('conv_transpose2d: input') && !q.answered && q.explanation === '', JSON.stringify(q));
  // A wrong answer is scored and says the right one; a second answer to the same question is not.
  const wrong = q.kind === 'transposed_size' ? '99x99' : '987654';
  const verdict = await page.evaluate((a) => strideconv.answerQuiz(a), wrong);
  assert(!verdict.correct && verdict.understood && verdict.feedback.startsWith('Not quite: the answer is '), JSON.stringify(verdict));
  const right = verdict.feedback.slice('Not quite: the answer is '.length, -1);
  assert((await page.evaluate((a) => strideconv.answerQuiz(a), right)).correct, `"${right}" is not accepted`);
  const after = await page.evaluate(() => strideconv.quiz());
  assert(after.answered && after.score.asked === 1 && after.score.correct === 0 && after.explanation.length > 20,
    JSON.stringify(after));
  // Another topic by setState: a new quiz, scored from zero.
  await page.evaluate(() => strideconv.setState({ quiz: 'channels' }));
  const channels = await page.evaluate(() => strideconv.quiz());
  assert(channels.topic === 'channels' && channels.number === 1 && channels.score.asked === 0 &&
    channels.layer.includes('in_channels'), JSON.stringify(channels));
  assert((await getState(page)).quiz === 'channels', 'getState().quiz');
  // The mirror: the question in words, an answer typed and checked, the verdict spoken.
  await until(async () => (await page.textContent('#mirror-quiz-prompt')) === channels.prompt, 'the mirror to show the question');
  await page.fill('#mirror-quiz-answer', 'several');
  await page.click('#mirror button:text-is("Check")');
  await until(async () => (await page.textContent('#mirror-live')).includes('Answer with a whole number'),
    'the live region to say how to answer', 5000);
  await page.fill('#mirror-quiz-answer', '0');
  await page.press('#mirror-quiz-answer', 'Enter');
  await until(async () => (await page.textContent('#mirror-live')).startsWith('Not quite: the answer is '),
    'the live region to give the verdict', 5000);
  const scored = await page.evaluate(() => strideconv.quiz());
  assert(scored.score.asked === 1 && scored.answered, JSON.stringify(scored));
  await page.click('#mirror button:text-is("Next question")');
  await until(async () => (await page.textContent('#mirror-live')).startsWith('Question 2   (score 0 of 1). '),
    'the next question spoken', 5000);
  assert(await page.evaluate(() => document.activeElement.id) === 'mirror-quiz-answer', 'focus back in the answer field');
  await frames(page, 3);
  assert(await canvasColours(page) > 10, 'the canvas still draws the quiz');
});

test('quiz: in German, then French: the question, the verdict and the mirror follow the language; the same question', async ({ page, open }) => {
  await open('?view=quiz&quiz=transposed&lang=de');
  const q = await page.evaluate(() => strideconv.quiz());
  assert(q.lang === 'de' && q.heading.startsWith('Frage 1') && q.prompt.startsWith('conv_transpose2d: Wie viele Paare'),
    JSON.stringify(q));
  assert(q.layer.startsWith('conv_transpose2d: Eingabe'), q.layer);
  const verdict = await page.evaluate(() => strideconv.answerQuiz('0'));
  assert(verdict.feedback.startsWith('Nicht ganz: die Antwort ist '), JSON.stringify(verdict));
  const answer = verdict.feedback.slice('Nicht ganz: die Antwort ist '.length, -1);
  await until(async () => (await page.textContent('#mirror-quiz-prompt')) === q.prompt, 'the mirror to show the German question');
  // French from the next frame: the same question (its answer), the verdict and the working in French.
  await page.evaluate(() => strideconv.setState({ lang: 'fr' }));
  await frames(page, 2);
  const fr = await page.evaluate(() => strideconv.quiz());
  assert(fr.number === 1 && fr.kind === q.kind && fr.score.asked === 1, JSON.stringify(fr));
  assert(fr.prompt.startsWith('conv_transpose2d\u00a0: combien de paires') && fr.heading.startsWith('Question 1'), JSON.stringify(fr));
  assert(fr.feedback === `Pas tout \u00e0 fait\u00a0: la r\u00e9ponse est ${answer}.`, fr.feedback);
  assert(fr.explanation.includes('Paires\u00a0:'), fr.explanation);
  await until(async () => (await page.textContent('#mirror-quiz-prompt')) === fr.prompt, 'the mirror to show the French question');
  await page.focus('#mirror-quiz-answer');  // the mirror shows itself while focus is in it
  await page.click('#mirror button:text-is("Question suivante")');  // the mirror's words are French too
  await until(async () => (await page.textContent('#mirror-live')).startsWith('Question 2   (score\u00a0: 0 sur 1). '),
    'the next question spoken in French', 5000);
});

// [SECTION] Tests: output values against PyTorch (tests/golden/cases.json) ---------------------

// The golden cases PyTorch computed (tests/golden/gen_golden.py), read once.
let goldenCasesCache = null;
async function goldenCases() {
  if (!goldenCasesCache)
    goldenCasesCache = JSON.parse(await readFile(path.join(repo, 'tests', 'golden', 'cases.json'), 'utf8')).cases;
  return goldenCasesCache;
}

const pairOf = (v, fallback) => (v === undefined || v === null ? fallback : Number.isInteger(v) ? [v, v] : v);

// A golden request as a full lesson state for setState (every key the request decides, so nothing
// is left over from the previous case), or null when the lesson view cannot show it: up to 16
// input and output channels, one bias for every filter, no divisor_override, within the grid's
// limits (teach::kMax*). getState().output_values is output channel 0's map (channel=0).
function requestAsState(request) {
  const { op } = request;
  const channels = request.input.length;
  if (!['conv2d', 'max_pool2d', 'avg_pool2d', 'conv_transpose2d'].includes(op) || channels < 1 || channels > 16) return null;
  const x = request.input[0];
  const input = [x.length, x[0].length];
  let kernel, w = null, outChannels = 1;
  const groups = request.groups || 1;
  const transposed = op === 'conv_transpose2d';
  if (transposed) {  // conv_transpose2d's weight is [C_in][C_out/groups][kh][kw]: the walk scatters 1 x 1
    if (channels !== 1 || request.weight.length !== 1 || request.weight[0].length !== 1 || groups !== 1) return null;
    w = request.weight[0][0];
    kernel = [w.length, w[0].length];
  } else if (op === 'conv2d') {
    outChannels = request.weight.length;
    if (outChannels > 16 || channels % groups || outChannels % groups || request.weight[0].length !== channels / groups) return null;
    if (request.bias && request.bias.some((b) => b !== request.bias[0])) return null;
    w = request.weight[0][0];
    kernel = [w.length, w[0].length];
  } else {
    if (request.divisor_override !== undefined && request.divisor_override !== null) return null;
    kernel = pairOf(request.kernel_size);
  }
  const stride = pairOf(request.stride, op === 'conv2d' || transposed ? [1, 1] : kernel);
  const outputPadding = pairOf(request.output_padding, [0, 0]);
  const dilation = pairOf(request.dilation, [1, 1]);
  let padding = request.padding === undefined ? 0 : request.padding;
  if (typeof padding !== 'string') {
    padding = pairOf(padding);
    if (padding.length === 2) padding = [padding[0], padding[0], padding[1], padding[1]];
  }
  const within = (v, most) => v.every((n) => n >= 1 && n <= most);
  if (!within(input, 32) || !within(kernel, 9) || !within(stride, 8) || !within(dilation, 6) ||
      (Array.isArray(padding) && padding.some((n) => n > 8))) return null;
  // The transposed conv's output grows with the stride: getState() gives output_values up to 64x64.
  if (transposed && [0, 1].some((a) => (input[a] - 1) * stride[a] - 2 * padding[2 * a] +
      dilation[a] * (kernel[a] - 1) + outputPadding[a] + 1 > 64)) return null;
  return {
    op, input, kernel, stride, dilation, padding,
    output_padding: outputPadding,  // always: a partial setState keeps the last case's otherwise
    padding_mode: request.padding_mode || 'zeros',
    bias: request.bias ? request.bias[0] : 0,
    ceil_mode: !!request.ceil_mode,
    count_include_pad: request.count_include_pad === undefined ? true : request.count_include_pad,
    x: request.input.flat(2),
    ...(w ? { w: request.weight.flat(3) } : { kernel_preset: 'ones' }),
    in_channels: channels, out_channels: outChannels, groups: op === 'conv2d' ? groups : 1, channel: [0],
  };
}

// Within golden_test.cpp's tolerance: |got - want| <= 1e-5 + 1e-4 |want| (summation order).
function valuesMismatch(got, want) {
  if (!Array.isArray(got) || got.length !== want.length) return `rows ${JSON.stringify(got)}, PyTorch ${want.length}`;
  for (let y = 0; y < want.length; y++) {
    if (!Array.isArray(got[y]) || got[y].length !== want[y].length) return `row ${y}: ${JSON.stringify(got[y])}`;
    for (let x = 0; x < want[y].length; x++) {
      if (typeof got[y][x] !== 'number' || !(Math.abs(got[y][x] - want[y][x]) <= 1e-5 + 1e-4 * Math.abs(want[y][x])))
        return `(${y}, ${x}) is ${got[y][x]}, PyTorch ${want[y][x]}`;
    }
  }
  return null;
}

test('getState().output_values equal PyTorch for every golden case the lesson view can show (padding modes, same/valid, pools, conv_transpose2d)',
  async ({ open }) => {
    const page = await open();
    const cases = (await goldenCases()).filter((c) => !c.expect.error && requestAsState(c.request));
    const counts = {};
    for (const c of cases) counts[c.request.padding_mode || c.request.op] = (counts[c.request.padding_mode || c.request.op] || 0) + 1;
    // The four padding modes and both pools are among them, not only the easy cases.
    for (const kind of ['zeros', 'reflect', 'replicate', 'circular', 'max_pool2d', 'avg_pool2d', 'conv_transpose2d'])
      assert(counts[kind] >= 5, `only ${counts[kind] || 0} golden cases of ${kind}: ${JSON.stringify(counts)}`);
    const results = await page.evaluate((list) => list.map(({ name, state }) => {
      const notices = window.strideconv.setState(state);
      const s = window.strideconv.getState();
      if (notices.length) return `${name}: notices ${notices.join(' | ')}`;
      if (s.error !== null) return `${name}: refused: ${s.error}`;
      // The app keeps float32 and writes it with 9 digits: 0.939 comes back as 0.93900001.
      if (s.x.length !== state.x.length || s.x.some((v, i) => Math.fround(v) !== Math.fround(state.x[i])))
        return `${name}: the input did not take: ${JSON.stringify(s.x).slice(0, 80)}`;
      return { name, values: s.output_values, output: s.output };
    }), cases.map((c) => ({ name: c.name, state: requestAsState(c.request) })));
    const problems = [];
    results.forEach((result, k) => {
      if (typeof result === 'string') { problems.push(result); return; }
      const want = cases[k].expect.output[0];
      if (!same(result.output, [want.length, want[0].length])) problems.push(`${result.name}: output ${result.output}`);
      const mismatch = valuesMismatch(result.values, want);
      if (mismatch) problems.push(`${result.name}: ${mismatch}`);
    });
    assert(problems.length === 0, `${problems.length} of ${cases.length} cases differ:\n${problems.slice(0, 10).join('\n')}`);
  });

test('every lesson: its input, weights and geometry are the golden case "lesson NAME", its output_values PyTorch\'s',
  async ({ open }) => {
    const page = await open();
    // golden_test.cpp checks that every lesson of teach::lessons() has its golden case.
    const names = (await goldenCases()).filter((c) => c.name.startsWith('lesson ')).map((c) => c.name.slice(7));
    assert(names.length >= 10, `${names.length} lesson cases in tests/golden/cases.json`);
    const lessons = await page.evaluate((list) => list.map((name) => {
      window.strideconv.setState({ lesson: name });
      return window.strideconv.getState();
    }), names);
    const cases = new Map((await goldenCases()).map((c) => [c.name, c]));
    for (const s of lessons) {
      const c = cases.get(`lesson ${s.lesson}`);
      assert(c, `no golden case "lesson ${s.lesson}" (tests/golden/gen_golden.py lesson_cases)`);
      const want = requestAsState(c.request);
      for (const key of ['op', 'input', 'kernel', 'stride', 'dilation', 'padding', 'padding_mode', 'bias', 'x', 'in_channels', 'out_channels', 'groups', ...(want.w ? ['w'] : [])])
        assert(same(s[key], want[key]), `lesson ${s.lesson}: ${key} is ${JSON.stringify(s[key])}, the golden case has ${JSON.stringify(want[key])}`);
      const mismatch = valuesMismatch(s.output_values, c.expect.output[0]);
      assert(!mismatch, `lesson ${s.lesson}: ${mismatch}`);
    }
  });

// [Channels and groups] The issue's grouped layer: every output channel's map and every step's
// per-channel partial sums are PyTorch's (tests/golden/cases.json "channels grouped 4-8-4", and its
// "partial O I" maps), walked through setState as a host would; the strip's filter buttons walk
// another filter.
test('channels: ?in_channels=4&out_channels=8&groups=4 walks a grouped layer with its per-channel sums (PyTorch)',
  async ({ page, open }) => {
    await open('?in_channels=4&out_channels=8&groups=4');
    let s = await getState(page);
    assert(s.in_channels === 4 && s.out_channels === 8 && s.groups === 4 && same(s.channel, [0, 0]),
      `channels: ${JSON.stringify([s.in_channels, s.out_channels, s.groups, s.channel])}`);
    assert(s.x.length === 100 && s.w.length === 72 && s.steps === 9, `sizes ${s.x.length} ${s.w.length} ${s.steps}`);
    assert(s.explanation.some((line) => line.startsWith('groups 4 (depthwise): each of the 8 filters sees 1 of the 4')),
      `explanation: ${JSON.stringify(s.explanation)}`);
    const cases = new Map((await goldenCases()).map((c) => [c.name, c]));
    for (const name of ['grouped 4-8-4', 'standard 3-2']) {
      const layer = cases.get(`channels ${name}`);
      const r = layer.request;
      const state = {
        in_channels: r.input.length, out_channels: r.weight.length, groups: r.groups || 1,
        input: [r.input[0].length, r.input[0][0].length], kernel: [3, 3], stride: r.stride,
        padding: [r.padding[0], r.padding[0], r.padding[1], r.padding[1]], bias: r.bias[0],
        x: r.input.flat(2), w: r.weight.flat(3), step: 0, channel: [0, 0],
      };
      const walked = await page.evaluate(({ state, outs }) => {
        const notices = window.strideconv.setState(state);
        const per = [];
        for (let o = 0; o < outs; o++) {
          window.strideconv.setState({ channel: [o], step: 0 });
          const first = window.strideconv.getState();
          const steps = [];
          for (let k = 0; k < first.steps; k++) {
            window.strideconv.setState({ step: k });
            steps.push(window.strideconv.getState().channel_step);
          }
          per.push({ values: first.output_values, steps });
        }
        return { notices, per };
      }, { state, outs: r.weight.length });
      assert(walked.notices.length === 0, `${name}: notices ${walked.notices.join(' | ')}`);
      const want = layer.expect.output;
      walked.per.forEach(({ values, steps }, o) => {
        const mismatch = valuesMismatch(values, want[o]);
        assert(!mismatch, `${name}: output channel ${o}: ${mismatch}`);
        const cols = want[o][0].length;
        steps.forEach((step, k) => {
          const [row, col] = [Math.floor(k / cols), k % cols];
          assert(step.filter === o && same(step.cell, [row, col]), `${name}: step ${k}: ${JSON.stringify(step)}`);
          assert(Math.abs(step.result - want[o][row][col]) <= 1e-4, `${name}: filter ${o} step ${k}: ${step.result}`);
          step.channels.forEach((i, n) => {
            const partial = cases.get(`channels ${name} partial ${o} ${i}`);
            assert(partial, `${name}: filter ${o} reads input channel ${i}, which PyTorch's grouping does not`);
            const p = partial.expect.output[0][row][col];
            assert(Math.abs(step.sums[n] - p) <= 1e-4, `${name}: filter ${o} step ${k} channel ${i}: ${step.sums[n]}, PyTorch ${p}`);
          });
        });
      });
    }

    // The groups lesson: filter 5 reads channel 2 alone (values 51..75); at output (1, 1) its window
    // holds 51 + 5r + c for r, c in 1..3, and the kernel is ones: 567.
    await open('?lesson=grouped&channel=5&step=4');
    s = await getState(page);
    assert(same(s.channel, [5, 2]) && same(s.channel_step.channels, [2]) && s.channel_step.total === 567,
      `lesson grouped, filter 5, step 4: ${JSON.stringify(s.channel_step)}`);
  });

test('lessons of the teaching-precision pass: every-kth, padding-solver, predict-value, predict-window; index_base',
  async ({ page, open }) => {
    await open('?lesson=every-kth');
    let s = await getState(page);
    assert(s.view === 'compare' && same(s.stride, [2, 2]) && same(s.compare_stride, [1, 1]), `every-kth: ${JSON.stringify(s)}`);
    assert(s.explanation.some((line) => line.includes('kept at every 2nd row and every 2nd column')),
      `every-kth explanation: ${JSON.stringify(s.explanation)}`);
    await page.focus('#canvas');
    await pressKey(page, 'End');
    s = await getState(page);
    assert(s.step === 8, `compare view: one step counter over the longer walk (9 steps), got ${s.step}`);

    await open('?lesson=padding-solver');
    s = await getState(page);
    assert(same(s.output, [4, 4]) && same(s.padding, [1, 1, 1, 1]), `padding-solver: ${JSON.stringify(s.output)}`);

    await open('?lesson=predict-value');
    s = await getState(page);
    assert(s.predict === 'value' && s.explanation[0].includes('predict the value the window writes at output (0, 0)'),
      `predict-value asks first: ${JSON.stringify(s.explanation)}`);
    await open('?lesson=predict-window');
    s = await getState(page);
    assert(s.predict === 'window' && s.explanation[0].includes('Click its top-left cell'),
      `predict-window asks first: ${JSON.stringify(s.explanation)}`);

    await open('?lesson=dropped&step=3&index_base=1');
    s = await getState(page);
    assert(s.index_base === 1 && s.explanation[0] === 'Step 4 of 4: output (2, 2) from the window at input (3, 3)',
      `index_base=1: ${JSON.stringify(s.explanation[0])}`);
  });

// [SECTION] Tests: the transposed convolution (issue 12) --------------------------------------------

test('transposed conv: the issue\'s link walks the scatter and the equivalent conv to 8x8, with the 1/2/4 overlap', async ({ page, open }) => {
  await open('?op=conv_transpose2d&input=4x4&kernel=3&stride=2&padding=1&output_padding=1');
  let s = await getState(page);
  assert(s.notices.length === 0, `notices: ${s.notices.join(' | ')}`);
  assert(s.op === 'conv_transpose2d' && same(s.output_padding, [1, 1]) && same(s.output, [8, 8]), `state ${JSON.stringify(s).slice(0, 300)}`);
  assert(s.steps === 16 && s.transposed_view === 'scatter', `the scatter takes one step per input cell: ${s.steps}`);
  assert(same(s.overlap, { min: 1, max: 4 }), `overlap ${JSON.stringify(s.overlap)}`);
  const golden = (await goldenCases()).find((c) => c.name === 'lesson transposed-upsample');
  const mismatch = valuesMismatch(s.output_values, golden.expect.output[0]);
  assert(!mismatch, `output_values against PyTorch: ${mismatch}`);
  assert(s.explanation[0].startsWith('Step 1 of 16: input (0, 0) = 1 stamps 1'), s.explanation[0]);
  assert(s.explanation.some((line) => line.includes('= 8') && line.includes('output_padding + 1')), 'the size formula with its numbers');
  assert(s.explanation.some((line) => line.includes('maps 7 and 8 rows to 4')), 'why output_padding exists');

  // Clicking an input cell walks the scatter to it: input (1, 2) is step 7.
  await frames(page, 2);
  let layout = await page.evaluate(() => strideconv.transposedLayout());
  assert(layout.cell > 4, `layout ${JSON.stringify(layout)}`);
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.click(box.x + layout.input.x + 2.5 * layout.cell, box.y + layout.input.y + 1.5 * layout.cell);
  await until(async () => (await getState(page)).step === 6, 'the click on input (1, 2) to walk to step 7', 5000);
  // To the end of the scatter: the last input cell's stamp completes the output.
  await page.evaluate(() => strideconv.step(100));
  s = await getState(page);
  assert(s.step === 15 && s.explanation[0].startsWith('Step 16 of 16: input (3, 3) = 16'), s.explanation[0]);

  // The equivalent stride-1 convolution: one step per output cell, the same 8x8 numbers.
  assert((await page.evaluate(() => strideconv.setState({ transposed_view: 'conv', step: 0 }))).length === 0, 'notices');
  await frames(page, 3);
  s = await getState(page);
  assert(s.steps === 64 && s.explanation[0].startsWith('Step 1 of 64: output (0, 0)'), `${s.steps}: ${s.explanation[0]}`);
  assert(!valuesMismatch(s.output_values, golden.expect.output[0]), 'the same output');
  layout = await page.evaluate(() => strideconv.transposedLayout());
  await page.mouse.click(box.x + layout.output.x + 3.5 * layout.cell, box.y + layout.output.y + 2.5 * layout.cell);
  await until(async () => (await getState(page)).step === 19, 'the click on output (2, 3) to walk to step 20', 5000);
  s = await getState(page);
  assert(s.explanation.some((line) => line.startsWith('Scatter: 2 of the 9 products are real')), s.explanation.join(' | '));
  await page.evaluate(() => strideconv.step(100));
  assert((await getState(page)).step === 63, 'the conv walk ends at output (7, 7)');

  // The overlap map: 1, 2 and 4 pairs, a checkerboard.
  await page.evaluate(() => strideconv.setState({ transposed_view: 'overlap' }));
  await frames(page, 3);
  s = await getState(page);
  assert(same(s.overlap, { min: 1, max: 4 }) && s.explanation.some((line) => line.startsWith('Overlap: 1 to 4') && line.includes('checkerboard')),
    s.explanation.join(' | '));
  assert(await canvasColours(page) > 20, 'the overlap view is nearly blank');
}, { viewport: { width: 1280, height: 800 } });

test('transposed conv: output_padding beyond PyTorch\'s rule is clamped with a notice; its lessons open by link', async ({ page, open }) => {
  await open('?op=conv_transpose2d&stride=2&output_padding=2');
  let s = await getState(page);
  assert(same(s.output_padding, [1, 1]), `output_padding ${s.output_padding}`);
  assert(s.notices.some((n) => n.includes('output_padding < max(stride, dilation)')), s.notices.join(' | '));
  await page.evaluate(() => strideconv.setState({ lesson: 'transposed-checkerboard' }));
  s = await getState(page);
  assert(s.transposed_view === 'overlap' && same(s.overlap, { min: 1, max: 4 }) && s.error === null, JSON.stringify(s.overlap));
  await page.evaluate(() => strideconv.setState({ padding: 'same' }));
  s = await getState(page);
  assert(s.error && s.error.includes('whole-number padding') && s.overlap === null, `error ${s.error}`);
});

// [SECTION] Tests: faults (WebGL context loss, Content-Security-Policy, memory, background tab, postMessage fuzzing) ---

// The page's WEBGL_lose_context: loses the canvas's context (lose) or asks for it back, and resolves
// when the canvas has said so (webglcontextlost / webglcontextrestored).
function loseContext(target, action) {
  return target.evaluate((action) => new Promise((resolve, reject) => {
    const canvas = document.getElementById('canvas');
    const gl = canvas.getContext('webgl2');
    // A lost context hands out no extension: the one from before the loss restores it.
    if (!gl.isContextLost()) window.__loseContext = gl.getExtension('WEBGL_lose_context');
    const extension = window.__loseContext;
    if (!extension) { reject(new Error('no WEBGL_lose_context')); return; }
    const event = action === 'lose' ? 'webglcontextlost' : 'webglcontextrestored';
    const timer = setTimeout(() => reject(new Error(`no ${event} within 10 s`)), 10000);
    canvas.addEventListener(event, () => { clearTimeout(timer); resolve(gl.isContextLost()); }, { once: true });
    if (action === 'lose') extension.loseContext(); else extension.restoreContext();
  }), action);
}

// The whole state as text (nothing in the states of these tests moves by itself).
const stateText = async (target) => JSON.stringify(await getState(target));

test('WebGL context lost and restored: the app redraws without a reload, keeps its state, and an export asked for meanwhile arrives',
  async ({ page, open, consoleMessages }) => {
    await open('?input=32&kernel=5&stride=3&step=40&values=random:5');
    const before = await stateText(page);
    const coloursBefore = await canvasColours(page);
    assert(coloursBefore > 20, `the walk is drawn before the loss (${coloursBefore} colours)`);
    await page.evaluate(() => { window.reloaded = false; window.addEventListener('beforeunload', () => { window.reloaded = true; }); window.marker = 'still this page'; });

    assert(await loseContext(page, 'lose') === true, 'the context is not lost after loseContext()');
    await frames(page, 3);
    const lostNote = await page.$eval('#status', (e) => e.textContent);
    assert(/graphics were lost/.test(lostNote), `the page does not say why the canvas is still: "${lostNote}"`);
    // The app keeps running without a context: its state and API.
    assert(await stateText(page) === before, 'the state changed when the context was lost');
    const stepped = await page.evaluate(() => { strideconv.step(1); return strideconv.getState().step; });
    assert(stepped === 41, `step while lost: ${stepped}`);
    await frames(page, 2);
    await page.evaluate(() => { window.exported = strideconv.exportPNG(1); });
    await frames(page, 3);

    assert(await loseContext(page, 'restore') === false, 'the context is still lost after restoreContext()');
    await frames(page, 3);
    const png = await blobToBuffer(page, 'window.exported.then((r) => r.blob)');
    const size = await page.$eval('#canvas', (c) => [c.width, c.height]);
    const info = await imageInfo(page, png);
    assert(info.width === size[0] && info.height === size[1] && info.colours > 20,
      `the export asked for while lost: ${JSON.stringify(info)}, canvas ${size}`);
    await page.evaluate(() => strideconv.step(-1));
    await frames(page, 3);
    assert(await stateText(page) === before, 'the state after the restore differs from before the loss');
    const coloursAfter = await canvasColours(page);
    assert(coloursAfter > 20 && Math.abs(coloursAfter - coloursBefore) <= coloursBefore * 0.1,
      `the canvas after the restore has ${coloursAfter} colours, ${coloursBefore} before`);
    assert(await page.$eval('#status', (e) => e.textContent) === '', 'the note stays after the restore');
    assert(await page.evaluate(() => window.marker === 'still this page' && !window.reloaded), 'the page reloaded');

    // Twice more, in image mode (its pictures have a renderer of their own) and with the projector
    // font asked for while lost: each comes back drawn.
    await page.evaluate(() => strideconv.setState({ view: 'image', image: 'zoneplate', stride: 2 }));
    await imageState(page);
    for (const round of [1, 2]) {
      const drawn = await canvasColours(page);
      await loseContext(page, 'lose');
      if (round === 2) await page.evaluate(() => strideconv.setState({ large_text: true }));
      await frames(page, 2);
      await loseContext(page, 'restore');
      await frames(page, 4);
      const again = await canvasColours(page);
      assert(again > 40 && (round === 2 || Math.abs(again - drawn) <= drawn * 0.1),
        `image mode after restore ${round}: ${again} colours, ${drawn} before`);
    }
    const glWarnings = consoleMessages.filter((m) => /shader|INVALID_|GL_|ImGui|failed/i.test(m.text) &&
      !/CONTEXT_LOST_WEBGL/.test(m.text));
    assert(glWarnings.length === 0, `console: ${glWarnings.map((m) => `${m.type}: ${m.text}`).join('; ')}`);
  }, { viewport: { width: 900, height: 600 } });

// Collects every securitypolicyviolation the page reports (in window.__violations), from before
// its first script.
async function watchViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(
      `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
  });
}

// The page's Content-Security-Policy as its meta tag states it, checked for strictness; `served`:
// index.html (its files from 'self'), or the single file (nothing but its inline scripts).
async function checkPolicy(page, served) {
  const meta = await page.evaluate(() => {
    const tag = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
    const head = [...document.head.children].map((e) => e.tagName.toLowerCase());
    return tag && { policy: tag.content, position: [...document.head.children].indexOf(tag), head };
  });
  assert(meta, 'no <meta http-equiv="Content-Security-Policy">');
  assert(meta.position === 1, `the policy is not right after <meta charset>: ${meta.head.join(', ')}`);
  const directives = Object.fromEntries(meta.policy.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert(!/unsafe-inline|unsafe-eval'|unsafe-hashes|\*/.test(meta.policy.replace(/'wasm-unsafe-eval'/g, '')),
    `the policy allows too much: ${meta.policy}`);
  assert(same(directives['default-src'], ["'none'"]), `default-src: ${directives['default-src']}`);
  assert(directives['script-src'].includes("'wasm-unsafe-eval'"), `script-src: ${directives['script-src']}`);
  assert(directives['script-src'].includes("'self'") === served, `script-src 'self' only when served: ${directives['script-src']}`);
  assert(same(directives['base-uri'], ["'none'"]) && same(directives['form-action'], ["'none'"]), meta.policy);
  return meta.policy;
}

// What an inline script, eval and an inline handler meet under the page's policy: checked in a
// context of its own, as the refusals log errors that would fail the test's own page.
async function policyRefuses(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await watchViolations(page);
    await page.goto(url);
    await waitForApp(page);
    return await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.appendChild(script);
      // A string for setTimeout is compiled when the timer fires, in the page's own task (eval here
      // would run as the test's, which DevTools lets through).
      setTimeout('window.__evalRan = true', 0);  // eslint-disable-line no-implied-eval
      const button = document.createElement('button');
      button.setAttribute('onclick', 'window.__handlerRan = true');
      document.body.appendChild(button);
      button.click();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { inline: !!window.__inlineRan, eval: !!window.__evalRan, handler: !!window.__handlerRan, violations: window.__violations.length };
    });
  } finally {
    await context.close();
  }
}

// What a page exercises that a policy could block: the wasm (fetch and compile, or inline), the
// first frame, the mirror's HTML, a picture the user opens (an object URL), a PNG export.
async function exerciseUnderPolicy(page) {
  const s = await getState(page);
  assert(s.steps > 0 && s.notices.length === 0, `state: ${JSON.stringify(s).slice(0, 200)}`);
  assert(await page.evaluate(() => document.querySelectorAll('#mirror table').length) >= 3, 'the mirror has no grids');
  const loaded = await loadBytes(page, await readFile(imagePng), 'image_input.png', 'image/png');
  assert(loaded === 'loaded', `a picture under the policy: ${loaded}`);
  const png = await page.evaluate(() => strideconv.exportPNG(1).then((r) => r.width));
  assert(png > 0, 'no PNG export under the policy');
  await page.evaluate(() => strideconv.setState({ view: 'walk', lesson: 'dropped' }));
  await frames(page, 3);
  assert(await canvasColours(page) > 20, 'the canvas is (nearly) blank');
  const violations = await page.evaluate(() => window.__violations);
  assert(violations.length === 0, `violations of the page's policy: ${violations.join('; ')}`);
}

test('Content-Security-Policy: index.html has a strict policy and loads, draws, opens a picture and exports under it', async ({ page, open, browser, base }) => {
  await watchViolations(page);
  await open('?lesson=dropped&step=2');
  const policy = await checkPolicy(page, true);
  assert(/connect-src 'self'/.test(policy), `the served page fetches its own wasm: ${policy}`);
  await exerciseUnderPolicy(page);
  // A server sending README's least policy as a header as well (both apply), with frame-ancestors,
  // which only a header can carry: the same page works the same.
  const styleHash = policy.match(/style-src [^;]*('sha256-[^']+')/)[1];
  const header = `default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' ${styleHash}; ` +
    "connect-src 'self'; img-src data: blob:; frame-ancestors 'none'";
  await page.route(/\/index\.html/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': header } });
  });
  await open('?lesson=dropped&step=2');
  const sent = await page.evaluate(() => fetch(location.href).then((r) => r.headers.get('content-security-policy')));
  assert(sent === header, `the header did not arrive: ${sent}`);
  await exerciseUnderPolicy(page);
  const refused = await policyRefuses(browser, `${base}index.html?lesson=dropped`);
  assert(!refused.inline && !refused.eval && !refused.handler && refused.violations >= 3,
    `the policy does not refuse inline script, eval and inline handlers: ${JSON.stringify(refused)}`);
}, { viewport: { width: 800, height: 500 } });

test('Content-Security-Policy: the single file has a strict policy with its scripts\' hashes and runs under it from file://', async ({ page, browser }) => {
  const file = pathToFileURL(path.join(dist, 'strideconv-lab.html')).href;
  await watchViolations(page);
  await page.goto(`${file}?lesson=dropped&step=2`);
  await waitForApp(page);
  const policy = await checkPolicy(page, false);
  const hashes = policy.match(/'sha256-[A-Za-z0-9+/=]+'/g) || [];
  const inline = await page.evaluate(() => [...document.scripts].filter((s) => !s.src).length + document.querySelectorAll('style').length);
  assert(hashes.length === inline, `${hashes.length} hashes in the policy for ${inline} inline scripts and styles`);
  await exerciseUnderPolicy(page);
  const refused = await policyRefuses(browser, `${file}?lesson=dropped`);
  assert(!refused.inline && !refused.eval && !refused.handler && refused.violations >= 3,
    `the policy does not refuse inline script, eval and inline handlers: ${JSON.stringify(refused)}`);
}, { viewport: { width: 800, height: 500 } });

// A rotation of states, each a partial setState: lessons, sizes, ops, views and languages; bad
// values among them (clamped with notices). The last one is the first, so a rotation ends where it
// started.
function stateRotation(lessons) {
  const rotation = [{ lesson: 'seed-stride1' }];
  lessons.forEach((name, k) => {
    rotation.push({ lesson: name });
    rotation.push({ input: [8 + (k % 25), 6 + (k % 27)], kernel: [1 + (k % 5), 1 + (k % 4)], stride: [1 + (k % 4), 1 + (k % 3)],
      values: `random:${k}`, op: ['conv2d', 'max_pool2d', 'avg_pool2d', 'conv_transpose2d'][k % 4] });
    rotation.push({ padding: [k % 3, k % 2, 1, 0], dilation: [1 + (k % 2), 1], view: ['walk', 'compare', 'walk', 'stack'][k % 4] });
    rotation.push({ lang: ['de', 'fr', 'en'][k % 3], theme: k % 2 ? 'light' : 'dark', input: 999, stride: -3 });
  });
  rotation.push({ lesson: 'seed-stride1', lang: 'en', theme: 'dark' });
  return rotation;
}

test('memory over a long session: 10,000 setState calls, 20,000 steps and playback leave the wasm heap flat', async ({ page, open }) => {
  await open('?lesson=seed-stride1');
  // Image mode's lessons stay out: how far it has computed in the background, and so what it holds,
  // depends on how many frames the machine managed (image mode has tests of its own).
  const lessons = await page.evaluate(() => strideconv.catalog().lessons.map((l) => l.name)
    .filter((name) => { strideconv.setState({ lesson: name }); return strideconv.getState().view !== 'image'; }));
  const rotation = stateRotation(lessons);
  // `calls` setState calls through the rotation, with a frame every `frameEvery` (the app draws,
  // sends state events, fills its caches); then long playback compressed: `steps` steps through a
  // 32x32 walk (900 steps, from the start again at its end) with a frame every 1000, and
  // `playFrames` frames of real playback at 20 steps a second. It ends on the rotation's last state.
  const session = (calls, frameEvery, steps, playFrames) => page.evaluate(async ({ rotation, calls, frameEvery, steps, playFrames }) => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    let notices = 0;
    for (let k = 1; k <= calls; ++k) {
      notices += strideconv.setState(rotation[(k - 1) % rotation.length]).length;
      if (k % frameEvery === 0) await frame();
    }
    strideconv.setState({ input: 32, kernel: 3, stride: 1, view: 'walk' });
    const last = strideconv.getState().steps - 1;  // it starts at step 0
    for (let k = 1; k <= steps; ++k) {
      strideconv.step(k % (last + 1) === 0 ? -last : 1);
      if (k % 1000 === 0) await frame();
    }
    strideconv.setSpeed(20);
    strideconv.play();
    for (let f = 0; f < playFrames; ++f) await frame();
    strideconv.pause();
    strideconv.setState(rotation[rotation.length - 1]);
    await frame();
    await frame();
    return { notices, memory: strideconv.memory(), heap8: Module.HEAP8.buffer.byteLength, state: strideconv.getState() };
  }, { rotation, calls, frameEvery, steps, playFrames });
  // The warm-up draws every state of the rotation once: the first visit of a large view (a
  // transposed walk scatters over a 100x50 output) raises what ImGui's draw lists and the app's
  // buffers keep for good. The run then draws only states the warm-up drew.
  let started = Date.now();
  const warm = await session(rotation.length, 1, 2000, 10);
  const warmMs = Date.now() - started;
  // The run: two halves of 5,000 setState calls, 10,000 steps and 15 frames of playback each. The
  // second half meets exactly what the first did, so what it adds is what a session leaks.
  started = Date.now();
  const half = await session(5000, 250, 10000, 15);
  const run = await session(5000, 250, 10000, 15);
  const runMs = Date.now() - started;
  assert(warm.notices > 0 && half.notices === run.notices, `the rotation's bad values gave notices: ${warm.notices}, ${half.notices}, ${run.notices}`);
  assert(same(run.state, warm.state) && same(half.state, warm.state), 'the session does not end where the warm-up ended');
  const grew = run.memory.in_use_bytes - warm.memory.in_use_bytes;
  const grewHalf = run.memory.in_use_bytes - half.memory.in_use_bytes;
  console.log(`  wasm heap ${warm.heap8} -> ${half.heap8} -> ${run.heap8} bytes; malloc in use after the warm-up ` +
    `(${rotation.length} states drawn, ${warmMs} ms) ${warm.memory.in_use_bytes}, after 5,000 setState calls, 10,000 steps ` +
    `and 15 frames of playback ${half.memory.in_use_bytes}, after as much again ${run.memory.in_use_bytes} bytes ` +
    `(${grew >= 0 ? '+' : ''}${grew} over the run, ${grewHalf >= 0 ? '+' : ''}${grewHalf} over its second half; ${runMs} ms)`);
  assert(run.heap8 === warm.heap8 && half.heap8 === warm.heap8 && run.memory.heap_bytes === run.heap8,
    `the wasm heap grew: ${warm.heap8} -> ${half.heap8} -> ${run.heap8}`);
  assert(grew <= 64 * 1024 && grewHalf <= 16 * 1024, `malloc's bytes in use grew by ${grew} bytes (${grewHalf} in the second half)`);
}, { viewport: { width: 640, height: 400 } });

// Sends the page's tab to the background (another tab of its window in front) and returns a
// function that brings it back. A desktop browser then runs none of the page's animation frames
// until it is visible again; headless Chromium only slows them down (and keeps visibilityState
// 'visible'), so the page's requestAnimationFrame also holds its callbacks meanwhile, as a hidden
// tab's does, and runs them when the tab is back in front. Timers and messages go on in both.
async function sendToBackground(page, browser) {
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const url = page.url();
  const mine = targetInfos.find((t) => t.type === 'page' && t.url === url);
  assert(mine, `no target for ${url}`);
  await page.evaluate(() => {
    const held = [];
    const original = window.requestAnimationFrame;
    window.requestAnimationFrame = (callback) => { held.push(callback); return 0; };
    window.__held = held;
    window.__showAgain = () => {
      window.requestAnimationFrame = original;
      held.splice(0).forEach((callback) => original(callback));
    };
  });
  const { targetId } = await cdp.send('Target.createTarget',
    { url: 'about:blank', browserContextId: mine.browserContextId, newWindow: false, background: false });
  // The frame the app asked for before has run once its next request waits here.
  await until(() => page.evaluate(() => window.__held.length > 0), 'the app\'s last frame in front', 5000);
  return async () => {
    await cdp.send('Target.activateTarget', { targetId: mine.targetId });
    await cdp.send('Target.closeTarget', { targetId });
    await cdp.detach();
    await page.evaluate(() => window.__showAgain());
  };
}

// Animation frames the page gets in `ms` milliseconds.
function framesIn(page, ms) {
  return page.evaluate((ms) => new Promise((resolve) => {
    let count = 0;
    let done = false;
    const tick = () => { if (!done) { count += 1; requestAnimationFrame(tick); } };
    requestAnimationFrame(tick);
    setTimeout(() => { done = true; resolve(count); }, ms);
  }), ms);
}

// (Page.setWebLifecycleState 'frozen' would park the page entirely, but headless Chromium ignores
// it for a page it considers visible: timers and frames went on.)
test('a tab sent to the background and back: playback waits and resumes where it was; setState, its event and an export work meanwhile',
  async ({ page, open, browser }) => {
    await open('?input=16&kernel=3&stride=1&values=random:3');
    await page.evaluate(() => { strideconv.setSpeed(4); strideconv.play(); });
    await until(async () => (await getState(page)).step >= 2, 'playback to reach step 2');

    const bringBack = await sendToBackground(page, browser);
    const hidden = await getState(page);
    await sleep(1500);
    const still = await getState(page);
    assert(still.step === hidden.step && still.playing, `playback in the background: step ${hidden.step} -> ${still.step}`);
    // The API works in the background: a change (the page hears of it), and an export of it (the
    // frame is drawn for it).
    await page.evaluate(() => {
      window.__themes = [];
      window.addEventListener('strideconv:state', (e) => window.__themes.push(e.detail.state.theme));
    });
    const notices = await page.evaluate(() => strideconv.setState({ palette: 'colorblind', theme: 'light' }));
    assert(notices.length === 0, `setState in the background: ${notices}`);
    const asked = Date.now();
    const png = await blobToBuffer(page, `Promise.race([strideconv.exportPNG(1).then((r) => r.blob),
      new Promise((resolve, reject) => setTimeout(() => reject(new Error('no PNG within 5 s in the background')), 5000))])`);
    const exportMs = Date.now() - asked;
    const info = await imageInfo(page, png);
    assert(info.colours > 20, `export in the background: ${JSON.stringify(info)} after ${exportMs} ms`);
    const themes = await page.evaluate(() => window.__themes);
    assert(themes.includes('light'), `no strideconv:state event for the change made in the background: ${themes}`);

    await bringBack();
    const framesBack = await framesIn(page, 1000);
    assert(framesBack >= 5, `back in front, ${framesBack} frames in 1 s`);
    const back = await getState(page);
    assert(back.theme === 'light' && back.palette === 'colorblind' && back.playing,
      `after the background: theme ${back.theme}, palette ${back.palette}, playing ${back.playing}`);
    assert(back.step >= still.step && back.step <= still.step + 6,
      `playback resumed from step ${still.step} at 4 steps/s: ${back.step} one second later`);
    await until(async () => (await getState(page)).step > back.step, 'playback to go on', 5000);
    for (const key of ['input', 'kernel', 'stride', 'padding', 'x', 'w', 'steps', 'view', 'lang'])
      assert(same(back[key], hidden[key]), `${key} after the background: ${JSON.stringify(back[key])}, before ${JSON.stringify(hidden[key])}`);

  }, { viewport: { width: 800, height: 500 } });

// postMessage fuzzing: `count` random messages from the host page, drawn by a seeded PRNG
// (mulberry32) so a failure repeats with FAULTS_SEED=<seed>, after 9 fixed ones. Shapes: non-objects, huge strings,
// nested junk, every command with fields of every wrong type, unknown and look-alike commands,
// prototype-pollution keys. Returns how many of them are well-formed commands (each deserves
// exactly one reply) and how many asked for an export.
function fuzzMessages(page, seed, count) {
  return page.evaluate(({ seed, count }) => {
    let a = seed >>> 0;
    const random = () => {  // mulberry32
      a = (a + 0x6D2B79F5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = (list) => list[Math.floor(random() * list.length)];
    const commands = ['getState', 'setState', 'step', 'play', 'pause', 'export', 'quiz', 'answerQuiz', 'nextQuestion'];
    const keys = ['input', 'kernel', 'stride', 'padding', 'dilation', 'op', 'view', 'lesson', 'step', 'lang', 'x', 'w',
      'values', 'theme', 'embed', 'image', 'stack', 'routes', 'output_padding', 'groups', 'in_channels', 'speed'];
    const pollution = () => JSON.parse(pick([
      '{"__proto__": {"polluted": "yes"}}', '{"constructor": {"prototype": {"polluted": "yes"}}}',
      '{"prototype": {"polluted": "yes"}}', '{"__proto__": null}', '{"toString": 1, "valueOf": "x", "hasOwnProperty": []}']));
    const junk = (depth = 0) => {
      const r = random();
      if (r < 0.08) return null;
      if (r < 0.12) return undefined;
      if (r < 0.2) return pick([0, -1, 1e308, -1e308, NaN, Infinity, -Infinity, 2 ** 53, 0.5, -0]);
      if (r < 0.26) return pick([true, false]);
      if (r < 0.34) return pick(['', 'x', '32', '1e9', '-3', 'NaN', '[1,2]', '{"a":1}', '\u0000\uFFFF\uD800', '<script>x</script>',
        'strideconv:getState', '__proto__']);
      if (r < 0.37) return 'x'.repeat(Math.floor(random() * 2e6));  // up to 2 MB
      if (r < 0.40) return new Uint8Array(Math.floor(random() * 1e5));
      if (r < 0.42) return new Date(random() * 1e12);
      if (r < 0.44) return new Map([[junk(depth + 1), junk(depth + 1)]]);
      if (r < 0.45) return /re(g)ex/;
      if (r < 0.46) return BigInt(Math.floor(random() * 1e9)) ** 3n;
      if (r < 0.48) return pollution();
      if (depth > 4 || r < 0.74) {
        const n = Math.floor(random() * 6);
        return Array.from({ length: n }, () => (depth > 4 ? Math.floor(random() * 100) : junk(depth + 1)));
      }
      const object = {};
      for (let n = Math.floor(random() * 5); n > 0; --n) object[random() < 0.6 ? pick(keys) : `k${Math.floor(random() * 9)}`] = junk(depth + 1);
      return object;
    };
    const deep = () => {  // nesting far beyond any sane message
      let v = [];
      for (let d = 0; d < 2000; ++d) v = [v];
      return random() < 0.5 ? v : { type: 'strideconv:setState', state: { input: v } };
    };
    const message = () => {
      const r = random();
      if (r < 0.15) return junk();
      if (r < 0.18) return deep();
      const type = random() < 0.75 ? `strideconv:${pick(commands)}`
        : pick(['strideconv:', 'strideconv:launch', 'strideconv:__proto__', 'strideconv:constructor', 'strideconv:toString',
          'strideconv:hasOwnProperty', 'strideconv:reply', 'strideconv:state', 'strideconv:ready', 'STRIDECONV:getState',
          ' strideconv:getState', 'strideconv:getState ', 'other:getState', 'strideconv:setstate', 'strideconv:export\u0000']);
      const m = random() < 0.2 ? pollution() : {};
      m.type = random() < 0.93 ? type : junk();
      if (random() < 0.7) m.id = random() < 0.6 ? `f${Math.floor(random() * 1e6)}` : junk();
      if (random() < 0.7) m.state = random() < 0.3 ? pollution() : junk();
      if (random() < 0.5) m.n = junk();
      if (random() < 0.4) m.answer = random() < 0.5 ? pick(['3', '2,5', '-1', '', ' 7 ', '1e400', 'x'.repeat(5e5)]) : junk();
      if (random() < 0.4) m.scale = random() < 0.5 ? pick([1, 2, 3, 4, 0, -1, 99, '4', NaN]) : junk();
      for (let n = Math.floor(random() * 3); n > 0; --n) m[pick(keys)] = junk();
      return m;
    };
    const isCommand = (m) => m !== null && typeof m === 'object' && !Array.isArray(m) && !(m instanceof Map) &&
      !(m instanceof Date) && !(m instanceof RegExp) && !ArrayBuffer.isView(m) &&
      typeof m.type === 'string' && m.type.startsWith('strideconv:') && !/^strideconv:(ready|state|reply)$/.test(m.type);
    // Always sent, whatever the seed: what broke things once or easily could.
    const classics = [
      { type: 'strideconv:setState', id: 'c1', state: { lesson: 'x'.repeat(3e6) } },  // overran the wasm stack
      { type: 'strideconv:setState', id: 'c2', state: { x: Array(2e5).fill(1.5) } },
      { type: 'strideconv:setState', id: 'c3', state: JSON.parse('{"__proto__": {"polluted": "yes"}, "stride": 2}') },
      { type: 'strideconv:setState', id: 'c4', state: { stride: 10n } },
      deep(),
      { type: 'strideconv:step', id: 'c5', n: 1e300 },
      { type: 'strideconv:answerQuiz', id: 'c7', answer: '9'.repeat(3e6) },
      { type: 'strideconv:export', id: 'c6', scale: Infinity },
      'x'.repeat(3e6),
    ];
    let commandsSent = 0;
    let exports = 0;
    for (let k = 0; k < count + classics.length; ++k) {
      let m = k < classics.length ? classics[k] : message();
      // Exports render the frame at up to 4x: a few of them are enough.
      if (isCommand(m) && m.type === 'strideconv:export' && exports >= 3) m = { ...m, type: 'strideconv:getState' };
      if (isCommand(m) && m.type === 'strideconv:export') exports += 1;
      if (isCommand(m)) commandsSent += 1;
      window.post(m);
    }
    return { commands: commandsSent, exports };
  }, { seed, count });
}

test('postMessage fuzzing from another origin: nothing thrown, every command answered once, nothing to a foreign origin, the app still works',
  async ({ page, base, otherBase, hostPages }) => {
    const seed = Number(process.env.FAULTS_SEED) || Math.floor(Math.random() * 2 ** 31);
    console.log(`  postMessage fuzz seed ${seed} (FAULTS_SEED=${seed} repeats this run)`);
    const hostOrigin = new URL(otherBase).origin;
    const app = `${base}index.html?lesson=seed-stride2&embed=1&origin=${encodeURIComponent(hostOrigin)}`;
    hostPages.set('/fuzz.html', hostPage(app, { width: 320, height: 200 }));
    await page.goto(`${otherBase}fuzz.html`);
    await waitForMessage(page, 'strideconv:ready');
    const frame = page.frame({ url: /index\.html/ });
    await until(() => page.evaluate(() => window.early), 'the reply to the getState sent before ready');
    const count = 300;
    const sent = await fuzzMessages(page, seed, count);
    // Every well-formed command gets exactly one reply; junk gets none. Replies come in order of
    // arrival except exports, which finish later: wait until all are in.
    const replies = () => page.evaluate(() => window.received.filter((m) => m.data && m.data.type === 'strideconv:reply' &&
      m.data.id !== 'early'));
    await until(async () => (await replies()).length >= sent.commands, `${sent.commands} replies`, 40000);
    await sleep(300);
    const all = await replies();
    assert(all.length === sent.commands, `${all.length} replies to ${sent.commands} commands (seed ${seed})`);
    const malformed = all.filter((m) => typeof m.data.ok !== 'boolean' || (m.data.ok ? !('result' in m.data)
      : typeof m.data.error !== 'string' || !m.data.error || m.data.error.length > 500) || m.origin !== new URL(base).origin);
    assert(malformed.length === 0, `malformed replies (seed ${seed}): ${JSON.stringify(malformed.slice(0, 3)).slice(0, 600)}`);
    const failed = all.filter((m) => !m.data.ok).map((m) => m.data.error);
    const unexplained = failed.filter((e) => !/^(unknown message type|setState needs state|step needs a number|setState: the state cannot be written as JSON|answerQuiz needs answer)/.test(e));
    assert(unexplained.length === 0, `errors that say nothing useful (seed ${seed}): ${[...new Set(unexplained)].slice(0, 5).join(' | ')}`);
    console.log(`  ${count} random messages and 9 fixed ones, ${sent.commands} well-formed commands (${sent.exports} exports): ` +
      `${all.length - failed.length} answered ok, ${failed.length} refused with a message`);

    // Nothing polluted, the app still works and answers a plain request with the state it shows.
    const polluted = await frame.evaluate(() => [({}).polluted, Object.prototype.polluted, Array.prototype.polluted]
      .filter((v) => v !== undefined).length);
    assert(polluted === 0, `Object.prototype was polluted (seed ${seed})`);
    const reply = await page.evaluate(() => window.ask({ type: 'strideconv:setState', state: { lesson: 'dropped', step: 2 } }));
    assert(reply.ok && reply.result.state.lesson === 'dropped' && reply.result.state.step === 2 && same(reply.result.notices, []),
      `a valid setState after the fuzz (seed ${seed}): ${JSON.stringify(reply).slice(0, 300)}`);
    assert(same(await getState(frame), reply.result.state), 'the app\'s own state differs from the reply');
    await frames(frame, 3);
    assert(await canvasColours(frame) > 20, 'the app is not drawn after the fuzz');

    // The same messages to an app whose origin= names another site: not one word back.
    const refused = `${base}index.html?embed=1&origin=${encodeURIComponent('https://course.example')}`;
    hostPages.set('/fuzz-refused.html', hostPage(refused, { width: 320, height: 200 }));
    await page.goto(`${otherBase}fuzz-refused.html`);
    const other = page.frame({ url: /index\.html/ });
    await waitForApp(other);
    await fuzzMessages(page, seed, 100);
    await page.evaluate(() => window.ask({ type: 'strideconv:getState' }, 1500));
    const heard = await page.evaluate(() => window.received.length);
    assert(heard === 0, `the app answered a foreign origin ${heard} times (seed ${seed})`);
    assert((await getState(other)).steps > 0, 'the refusing app stopped working');
  });

// [SECTION] Runner -----------------------------------------------------------------------------

async function main() {
  await stat(path.join(dist, 'index.html')).catch(() => {
    console.error(`no ${path.join(dist, 'index.html')}: build the web preset first`);
    console.log('browser: 0 passed, 1 failed');
    process.exit(1);
  });
  const server = await serve(dist);
  const hostPages = new Map();
  const otherServer = await serve(dist, hostPages);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const otherBase = `http://127.0.0.1:${otherServer.address().port}/`;
  const allowedOrigins = [new URL(base).origin, new URL(otherBase).origin];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    chromiumSandbox: false,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update'],
  });

  let passed = 0;
  let failed = 0;
  const started = Date.now();
  const groups = new Map();  // group name -> {context, page}, shared by that group's tests

  async function run({ name, body, options }) {
    const { group, ...contextOptions } = options;  // group: a harness option, not Playwright's
    let shared = group && groups.get(group);
    if (group && !shared) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
      shared = { context, page: await context.newPage() };
      groups.set(group, shared);
    }
    const context = shared ? shared.context
      : await browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
    const page = shared ? shared.page : await context.newPage();
    const problems = [];
    const consoleMessages = [];
    const requests = [];
    const onConsole = (message) => {
      consoleMessages.push({ type: message.type(), text: message.text() });
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    };
    const onPageError = (error) => problems.push(`page error: ${error.message}`);
    const onRequest = (request) => {
      const url = request.url();
      requests.push(url);
      const origin = /^(data|blob|file|about):/.test(url) ? null : new URL(url).origin;
      if (origin && !allowedOrigins.includes(origin)) problems.push(`request outside the test servers: ${url}`);
    };
    page.on('console', onConsole);
    page.on('pageerror', onPageError);
    context.on('request', onRequest);
    const open = async (query = '') => {
      await page.goto(base + 'index.html' + query);
      await waitForApp(page);
      return page;
    };
    const testStarted = Date.now();
    let timer;
    try {
      await Promise.race([
        body({ page, context, browser, open, base, otherBase, hostPages, consoleMessages, requests }),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS); }),
      ]);
      // A shared page leaves the app here, so what its unloading says counts for this test.
      if (shared) await page.goto('about:blank');
      assert(problems.length === 0, problems.join('\n'));
      passed += 1;
      console.log(`ok - ${name} (${((Date.now() - testStarted) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed += 1;
      const extra = problems.length ? `\n${problems.join('\n')}` : '';
      // Hostile-URL messages can quote 50 KB URLs: keep each line readable.
      const text = String((error.message || error) + extra).split('\n')
        .map((line) => (line.length > 400 ? `${line.slice(0, 400)}...` : line)).slice(0, 20);
      console.log(`not ok - ${name}\n  ${text.join('\n  ')}`);
      if (shared) {  // a failed test may leave its page in any state: the next one starts afresh
        groups.delete(group);
        await shared.context.close().catch(() => {});
        shared = null;
      }
    } finally {
      clearTimeout(timer);
      page.off('console', onConsole);
      page.off('pageerror', onPageError);
      context.off('request', onRequest);
      if (!group) await context.close();
    }
  }

  try {
    for (const entry of tests) {
      if (!filter || entry.name.includes(filter)) await run(entry);
    }
  } finally {
    for (const { context } of groups.values()) await context.close().catch(() => {});
    await browser.close();
    server.close();
    otherServer.close();
  }
  console.log(`browser tests took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  console.log('browser: 0 passed, 1 failed');
  process.exit(1);
});
