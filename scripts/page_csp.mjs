// page_csp.mjs -- the Content-Security-Policy of the lab's pages, written into each page at build
// time as a <meta http-equiv="Content-Security-Policy"> right after <meta charset>.
//
//   node scripts/page_csp.mjs IN_HTML OUT_HTML        (the served page: web/index.html -> dist/)
//   import { withContentSecurityPolicy } from './page_csp.mjs'   (single_file.mjs: the single file)
//
// The policy is strict: nothing inline runs unless its SHA-256 is in the policy (computed here from
// the page's own <style> and inline <script> elements, so it can never go stale), no eval of any
// kind ('wasm-unsafe-eval' only, which WebAssembly.instantiate needs), no plugins, no <base>, no
// forms, and nothing fetched but the app's own files. The served page loads its scripts and wasm
// from its own origin ('self'); the single file has no file to load, only its inline scripts (and
// the wasm inside one of them as a data: URL).
// Images: data: (the page's empty favicon) and blob: (a picture the user opens, decoded through an
// object URL); media: blob: (a recording of the walk the page plays back). A host that sends its own policy as an HTTP header needs at least the same sources;
// see "Content-Security-Policy" in README.md.
import { createHash } from 'node:crypto';
import { readFile, writeFile, rename } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

function sha256(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

const SCRIPT = /<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi;
const STYLE = /<style(\s[^>]*)?>([\s\S]*?)<\/style>/gi;

// The text of every inline element that `pattern` finds (a <script src> is not inline).
function inlineBodies(html, pattern) {
  return [...html.matchAll(pattern)].filter((m) => !/\ssrc\s*=/i.test(m[1] || '')).map((m) => m[2]);
}

// The policy for `html` as it will be served: `served` (index.html next to its files) or not (the
// single file, which opens from file:// and loads nothing).
export function policyFor(html, { served }) {
  // Script bodies may hold any text ("<style>" in a string); the markup is what is left.
  const markup = html.replace(SCRIPT, '').replace(/<template[\s\S]*?<\/template>|<!--[\s\S]*?-->/gi, '');
  if (/<[a-z][^>]*\son[a-z]+\s*=/i.test(markup))
    throw new Error('the page has an inline event handler attribute (onclick=...): no policy without unsafe-inline allows it');
  const scripts = inlineBodies(html, SCRIPT).map(sha256);
  const styles = inlineBodies(markup, STYLE).map(sha256);
  const self = served ? ["'self'"] : [];
  const directives = [
    "default-src 'none'",
    `script-src ${[...self, ...scripts, "'wasm-unsafe-eval'"].join(' ')}`,
    `style-src ${[...self, ...styles].join(' ') || "'none'"}`,
    // The served page compiles its wasm from a fetch of its own file (host-api.js); the single
    // file's Emscripten runtime (3.1.6) fetches its inlined wasm from a data: URL.
    `connect-src ${served ? "'self'" : 'data:'}`,
    'img-src data: blob:',
    // A recording (strideconv.recordWebM) played back in the page through an object URL.
    'media-src blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ];
  return directives.join('; ');
}

// `html` with the policy's meta tag after <meta charset> (replacing one already there).
export function withContentSecurityPolicy(html, { served }) {
  const withoutOld = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n?/i, '');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policyFor(withoutOld, { served })}">`;
  const charset = /<meta charset="utf-8">\n?/i;
  if (!charset.test(withoutOld)) throw new Error('the page has no <meta charset="utf-8">');
  // The policy covers only what comes after it: it goes before every <style>, <link> and <script>.
  return withoutOld.replace(charset, (m) => `${m.trimEnd()}\n${meta}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [inPath, outPath] = process.argv.slice(2);
  if (!outPath) {
    console.error('usage: node scripts/page_csp.mjs IN_HTML OUT_HTML');
    process.exit(2);
  }
  const html = withContentSecurityPolicy(await readFile(inPath, 'utf8'), { served: true });
  const temporary = `${outPath}.tmp`;
  await writeFile(temporary, html);
  await rename(temporary, outPath);
}
