// golden.mjs -- golden images: the states in states.txt rendered by the desktop app (under X, e.g.
// Xvfb) or by the web build in headless Chromium, compared with the committed references in
// tests/golden-images/native/ and tests/golden-images/web/ (one set per target: fonts and
// rasterizers differ between Mesa's llvmpipe and Chromium's SwiftShader).
//
//   node tests/golden-images/golden.mjs native|web [--update] [--diff] [--filter TEXT]
//        [--app build/native/strideconv_app] [--dist build/web/dist] [--out build/golden-images]
//   (scripts/golden_images.sh wraps it: Xvfb for native, both targets by default.)
//   node tests/golden-images/golden.mjs compare A.png B.png   exit 0 if they pass the comparison
//
//   --update   write the references from this run (only images whose pixels changed are rewritten,
//              not those a few pixels at most 3 levels off: see `noise`; references of states no
//              longer listed are deleted). Commit them saying why.
//   --diff     write OUT/TARGET-diff/NAME.png for every image that differs at all, also within the
//              tolerance: reference | this run | the difference (failing images always get one).
// This run's images are kept in OUT/TARGET/NAME.png. The last line is
// "golden images (TARGET): N passed, M failed"; the exit status is non-zero on any failure.
//
// The comparison (see `compare`): a pixel differs when no pixel of the other image within one pixel
// of it (its 3x3 neighbourhood) is within TOLERANCE of it on every channel, looked at both ways. An
// image fails when more than MAX_DIFFERING pixels differ. Why these numbers (figures measured on
// these states; tests/golden-images/README.md has them all):
// - Renders of one target on one machine are identical bit for bit (llvmpipe and SwiftShader run
//   on the CPU; repeated runs, one process per state or all in one, in any order, compared equal).
//   The tolerance is for a driver or browser update: edges blended a little differently and
//   antialiased edges landing one pixel over. As a stress test, the two embed states drawn by the
//   other target's rasterizer (llvmpipe vs SwiftShader, a different rasterizer altogether) differ
//   in 2 pixels each at TOLERANCE 32 (12 and 9 at 24, 0 and 1 at 64).
// - The smallest deliberate mistake tried, one output cell showing 73 instead of 72 in the
//   600x400 embed, makes 9 pixels differ at TOLERANCE 32 (5 at 48, 1 at 64); in the 1280x800
//   states it makes 23 to 151 differ. A highlight on the wrong cell makes 311 or more differ, a
//   colour swapped with another role's 3148 or more.
// So TOLERANCE 32 (of 255) and MAX_DIFFERING 4 sit between the two: a changed rasterizer almost
// passes, a changed digit fails.
//
// [SECTION] States and comparison
// [SECTION] Native: the desktop app renders every state in one run per window size (--shots)
// [SECTION] Web: headless Chromium renders each state through window.strideconv.exportPNG
// [SECTION] Main

import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readPng, writePng } from './png.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

export const TOLERANCE = 32;
export const MAX_DIFFERING = 4;

// [SECTION] States and comparison ----------------------------------------------------------------

export async function readStates(file = path.join(here, 'states.txt')) {
  const states = [];
  const lines = (await readFile(file, 'utf8')).split('\n');
  lines.forEach((line, k) => {
    if (!line.trim() || line.startsWith('#')) return;
    const match = /^([a-z0-9-]+) (\d+)x(\d+) (\?\S*)$/.exec(line);
    if (!match) throw new Error(`${file}:${k + 1}: expected "NAME WxH ?query", got "${line}"`);
    states.push({ name: match[1], width: Number(match[2]), height: Number(match[3]), query: match[4] });
  });
  const names = new Set(states.map((s) => s.name));
  if (names.size !== states.length) throw new Error(`${file}: a state name is used twice`);
  return states;
}

