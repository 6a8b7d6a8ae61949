// single_file.mjs -- builds the single-file web app: one .html that opens from file:// (double-click,
// e-mail attachment, USB stick, LMS upload) with no server and no other file.
//
//   node scripts/single_file.mjs INDEX_HTML HOST_API_JS APP_JS OUT_HTML [LICENSE NOTICES_TXT]
//
// APP_JS is the app linked with -sSINGLE_FILE=1 (the wasm is inside it, base64). The <script src>
// tags of index.html are replaced by the inline text of HOST_API_JS, APP_JS and any other script
// beside INDEX_HTML it names (mirror.js). LICENSE and NOTICES_TXT (the build's
// THIRD_PARTY_NOTICES.txt), when given, travel inside the page as an inert
// <template id="strideconv-notices"> before </body>: readable in the page source, never rendered,
// the same text as the app's About panel. The page's Content-Security-Policy (scripts/page_csp.mjs)
// then names the SHA-256 of each inline script and of the style. Nothing else changes.
// CMake runs this in the web build (target strideconv_single_html) -> build/web/dist/strideconv-lab.html.
import { readFile, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { withContentSecurityPolicy } from './page_csp.mjs';

const [indexPath, hostApiPath, appPath, outPath, licensePath, noticesPath] = process.argv.slice(2);
if (!outPath || (licensePath && !noticesPath)) {
  console.error('usage: node scripts/single_file.mjs INDEX_HTML HOST_API_JS APP_JS OUT_HTML [LICENSE NOTICES_TXT]');
  process.exit(2);
}

// Text inside <script>...</script> must not contain "</script" or "<!--" (the HTML parser would end
// or change the script there). In JavaScript source these only occur inside strings, regular
// expressions or comments, where "<\/script" and "<\!--" mean the same.
function inlineScript(source, name) {
  const safe = source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  if (/<\/script/i.test(safe)) throw new Error(`${name}: cannot make it safe to inline`);
  return `<script>/* ${name} (inlined) */\n${safe}\n</script>`;
}

function replaceTag(html, pattern, replacement, what) {
  const matches = html.match(new RegExp(pattern.source, 'g')) || [];
  if (matches.length !== 1) throw new Error(`${indexPath}: expected one ${what}, found ${matches.length}`);
  return html.replace(pattern, () => replacement);  // a function: '$&' etc. in the JS stay literal
}

const [index, hostApi, app] = await Promise.all(
  [indexPath, hostApiPath, appPath].map((file) => readFile(file, 'utf8')));
if (!/data:application\/octet-stream;base64,/.test(app))
  throw new Error(`${appPath}: no inlined wasm; link it with -sSINGLE_FILE=1`);

let html = index;
if (licensePath) {
  const [license, notices] = await Promise.all([licensePath, noticesPath].map((file) => readFile(file, 'utf8')));
  const escaped = (license + '\n\n' + notices).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  html = replaceTag(html, /<\/body>/, '<!-- The licence (LICENSE) and the third-party notices (THIRD_PARTY_NOTICES.txt) of this file. -->\n' +
    `<template id="strideconv-notices"><pre>${escaped}</pre></template>\n</body>`, '</body>');
}

// The single file has nothing to preload: its scripts and wasm are inline.
html = html.replace(/<!-- The app's files start downloading now[\s\S]*?-->\n/, '');
html = replaceTag(html, /<link rel="preload" href="strideconv_app\.wasm"[^>]*>\n/, '', 'wasm preload link');
html = replaceTag(html, /<link rel="preload" href="strideconv_app\.js"[^>]*>\n/, '', 'script preload link');
html = replaceTag(html, /<script\s+src="host-api\.js"\s*><\/script>/, inlineScript(hostApi, 'host-api.js'),
  '<script src="host-api.js">');
// The page's other scripts (e.g. mirror.js), read from beside index.html.
for (const [tag, name] of [...html.matchAll(/<script\s+src="([\w.-]+\.js)"\s*><\/script>/g)]) {
  const source = await readFile(path.join(path.dirname(indexPath), name), 'utf8');
  html = replaceTag(html, new RegExp(tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), inlineScript(source, name), tag);
}
html = replaceTag(html, /<script\s+async\s+src="strideconv_app\.js"\s*><\/script>/,
  inlineScript(app, 'strideconv_app.js, wasm inside'), '<script async src="strideconv_app.js">');
html = html.replace(/<!-- index\.html --[\s\S]*?-->/, () =>
  '<!-- strideconv-lab.html -- Stride Convolution Lab in one file: open it from disk, no server needed.\n' +
  '     Built from web/index.html, its scripts and the app with its WebAssembly inlined. -->');

html = withContentSecurityPolicy(html, { served: false });

const temporary = `${outPath}.tmp`;
await writeFile(temporary, html);
await rename(temporary, outPath);  // never leave a half-written page behind
console.log(`single_file.mjs: wrote ${outPath} (${Math.round(html.length / 1024)} KB)`);
