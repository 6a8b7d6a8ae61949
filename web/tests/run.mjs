// run.mjs -- browser tests for the web build: serves build/web/dist on 127.0.0.1 and drives Debian's
// /usr/bin/chromium through playwright-core (no browser download, no other dependency).
//
//   node web/tests/run.mjs [DIST_DIR]        (default: build/web/dist)
//
// Every test gets a fresh page; any console error or uncaught page error fails that test.
// The last line is always "browser: N passed, M failed"; the exit status is non-zero on failure.
// Add a test with test('what it checks', async ({ open }) => { const page = await open('?query'); ... }).

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.resolve(process.argv[2] || path.join(repo, 'build', 'web', 'dist'));
const READY_TIMEOUT_MS = 20000;

// [SECTION] Static server ----------------------------------------------------------------------

const contentTypes = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.ico': 'image/x-icon',
};

function serve(root) {
  const server = createServer(async (request, response) => {
    try {
      const urlPath = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
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

// Waits for window.strideconv.ready (resolved by the app's first frame), then a few more frames:
// ImGui sizes auto-fitting windows during their first frame and shows them from the second.
async function waitForApp(page) {
  const ready = await page.evaluate((timeout) => Promise.race([
    new Promise((resolve) => {
      const poll = () => (window.strideconv && window.strideconv.ready
        ? window.strideconv.ready.then(() => resolve(true)) : setTimeout(poll, 50));
      poll();
    }),
    new Promise((resolve) => setTimeout(() => resolve(false), timeout)),
  ]), READY_TIMEOUT_MS);
  assert(ready, `window.strideconv.ready did not resolve within ${READY_TIMEOUT_MS} ms`);
  await page.evaluate(() => new Promise((resolve) => {
    let frames = 5;
    const step = () => (--frames > 0 ? requestAnimationFrame(step) : resolve());
    requestAnimationFrame(step);
  }));
}

// Number of distinct colours in a PNG, decoded by the browser itself (no image library needed).
async function distinctColours(page, png) {
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, image.width, image.height).data;
    const colours = new Set();
    for (let i = 0; i < pixels.length && colours.size < 1000; i += 4)
      colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
    return colours.size;
  }, png.toString('base64'));
}

// [SECTION] Tests ------------------------------------------------------------------------------

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

// [SECTION] Runner -----------------------------------------------------------------------------

async function main() {
  await stat(path.join(dist, 'index.html')).catch(() => {
    console.error(`no ${path.join(dist, 'index.html')}: build the web preset first`);
    console.log('browser: 0 passed, 1 failed');
    process.exit(1);
  });
  const server = await serve(dist);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    chromiumSandbox: false,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update'],
  });

  let passed = 0;
  let failed = 0;
  try {
    for (const { name, body, options } of tests) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
      const page = await context.newPage();
      const problems = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      const open = async (query = '') => {
        await page.goto(base + 'index.html' + query);
        await waitForApp(page);
        return page;
      };
      try {
        await body({ page, open });
        assert(problems.length === 0, problems.join('\n'));
        passed += 1;
        console.log(`ok - ${name}`);
      } catch (error) {
        failed += 1;
        console.log(`not ok - ${name}\n  ${String(error.message || error).split('\n').join('\n  ')}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  console.log('browser: 0 passed, 1 failed');
  process.exit(1);
});