// Pixels of `a` with no pixel of `b` within one pixel that is within `tolerance` on every channel,
// and the same from `b` to `a`. Returns the count, a mask of them and the largest channel
// difference between pixels at the same place.
export function compare(a, b, tolerance = TOLERANCE) {
  if (a.width !== b.width || a.height !== b.height) return { sizeMismatch: true, count: a.width * a.height, maxDelta: 255 };
  const { width, height } = a;
  const mask = new Uint8Array(width * height);
  let count = 0, maxDelta = 0;
  const near = (x, y, from, to) => {
    const i = (y * width + x) * 3;
    for (let dy = -1; dy <= 1; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= height) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        if (xx < 0 || xx >= width) continue;
        const j = (yy * width + xx) * 3;
        if (Math.abs(from[i] - to[j]) <= tolerance && Math.abs(from[i + 1] - to[j + 1]) <= tolerance &&
            Math.abs(from[i + 2] - to[j + 2]) <= tolerance) return true;
      }
    }
    return false;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const delta = Math.max(Math.abs(a.rgb[i] - b.rgb[i]), Math.abs(a.rgb[i + 1] - b.rgb[i + 1]),
        Math.abs(a.rgb[i + 2] - b.rgb[i + 2]));
      if (delta === 0) continue;
      maxDelta = Math.max(maxDelta, delta);
      if (delta <= tolerance) continue;
      if (!near(x, y, a.rgb, b.rgb) || !near(x, y, b.rgb, a.rgb)) {
        mask[y * width + x] = 1;
        count += 1;
      }
    }
  }
  return { count, maxDelta, mask };
}

// reference | actual | difference (the reference dimmed, differing pixels magenta, pixels that
// differ within the tolerance yellow), with 8-pixel gaps.
export function sideBySide(reference, actual, result) {
  const gap = 8;
  const w = Math.max(reference.width, actual.width), h = Math.max(reference.height, actual.height);
  const width = w * 3 + gap * 2;
  const rgb = new Uint8Array(width * h * 3).fill(128);
  const put = (image, x0, pixel) => {
    for (let y = 0; y < image.height; y++)
      for (let x = 0; x < image.width; x++) {
        const i = (y * image.width + x) * 3, o = (y * width + x0 + x) * 3;
        const [r, g, b] = pixel ? pixel(x, y, i) : [image.rgb[i], image.rgb[i + 1], image.rgb[i + 2]];
        rgb[o] = r; rgb[o + 1] = g; rgb[o + 2] = b;
      }
  };
  put(reference, 0);
  put(actual, w + gap);
  if (!result.sizeMismatch) {
    put(reference, 2 * (w + gap), (x, y, i) => {
      if (result.mask[y * reference.width + x]) return [255, 0, 255];
      if (reference.rgb[i] !== actual.rgb[i] || reference.rgb[i + 1] !== actual.rgb[i + 1] ||
          reference.rgb[i + 2] !== actual.rgb[i + 2]) return [255, 220, 0];
      const grey = (reference.rgb[i] + reference.rgb[i + 1] + reference.rgb[i + 2]) / 12 + 32;
      return [grey, grey, grey];
    });
  }
  return writePng(width, h, rgb);
}

function identical(a, b) {
  return a.width === b.width && a.height === b.height && Buffer.compare(Buffer.from(a.rgb), Buffer.from(b.rgb)) === 0;
}

// A few pixels one to three levels off: what a rebuild of an unchanged state sometimes gives (seen
// as 1-9 pixels, 1 level, in sessions 6-8; the cause is not known). --update keeps the reference
// then, so a commit rewrites only the images its change altered. Any change a student could see
// moves more pixels or more levels than this.
const NOISE_PIXELS = 16, NOISE_LEVELS = 3;
function noise(a, b) {
  if (a.width !== b.width || a.height !== b.height) return false;
  let pixels = 0;
  for (let i = 0; i < a.rgb.length; i += 3) {
    const d = Math.max(Math.abs(a.rgb[i] - b.rgb[i]), Math.abs(a.rgb[i + 1] - b.rgb[i + 1]), Math.abs(a.rgb[i + 2] - b.rgb[i + 2]));
    if (d > NOISE_LEVELS) return false;
    if (d > 0 && ++pixels > NOISE_PIXELS) return false;
  }
  return true;
}

// [SECTION] Native -------------------------------------------------------------------------------

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout || 120000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

// One app run per window size; every image is drawn by a fresh ui::App (platform/main.cpp --shots).
async function renderNative(states, app, outDir) {
  // Scripted runs never write the session file, but keep the real one out of reach regardless.
  const config = await mkdtemp(path.join(os.tmpdir(), 'strideconv-golden-'));
  const images = new Map();
  try {
    const sizes = new Map();
    for (const s of states) {
      const key = `${s.width}x${s.height}`;
      if (!sizes.has(key)) sizes.set(key, []);
      sizes.get(key).push(s);
    }
    for (const [size, group] of sizes) {
      const shots = path.join(config, `shots-${size}.txt`);
      await writeFile(shots, group.map((s) => `${path.join(outDir, `${s.name}.png`)} ${s.query}\n`).join(''));
      for (const s of group) await rm(path.join(outDir, `${s.name}.png`), { force: true });
      const result = await run(app, ['--size', size, '--shots', shots],
        { env: { ...process.env, XDG_CONFIG_HOME: config }, timeout: 30000 + group.length * 5000 });
      if (result.code !== 0) throw new Error(`${app} --size ${size} exited with ${result.code ?? result.signal}:\n${result.output}`);
    }
    const leftover = await readdir(config);
    if (leftover.some((f) => !f.startsWith('shots-'))) throw new Error(`the app wrote ${leftover} into XDG_CONFIG_HOME`);
    for (const s of states) images.set(s.name, await readFile(path.join(outDir, `${s.name}.png`)));
  } finally {
    await rm(config, { recursive: true, force: true });
  }
  return images;
}

// [SECTION] Web ----------------------------------------------------------------------------------

function serve(root) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer({ maxHeaderSize: 1 << 20 }, async (request, response) => {
    try {
      let file = path.join(root, decodeURIComponent(new URL(request.url, 'http://localhost').pathname));
      if (!file.startsWith(root)) throw new Error('outside root');
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

// Each state is a fresh page load (as a student's link opens it) in a context of its window size;
// the image is the app's own export (the frame it draws, at scale 1), not a browser screenshot.
async function renderWeb(states, dist, outDir) {
  const { chromium } = await import(path.join(repo, 'web', 'node_modules', 'playwright-core', 'index.mjs'));
  const server = await serve(path.resolve(dist));
  const base = `http://127.0.0.1:${server.address().port}/index.html`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    chromiumSandbox: false,
    // The same flags as web/tests/run.mjs: WebGL2 on the CPU (SwiftShader), nothing from the network.
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update'],
  });
  const images = new Map();
  try {
    const contexts = new Map();
    for (const s of states) {
      const key = `${s.width}x${s.height}`;
      if (!contexts.has(key)) {
        const context = await browser.newContext({ viewport: { width: s.width, height: s.height }, deviceScaleFactor: 1 });
        const page = await context.newPage();
        const problems = [];
        page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
        page.on('pageerror', (e) => problems.push(e.message));
        contexts.set(key, { context, page, problems });
      }
      const { page, problems } = contexts.get(key);
      // test_clock=1: image mode's timings are exactly 1 ms a stage, as the native --shots run's.
      await page.goto(base + s.query + (s.query.length > 1 ? '&' : '') + 'test_clock=1');
      const base64 = await page.evaluate(async () => {
        await window.strideconv.ready;
        // Three more frames, as the browser tests wait: ImGui sizes auto-fitting windows on the
        // first frame and shows them from the second.
        for (let k = 0; k < 3; k++) await new Promise((resolve) => requestAnimationFrame(resolve));
        const { blob } = await window.strideconv.exportPNG(1);
        const bytes = new Uint8Array(await blob.arrayBuffer());
        let text = '';
        for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(text);
      });
      if (problems.length) throw new Error(`${s.name}: ${problems.join('; ')}`);
      const png = Buffer.from(base64, 'base64');
      await writeFile(path.join(outDir, `${s.name}.png`), png);
      images.set(s.name, png);
    }
  } finally {
    await browser.close();
    server.close();
  }
  return images;
}

// [SECTION] Main ---------------------------------------------------------------------------------

async function main() {
  const args = process.argv.slice(2);
  const target = args[0];
  const option = (name, fallback) => {
    const k = args.indexOf(name);
    return k >= 0 && k + 1 < args.length ? args[k + 1] : fallback;
  };
  if (target === 'compare') {  // compare A.png B.png: the same test, for other scripts (tests/app)
    const [a, b] = await Promise.all(args.slice(1, 3).map(async (f) => readPng(await readFile(f))));
    const result = compare(a, b);
    const ok = !result.sizeMismatch && result.count <= MAX_DIFFERING;
    console.log(`${ok ? 'same' : 'different'}: ${result.sizeMismatch ? `sizes ${a.width}x${a.height} and ${b.width}x${b.height}`
      : `${result.count} pixels differ beyond the tolerance, largest channel difference ${result.maxDelta}`}`);
    process.exit(ok ? 0 : 1);
  }
  if (target !== 'native' && target !== 'web') {
    console.error('usage: node tests/golden-images/golden.mjs native|web [--update] [--diff] [--filter TEXT] [--app PATH] [--dist DIR] [--out DIR]');
    process.exit(2);
  }
  const update = args.includes('--update'), diff = args.includes('--diff');
  const filter = option('--filter', '');
  const out = path.resolve(option('--out', path.join(repo, 'build', 'golden-images')));
  const outDir = path.join(out, target), diffDir = path.join(out, `${target}-diff`);
  const referenceDir = path.join(here, target);
  await mkdir(outDir, { recursive: true });
  await rm(diffDir, { recursive: true, force: true });
  await mkdir(referenceDir, { recursive: true });

  const all = await readStates();
  const states = all.filter((s) => s.name.includes(filter));
  const started = Date.now();
  const images = target === 'native'
    ? await renderNative(states, path.resolve(option('--app', path.join(repo, 'build', 'native', 'strideconv_app'))), outDir)
    : await renderWeb(states, option('--dist', path.join(repo, 'build', 'web', 'dist')), outDir);
  const rendered = Date.now();

  let passed = 0, failed = 0;
  for (const s of states) {
    const actual = readPng(images.get(s.name));
    const referenceFile = path.join(referenceDir, `${s.name}.png`);
    const reference = await readFile(referenceFile).then(readPng, () => null);
    if (update) {
      if (actual.width !== s.width || actual.height !== s.height)
        throw new Error(`${s.name}: rendered ${actual.width}x${actual.height}, not ${s.width}x${s.height}`);
      if (!reference || !identical(reference, actual)) {
        if (reference && noise(reference, actual)) {
          console.log(`kept - ${s.name}: a few pixels at most ${NOISE_LEVELS} levels off (noise)`);
        } else {
          await writeFile(referenceFile, writePng(actual.width, actual.height, actual.rgb));
          console.log(`updated - ${s.name}`);
        }
      }
      passed += 1;
      continue;
    }
    if (!reference) {
      failed += 1;
      console.log(`not ok - ${s.name}: no reference ${path.relative(repo, referenceFile)} (scripts/golden_images.sh --update)`);
      continue;
    }
    const result = compare(reference, actual);
    const ok = !result.sizeMismatch && result.count <= MAX_DIFFERING;
    if (!ok || (diff && result.maxDelta > 0)) {
      await mkdir(diffDir, { recursive: true });
      await writeFile(path.join(diffDir, `${s.name}.png`), sideBySide(reference, actual, result));
    }
    const detail = result.sizeMismatch
      ? `size ${actual.width}x${actual.height}, reference ${reference.width}x${reference.height}`
      : `${result.count} pixels differ beyond the tolerance (at most ${MAX_DIFFERING}), largest channel difference ${result.maxDelta}`;
    if (ok) passed += 1;
    else failed += 1;
    console.log(`${ok ? 'ok' : 'not ok'} - ${s.name}: ${detail}`);
  }
  if (!filter) {  // every reference belongs to a listed state
    const listed = new Set(all.map((s) => `${s.name}.png`));
    for (const file of (await readdir(referenceDir)).filter((f) => f.endsWith('.png') && !listed.has(f))) {
      if (update) {
        await unlink(path.join(referenceDir, file));
        console.log(`deleted - ${file} (no longer in states.txt)`);
      } else {
        failed += 1;
        console.log(`not ok - ${file}: a reference for no state in states.txt`);
      }
    }
  }
  if (failed && !update) console.log(`side-by-side images (reference | this run | difference): ${path.relative(process.cwd(), diffDir)}/`);
  console.log(`golden images (${target}): rendered ${states.length} in ${((rendered - started) / 1000).toFixed(1)} s, compared in ${((Date.now() - rendered) / 1000).toFixed(1)} s`);
  console.log(`golden images (${target}): ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error.stack || String(error));
    console.log('golden images: 0 passed, 1 failed');
    process.exit(1);
  });
}
