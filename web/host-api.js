// host-api.js -- window.strideconv: the small JS object through which pages, course materials and
// tests talk to the app. Loaded by index.html before strideconv_app.js; no external resources.
//
//   await strideconv.ready                      resolves after the first frame is drawn
//   strideconv.getState()                       {input: [H, W], kernel, stride, padding: [t, b, l, r],
//                                                dilation, padding_mode, step, ..., output, steps, notices}
//   strideconv.setState({stride: [2, 2]})       same keys as getState (and as the URL parameters);
//                                                returns the notices for values that were clamped
//   strideconv.play() / pause() / step(n)
//   strideconv.describeCell('output', 1, 2)     that cell in words: value, window, padding taps, sum
//   strideconv.catalog()                        {lessons: [{name, title, point}], kernel_presets, limits}
//   strideconv.text('Stride')                   an English UI text (catalog titles too) in the lab's
//                                                language: 'Schrittweite' with lang=de
//   strideconv.quiz()                           the quiz's question: {topic, number, lang, heading, kind,
//                                                prompt, layer, answered, correct, score: {correct, asked},
//                                                feedback, explanation}, its sentences in the lab's language;
//                                                quiz= (setState) picks the topic
//   strideconv.answerQuiz('8x8')                {correct, understood, feedback}: scored once per question
//   strideconv.nextQuestion()                   the next question: quiz()
//   strideconv.exportPNG(scale)                 Promise<{blob, width, height}> of the canvas at 1x..4x
//   strideconv.recordWebM({fps: 2})             Promise<Blob video/webm> of the stride walk, first to
//                                                last step; recordWebM(true) also downloads it (the
//                                                app's "Record WebM" button)
//   strideconv.loadImage(fileOrBlob)            image mode on the user's own picture: the browser decodes
//                                                it (PNG, JPEG, WebP, GIF, ...), the app gets RGBA8
//                                                pixels; Promise<getState().image>, rejected with the
//                                                reason (which the app also shows) for a non-image, a
//                                                0x0 or oversized picture. The page's <input
//                                                id="image-file"> and a file dropped on the canvas
//                                                call it too.
//   strideconv.memory()                         {heap_bytes, in_use_bytes}: the wasm heap's size and what
//                                                malloc has handed out (for long-session checks)
//   window.addEventListener('strideconv:state', e => e.detail.state)   after every change
//
// Inside an iframe the same operations are available to the parent page through postMessage; see
// "Embedding: iframe and postMessage" in README.md. URL parameters only this file reads (the app
// never sees them): origin=ORIGIN, the one parent origin allowed to talk to an embedded app;
// test_clock=1, image mode's timings as exactly 1 ms per stage (golden images).
//
// [SECTION] Host-only URL parameters
// [SECTION] API
// [SECTION] PNG export and WebM recording
// [SECTION] Pictures for image mode: file input, drag and drop, decoding in the browser
// [SECTION] postMessage protocol (iframe hosts)
// [SECTION] Focus, keyboard and wheel inside an iframe
// [SECTION] Touch
// [SECTION] Emscripten Module
(function () {
  'use strict';
  var status = document.getElementById('status');
  var canvas = document.getElementById('canvas');
  var embedded = window.parent !== window;
  var resolveReady;
  var readyFlag = false;
  var urlTimer = null;

  function showError(message) {
    if (!status) return;
    status.className = 'error';
    status.textContent = 'Error: ' + message;
  }

  // The page's own sentence `english` (a key of the app's string table) in the lab's language, with
  // {0}, {1}, ... filled from `args` (numbers written as the language writes them); English before
  // the app is ready.
  function pageText(english, args) {
    var text = english;
    var number = function (n) { return String(n); };
    try {
      text = api.text(english);
      number = function (n) { return call('sc_number_text', 'string', ['number'], [n]); };
    } catch (e) { /* not ready yet */ }
    return text.replace(/\{(\d)\}/g, function (m, k) {
      var arg = (args || [])[+k];
      return typeof arg === 'number' ? number(arg) : String(arg);
    });
  }

  // A passing message at the bottom of the page (recording progress); never hides an error.
  var noteTimer = null;
  var glLostNote = null;  // the sentence shown while the WebGL context is lost
  function showNote(text, seconds) {
    if (!status || status.className === 'error') return;
    status.textContent = text;
    if (noteTimer) clearTimeout(noteTimer);
    noteTimer = seconds ? setTimeout(function () {
      if (status.className !== 'error' && status.textContent === text) status.textContent = '';
    }, seconds * 1000) : null;
  }

  // [SECTION] Host-only URL parameters -----------------------------------------------------------
  // origin= is removed from the query and hash before the app reads them (the app's URL codec would
  // report it as unknown) and put back into the address bar whenever the app rewrites it.

  // The key as the app's codec reads it: '+' is a space, %XX decoded, trimmed, lower case.
  function paramKey(segment) {
    var eq = segment.indexOf('=');
    var key = (eq < 0 ? segment : segment.slice(0, eq)).replace(/\+/g, ' ')
      .replace(/%([0-9a-fA-F]{2})/g, function (m, hex) { return String.fromCharCode(parseInt(hex, 16)); });
    return key.replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, '').toLowerCase();
  }

  function paramValue(segment) {
    var eq = segment.indexOf('=');
    var raw = eq < 0 ? '' : segment.slice(eq + 1).replace(/\+/g, ' ');
    try { return decodeURIComponent(raw); } catch (e) { return null; }
  }

  // "?a=1&origin=x&b=2" -> {rest: "a=1&b=2", origin: "x" (the last one given) or undefined}
  function takeHostParams(text) {
    var out = {rest: [], origin: undefined, originSegment: null};
    // Every leading '?' and '#' goes, as the app's codec skips them ("#?input=5" is input=5).
    String(text || '').replace(/^[?#]+/, '').split('&').forEach(function (segment) {
      if (segment && paramKey(segment) === 'test_clock') return;
      if (segment && paramKey(segment) === 'origin') {
        out.origin = paramValue(segment);
        out.originSegment = segment;
      } else if (segment) {
        out.rest.push(segment);
      }
    });
    out.rest = out.rest.join('&');
    return out;
  }

  // "https://course.example" (or with a path, which is dropped) -> "https://course.example";
  // anything else -> null: then no origin is trusted and the postMessage protocol stays off.
  function parseOrigin(text) {
    if (typeof text !== 'string') return null;
    try {
      var url = new URL(text);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
      return url.origin;
    } catch (e) {
      return null;
    }
  }

  // test_clock=1 (golden images): image mode times every stage as exactly 1 ms (main --test-clock).
  var testClock = /(^|[?#&])test_clock=1(&|$)/.test(location.search + '&' + location.hash.replace(/^#/, '&'));
  var fromSearch = takeHostParams(location.search);
  var fromHash = takeHostParams(location.hash);
  var originGiven = fromSearch.origin !== undefined || fromHash.origin !== undefined;
  var originSegment = fromHash.originSegment || fromSearch.originSegment;
  // undefined: any parent origin (the default); a string: only that one; null: none (bad origin=).
  var allowedOrigin = originGiven
    ? parseOrigin(fromHash.origin !== undefined ? fromHash.origin : fromSearch.origin) : undefined;
  if (originGiven && allowedOrigin === null)
    console.warn('strideconv: origin= is not an http(s) origin; the postMessage interface is off.');
  var appQuery = (fromSearch.rest ? '?' + fromSearch.rest : '') + (fromHash.rest ? '&' + fromHash.rest : '');

  function browserLanguages() {
    var list = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
    return Array.prototype.join.call(list, ',');
  }

  // The page's words before the app (and its string table, teach/strings_table.cpp) is loaded, for
  // every language the app speaks; a browser test checks this list against strideconv.languages.
  var EARLY_TEXT = {
    en: {loading: 'Loading…'},
    de: {loading: 'Wird geladen…'},
    fr: {loading: 'Chargement…'}
  };
  // The language the app will choose (platform/main.cpp): lang= in the link (English when it is not
  // one the lab speaks), else the browser's first language it speaks, else English.
  function earlyLanguage() {
    var code = null;
    appQuery.replace(/^[?#]+/, '').split('&').forEach(function (segment) {
      if (segment && paramKey(segment) === 'lang') code = paramValue(segment) || '';
    });
    var tags = code !== null ? [code] : browserLanguages().split(',');
    for (var i = 0; i < tags.length; ++i) {
      var primary = tags[i].trim().split(/[-_]/)[0].toLowerCase();
      if (primary.length === 2 && EARLY_TEXT[primary]) return primary;
      if (code !== null) break;
    }
    return 'en';
  }
  (function showLoading() {
    var lang = earlyLanguage();
    document.documentElement.lang = lang;
    if (status && status.className !== 'error') status.textContent = EARLY_TEXT[lang].loading;
  })();

  // [SECTION] API --------------------------------------------------------------------------------

  function call(name, returnType, argTypes, args) {
    if (!readyFlag) throw new Error('strideconv is not ready yet: await strideconv.ready first');
    return Module.ccall(name, returnType, argTypes || [], args || []);
  }

  // Calls the app with `text` as its first argument, copied onto the app's heap.
  // Not as ccall's 'string': that copies it onto the wasm stack (5 MB in all), so a long text (a
  // 2 MB string in a state from a host) overran the stack and corrupted the app's memory.
  function callWithText(name, returnType, text, moreTypes, moreArgs) {
    if (!readyFlag) throw new Error('strideconv is not ready yet: await strideconv.ready first');
    var size = Module.lengthBytesUTF8(text) + 1;
    var pointer = Module._malloc(size);
    if (!pointer) throw new Error('the app has no memory left for ' + size + ' bytes of text');
    try {
      Module.stringToUTF8(text, pointer, size);
      return Module.ccall(name, returnType, ['number'].concat(moreTypes || []), [pointer].concat(moreArgs || []));
    } finally {
      Module._free(pointer);
    }
  }

  // The app reads at most 256 KiB of state JSON (kMaxStateJsonBytes, teach/set_state.hpp) and says
  // so about a longer text: it gets that much and one character more, never the whole of a huge one.
  var MAX_STATE_JSON = 256 * 1024;

  function download(blob, name) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function nextFrames(n) {
    return new Promise(function (resolve) {
      var left = Math.max(1, n | 0);
      var tick = function () { if (--left > 0) requestAnimationFrame(tick); else resolve(); };
      requestAnimationFrame(tick);
    });
  }

  function sleep(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, Math.max(0, ms)); });
  }

  var api = {
    ready: new Promise(function (resolve) { resolveReady = resolve; }),
    version: 1,
    // The codes of the languages the lab speaks ('en' first), as lang= and setState({lang}) take
    // them; filled in when the app is ready (catalog().languages has their names too).
    languages: [],
    getState: function () { return JSON.parse(call('sc_get_state', 'string')); },
    // The network view's clickable output grid on the last frame, in CSS pixels of the canvas.
    stackLayout: function () { return JSON.parse(call('sc_stack_layout', 'string')); },
    // Where image mode drew the picture and each route's output on the last frame, in CSS pixels
    // of the canvas: {input, routes: [...]} by route number - 1, each {shown, drawn, x, y, zoom,
    // rows, cols} (shown: computed; drawn: on screen, not "drawing... N%").
    imageLayout: function () { return JSON.parse(call('sc_image_layout', 'string')); },
    // conv_transpose2d's grids on the last frame (CSS pixels of the canvas): cell, input, canvas, grid, output.
    transposedLayout: function () { return JSON.parse(call('sc_transposed_layout', 'string')); },
    // The app reads the JSON itself (teach/set_state.hpp: through its URL codec), so a key means
    // the same here as in a link; this file encodes nothing.
    setState: function (partial) {
      var json;
      try {
        json = JSON.stringify(partial || {});
      } catch (e) {  // a BigInt, a cycle: a host's mistake, said as such
        throw new Error('setState: the state cannot be written as JSON (' + (e && e.message || e) + ')');
      }
      if (typeof json !== 'string') json = '{}';  // setState(function) and the like: nothing to set
      var notices = callWithText('sc_set_state', 'string', json.slice(0, MAX_STATE_JSON + 1));
      return notices ? notices.trim().split('\n') : [];
    },
    // One grid cell in words (grid 'input' | 'kernel' | 'output', 0-based row and column), as the
    // screen-reader mirror (mirror.js) says it; '' outside the grid.
    describeCell: function (grid, row, col) {
      var g = {input: 0, kernel: 1, output: 2}[grid];
      return g === undefined ? '' : call('sc_describe_cell', 'string', ['number', 'number', 'number'], [g, row | 0, col | 0]);
    },
    // One of the UI's English texts (a key of the app's string table, such as a catalog title) in
    // the lab's language (getState().lang); the text itself when the app has no translation of it.
    text: function (english) {
      return callWithText('sc_text', 'string', String(english === undefined ? '' : english).slice(0, 500));
    },
    // The lessons, kernel presets and grid limits a host can choose from.
    catalog: function () { return JSON.parse(call('sc_catalog', 'string')); },
    quiz: function () { return JSON.parse(call('sc_quiz', 'string')); },
    answerQuiz: function (typed) {
      return JSON.parse(call('sc_quiz_answer', 'string', ['string'], [String(typed === undefined ? '' : typed).slice(0, 200)]));
    },
    nextQuestion: function () { call('sc_quiz_next', null); return api.quiz(); },
    play: function () { call('sc_play', null); },
    pause: function () { call('sc_pause', null); },
    step: function (n) { call('sc_step', null, ['number'], [n === undefined ? 1 : (n | 0)]); },
    setSpeed: function (stepsPerSecond) { call('sc_set_speed', null, ['number'], [+stepsPerSecond || 1]); },
    exportPNG: function (scale, download) { return exportPNG(scale, download); },
    recordWebM: function (options) { return recordWebM(options); },
    loadImage: function (file) { return loadImage(file); },
    memory: function () {
      var sizes = call('sc_memory', 'string').split(' ');
      return {heap_bytes: Number(sizes[0]), in_use_bytes: Number(sizes[1])};
    },
    // Called by the app (platform/main.cpp); not for hosts.
    _resolveReady: function () {
      readyFlag = true;
      try {
        api.catalog().languages.forEach(function (l) { api.languages.push(l.code); });
      } catch (e) { /* the lab still runs; hosts see no list */ }
      if (status && status.className !== 'error') status.textContent = '';
      resolveReady();
      announceReady();
    },
    _stateChanged: function (query, stateJson) {
      var state = JSON.parse(stateJson);
      // Keep the address bar in step without flooding history: replace, at most every 250 ms.
      // origin= (read by this file only) stays in it, so a reload keeps the same restriction.
      if (urlTimer) clearTimeout(urlTimer);
      urlTimer = setTimeout(function () {
        var search = [query, originSegment].filter(Boolean).join('&');
        try {
          history.replaceState(null, '', location.pathname + (search ? '?' + search : ''));
        } catch (e) { /* file:// pages may refuse; the state still works */ }
      }, 250);
      window.dispatchEvent(new CustomEvent('strideconv:state', {detail: {state: state, query: query}}));
      broadcastState(state, query);
    },
    _png: function (bytes, width, height) { deliverPNG(bytes, width, height); },
    // The canvas lost its WebGL context (lost true, `why` the app's sentence in its language) or got
    // it back (platform/host_web.cpp). The app keeps running; it redraws when the context is back.
    _glContext: function (lost, why) {
      if (!status || status.className === 'error') return;
      if (lost) {
        glLostNote = why;
        status.textContent = why;
      } else {
        if (status.textContent === glLostNote) status.textContent = '';
        glLostNote = null;
      }
    },
    _openPicture: function () { if (fileInput) fileInput.click(); },
    _copy: function (text) {
      function fallback() {
        var t = document.createElement('textarea');
        t.value = text;
        document.body.appendChild(t);
        t.select();
        try { document.execCommand('copy'); } catch (e) { /* nothing more to try */ }
        t.remove();
      }
      if (navigator.clipboard && navigator.clipboard.writeText)
        navigator.clipboard.writeText(text).catch(fallback);
      else
        fallback();
    }
  };
  window.strideconv = api;

  // [SECTION] PNG export and WebM recording ------------------------------------------------------

  // One export at a time: the app renders a requested PNG with the next frame, so a second request
  // in the same frame would be lost. Requests wait in line instead.
  var exportLine = Promise.resolve();
  var pendingPNG = null;

  // A page in a background tab (or a frozen one, or an iframe scrolled far out of view) gets no
  // animation frames, so an export waiting for the next one would wait until the student comes
  // back; a host asking for it meanwhile never heard back. When no frame has come within
  // EXPORT_FRAME_WAIT_MS the app draws that frame now (sc_draw_frame).
  var EXPORT_FRAME_WAIT_MS = 250;

  function exportPNG(scale, save) {
    scale = Math.max(1, Math.min(4, (scale | 0) || 1));
    var run = function () {
      return new Promise(function (resolve, reject) {
        var request = {resolve: resolve, reject: reject, download: !!save};
        pendingPNG = request;
        try {
          call('sc_export_png', null, ['number'], [scale]);
        } catch (e) {
          pendingPNG = null;
          reject(e);
          return;
        }
        setTimeout(function () {
          if (pendingPNG === request) call('sc_draw_frame', null);
        }, EXPORT_FRAME_WAIT_MS);
      });
    };
    var result = exportLine.then(run, run);
    exportLine = result.catch(function () {});
    return result;
  }

  function deliverPNG(bytes, width, height) {
    var blob = new Blob([bytes], {type: 'image/png'});
    var waiting = pendingPNG;
    pendingPNG = null;
    if (bytes.length > 0 && (!waiting || waiting.download))
      download(blob, 'stride-convolution-' + width + 'x' + height + '.png');
    if (waiting) {
      if (bytes.length === 0) waiting.reject(new Error('export failed (image too large?)'));
      else waiting.resolve({blob: blob, width: width, height: height});
    }
  }

  // Records the stride walk as WebM: pauses, shows each step from `from` to `to` for 1/fps seconds
  // and captures it from the canvas (canvas.captureStream + MediaRecorder), then puts the state and
  // playback back as they were. Options (all optional):
  //   fps            video frames (= shown steps) per second, 0.5..30, default 2
  //   stepsPerFrame  steps advanced per frame, default 1 (raised to keep within maxSeconds)
  //   from, to       first and last step, default 0 and the last step
  //   maxSeconds     longest recording, default 120
  //   download       also save it as stride-convolution-walk.webm (recordWebM(true) is the same)
  //   onProgress     function (frame, frames) after each captured frame
  //   bitsPerSecond  video bit rate, default 2500000
  // Resolves with a Blob of type video/webm; rejects if the browser cannot record or a recording
  // is already running.
  var recording = false;

  function recordWebM(options) {
    var fromUI = options === true;
    if (typeof options === 'boolean') options = {download: options};
    options = options && typeof options === 'object' ? options : {};
    var result;
    if (recording) {
      result = Promise.reject(new Error('a recording is already running'));
    } else {
      recording = true;
      result = api.ready.then(function () { return record(options, fromUI); });
      result.then(function () { recording = false; }, function () { recording = false; });
    }
    if (fromUI) {
      // The app's button: nobody awaits this promise, so report failures on the page instead.
      result.catch(function (error) { showNote(pageText('Recording failed: {0}', [error && error.message || error]), 6); });
    }
    return result;
  }

  function pickWebMType() {
    var types = ['video/webm;codecs=vp8', 'video/webm;codecs=vp9', 'video/webm'];
    for (var k = 0; k < types.length; ++k)
      if (!MediaRecorder.isTypeSupported || MediaRecorder.isTypeSupported(types[k])) return types[k];
    return '';
  }

  function finiteOr(value, fallback) {
    var n = Number(value);
    return value === undefined || value === null || value === '' || !isFinite(n) ? fallback : n;
  }

  async function record(options, fromUI) {
    if (!canvas || typeof canvas.captureStream !== 'function' || typeof MediaRecorder === 'undefined')
      throw new Error('this browser cannot record video (no canvas.captureStream or MediaRecorder)');
    var mimeType = pickWebMType();
    if (!mimeType) throw new Error('this browser cannot record WebM');

    var before = api.getState();
    var steps = before.steps | 0;
    if (steps < 1) throw new Error('there is no walk to record' + (before.error ? ': ' + before.error : ''));
    var fps = Math.max(0.5, Math.min(30, finiteOr(options.fps, 2)));
    var from = Math.max(0, Math.min(steps - 1, Math.floor(finiteOr(options.from, 0))));
    var to = Math.max(from, Math.min(steps - 1, Math.floor(finiteOr(options.to, steps - 1))));
    var maxSeconds = Math.max(1, finiteOr(options.maxSeconds, 120));
    var perFrame = Math.max(1, Math.floor(finiteOr(options.stepsPerFrame, 1)));
    // frames = ceil(span / perFrame) + 1 (the last step is always shown), plus one held frame at
    // the end: at most maxSeconds * fps of them.
    var maxFrames = Math.max(3, Math.floor(maxSeconds * fps));
    perFrame = Math.max(perFrame, Math.ceil((to - from) / (maxFrames - 2)));
    var frames = Math.ceil((to - from) / perFrame) + 1;
    var onProgress = typeof options.onProgress === 'function' ? options.onProgress : null;
    var showProgress = fromUI || !!options.download;

    var stream = canvas.captureStream(0);
    var track = stream.getVideoTracks()[0];
    if (!track || typeof track.requestFrame !== 'function') {
      // No frame-by-frame capture: sample the canvas at the frame rate instead.
      stream.getTracks().forEach(function (t) { t.stop(); });
      stream = canvas.captureStream(fps);
      track = null;
    }
    var chunks = [];
    var recorder = new MediaRecorder(stream, {
      mimeType: mimeType,
      videoBitsPerSecond: Math.max(1e5, finiteOr(options.bitsPerSecond, 2.5e6)),
    });
    var stopped = new Promise(function (resolve, reject) {
      recorder.ondataavailable = function (event) { if (event.data && event.data.size) chunks.push(event.data); };
      recorder.onstop = resolve;
      recorder.onerror = function (event) { reject(event.error || new Error('MediaRecorder failed')); };
    });
    stopped.catch(function () {});  // awaited below; an error thrown before that is the one reported

    // Steps move with step(n), not setState({step}): setState would also clear the notices on screen.
    var goTo = function (step) { api.step(step - api.getState().step); };
    api.pause();
    try {
      goTo(from);
      await nextFrames(2);
      recorder.start();
      var frameMs = 1000 / fps;
      for (var k = 0, s = from; k < frames; ++k, s = Math.min(s + perFrame, to)) {
        var started = performance.now();
        if (k > 0) {
          goTo(s);
          await nextFrames(2);  // the app draws the new step on the next frame
        }
        if (track) track.requestFrame();
        if (onProgress) { try { onProgress(k + 1, frames); } catch (e) { /* the caller's problem */ } }
        if (showProgress) showNote(pageText('Recording WebM\u2026 {0} / {1}', [k + 1, frames]));
        await sleep(frameMs - (performance.now() - started));
      }
      if (track) {  // show the last step once more, so players do not cut it short
        track.requestFrame();
        await sleep(frameMs);
      }
    } finally {
      if (recorder.state !== 'inactive') recorder.stop();
      stream.getTracks().forEach(function (t) { t.stop(); });
      goTo(before.step);
      if (before.playing) api.play();
    }
    await stopped;
    var blob = new Blob(chunks, {type: 'video/webm'});
    if (blob.size === 0) throw new Error('the recording is empty');
    if (showProgress) showNote(pageText('Recorded {0} frames ({1} KB).', [frames, Math.round(blob.size / 1024)]), 4);
    if (options.download) download(blob, 'stride-convolution-walk.webm');
    return blob;
  }

  // [SECTION] Pictures for image mode: file input, drag and drop, decoding in the browser ---------
  // The browser decodes the file (so WebP works too) without colour management or premultiplied
  // alpha, and the app receives RGBA8 rows (sc_load_image). Limits are checked from the header the
  // <img> element reads before anything is decoded in full: a 0x0 picture, more than 16384 pixels
  // on a side or 64 Mpx are refused; a picture larger than 2048 on a side is scaled down by the
  // browser first (the app says so). An animated GIF shows its first frame (the app says so).

  var MAX_DECODE_SIDE = 16384, MAX_DECODE_PIXELS = 64 * 1024 * 1024, MAX_WORKING_SIDE = 2048;
  var MAX_FILE_BYTES = 256 * 1024 * 1024;
  var fileInput = document.getElementById('image-file');

  // Frames of a GIF (image descriptors), or 1 for anything else or a GIF cut short.
  function gifFrames(bytes) {
    if (bytes.length < 13 || String.fromCharCode(bytes[0], bytes[1], bytes[2]) !== 'GIF') return 1;
    var at = 13;
    if (bytes[10] & 0x80) at += 3 * (1 << ((bytes[10] & 7) + 1));  // global colour table
    var frames = 0;
    var skipBlocks = function () {
      while (at < bytes.length && bytes[at] !== 0) at += bytes[at] + 1;
      at += 1;
    };
    while (at < bytes.length) {
      var block = bytes[at];
      if (block === 0x3B) break;  // trailer
      if (block === 0x21) {       // extension: label, then sub-blocks
        at += 2;
        skipBlocks();
      } else if (block === 0x2C) {  // image descriptor (+ local colour table), LZW size, data
        if (at + 10 > bytes.length) break;
        var packed = bytes[at + 9];
        at += 10;
        if (packed & 0x80) at += 3 * (1 << ((packed & 7) + 1));
        at += 1;
        skipBlocks();
        frames += 1;
      } else {
        break;
      }
    }
    return Math.max(frames, 1);
  }

  // The size a PNG or GIF header announces ({width, height}), or null for other files. Read here
  // because an <img> refuses a file whose pixels are cut short (a header claiming 30000x30000 with
  // no data) without telling its size, and a refusal should name the size.
  function headerSize(bytes) {
    var be32 = function (at) { return ((bytes[at] << 24) >>> 0) + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3]; };
    var png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    if (bytes.length >= 24 && png.every(function (b, k) { return bytes[k] === b; }) &&
        String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]) === 'IHDR')
      return {width: be32(16), height: be32(20)};
    if (bytes.length >= 10 && String.fromCharCode(bytes[0], bytes[1], bytes[2]) === 'GIF')
      return {width: bytes[6] + (bytes[7] << 8), height: bytes[8] + (bytes[9] << 8)};
    return null;
  }

  function checkSize(size, name) {
    if (!size.width || !size.height) throw pictureError('no_pixels', name, '', [size.width, size.height]);
    if (size.width > MAX_DECODE_SIDE || size.height > MAX_DECODE_SIDE || size.width * size.height > MAX_DECODE_PIXELS)
      throw pictureError('too_many_pixels', name, '', [size.width, size.height, MAX_DECODE_SIDE, MAX_DECODE_PIXELS / (1024 * 1024)]);
  }

  // The picture's size from its header: an <img> knows it before the pixels are needed.
  function pictureSize(blob, name) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(blob);
      var img = new Image();
      img.onload = function () {
        URL.revokeObjectURL(url);
        resolve({width: img.naturalWidth, height: img.naturalHeight});
      };
      img.onerror = function () {
        URL.revokeObjectURL(url);
        reject(pictureError('unreadable', name));
      };
      img.src = url;
    });
  }

  // A picture refused before the app has its pixels: `code` and the figures go to the app, which
  // shows the sentence in the lab's language (platform/host_web.cpp sc_image_refused) and gives
  // back its English for the promise, as the host API's errors are English.
  function pictureError(code, name, detail, figures) {
    var n = (figures || []).concat([0, 0, 0, 0]).slice(0, 4).map(function (v) { return Math.max(-2147483648, Math.min(2147483647, Math.round(Number(v) || 0))); });
    var english = null;
    try {
      english = callWithText('sc_image_refused', 'string', code, ['string', 'string', 'number', 'number', 'number', 'number'],
                             [name || '', String(detail || '').slice(0, 300)].concat(n));
    } catch (e) { /* not ready */ }
    return new Error(english || (name || 'the picture') + ': ' + code);
  }

  async function loadImage(file) {
    await api.ready;
    if (!(file instanceof Blob)) throw pictureError('not_a_blob');
    var name = file.name || 'the picture';
    if (name.length > 200) name = name.slice(0, 200) + '\u2026';  // it is quoted in every message
    if (file.size === 0) throw pictureError('empty', name);
    if (file.size > MAX_FILE_BYTES) throw pictureError('file_too_large', name, '', [MAX_FILE_BYTES / (1024 * 1024)]);
    var announced = headerSize(new Uint8Array(await file.slice(0, 32).arrayBuffer()));
    if (announced) checkSize(announced, name);
    var size = await pictureSize(file, name);
    checkSize(size, name);
    var frames = 1;
    if (/gif$/i.test(file.type) || /\.gif$/i.test(name))
      frames = gifFrames(new Uint8Array(await file.arrayBuffer()));
    var scale = Math.min(1, MAX_WORKING_SIDE / Math.max(size.width, size.height));
    var width = Math.max(1, Math.round(size.width * scale)), height = Math.max(1, Math.round(size.height * scale));
    var options = {premultiplyAlpha: 'none', colorSpaceConversion: 'none'};
    if (scale < 1) {
      options.resizeWidth = width;
      options.resizeHeight = height;
      options.resizeQuality = 'high';
    }
    var bitmap;
    try {
      bitmap = await createImageBitmap(file, options);
    } catch (e) {
      throw pictureError('undecodable', name, e && e.message || e);
    }
    var surface = document.createElement('canvas');
    surface.width = width;
    surface.height = height;
    var context = surface.getContext('2d', {willReadFrequently: true});
    context.drawImage(bitmap, 0, 0);
    if (bitmap.close) bitmap.close();
    var rgba = context.getImageData(0, 0, width, height).data;
    var pointer = Module._malloc(rgba.length);
    if (!pointer) throw pictureError('no_memory', name);
    var refused;
    try {
      Module.HEAPU8.set(rgba, pointer);
      refused = callWithText('sc_load_image', 'string', name, ['number', 'number', 'number', 'number', 'number', 'number'],
                             [pointer, width, height, size.width, size.height, frames]);
    } finally {
      Module._free(pointer);
    }
    if (refused) throw new Error(refused);
    return api.getState().image;
  }

  // Pictures chosen or dropped by the user: the app shows any problem itself, so a refusal is not
  // an error of the page.
  function loadQuietly(file) {
    if (file) loadImage(file).catch(function () {});
  }

  if (fileInput) {
    fileInput.addEventListener('change', function () {
      loadQuietly(fileInput.files && fileInput.files[0]);
      fileInput.value = '';  // choosing the same file again loads it again
    });
  }
  if (canvas) {
    canvas.addEventListener('dragover', function (event) {
      if (!event.dataTransfer || Array.prototype.indexOf.call(event.dataTransfer.types || [], 'Files') < 0) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    });
    canvas.addEventListener('drop', function (event) {
      if (!event.dataTransfer || !event.dataTransfer.files || !event.dataTransfer.files.length) return;
      event.preventDefault();
      loadQuietly(event.dataTransfer.files[0]);
    });
  }

  // [SECTION] postMessage protocol (iframe hosts) ------------------------------------------------
  // Only the parent window is listened to. With origin= only that origin is accepted, replied to
  // and broadcast to; without it any parent origin may drive the app, replies go to the asking
  // origin and broadcasts to '*' (they carry the lesson state only, which the embedding page could
  // read from the iframe's URL anyway).

  var PREFIX = 'strideconv:';
  var STATE_INTERVAL_MS = 100;  // at most ten state messages a second; the last state always goes
  var earlyMessages = [];       // commands sent before the app was ready, answered once it is
  var lastStatePost = 0;
  var stateTimer = null;
  var latestState = null;

  // Chrome and Safari know the parent's origin; posting to a mismatched targetOrigin would log an
  // error in this page's console, so nothing is sent to a parent that is not the allowed origin.
  function parentAllowed() {
    if (!embedded || allowedOrigin === null) return false;
    if (allowedOrigin === undefined) return true;
    var ancestors = location.ancestorOrigins;
    return !ancestors || !ancestors.length || ancestors[0] === allowedOrigin;
  }

  function postToParent(message) {
    if (!parentAllowed()) return;
    try { window.parent.postMessage(message, allowedOrigin || '*'); } catch (e) { /* parent gone */ }
  }

  function announceReady() {
    if (!embedded) return;
    latestState = null;
    lastStatePost = Date.now();
    postToParent({type: PREFIX + 'ready', version: api.version, state: api.getState()});
    var queued = earlyMessages;
    earlyMessages = [];
    queued.forEach(handleMessage);
  }

  function broadcastState(state, query) {
    if (!embedded || !readyFlag) return;
    latestState = {type: PREFIX + 'state', state: state, query: query};
    if (stateTimer) return;
    var flush = function () {
      stateTimer = null;
      if (!latestState) return;
      lastStatePost = Date.now();
      var message = latestState;
      latestState = null;
      postToParent(message);
    };
    var wait = lastStatePost + STATE_INTERVAL_MS - Date.now();
    if (wait <= 0) flush();
    else stateTimer = setTimeout(flush, wait);
  }

  function isPlainObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function blobToDataURL(blob) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { reject(reader.error || new Error('cannot read the image')); };
      reader.readAsDataURL(blob);
    });
  }

  var commands = {
    getState: function () { return api.getState(); },
    setState: function (data) {
      if (!isPlainObject(data.state)) throw new Error('setState needs state: {...}');
      var notices = api.setState(data.state);
      return {state: api.getState(), notices: notices};
    },
    step: function (data) {
      // Only a number or a numeric string: Number() of an object runs its valueOf and toString,
      // which a message may carry as non-functions (a TypeError saying nothing useful).
      var given = typeof data.n === 'number' || typeof data.n === 'string';
      var n = data.n === undefined ? 1 : given ? Number(data.n) : NaN;
      if (!isFinite(n)) throw new Error('step needs a number n');
      api.step(Math.max(-1e6, Math.min(1e6, Math.trunc(n))));
      return api.getState();
    },
    quiz: function () { return api.quiz(); },
    answerQuiz: function (data) {
      if (typeof data.answer !== 'string') throw new Error('answerQuiz needs answer: "..."');
      return {verdict: api.answerQuiz(data.answer), quiz: api.quiz()};
    },
    nextQuestion: function () { return api.nextQuestion(); },
    play: function () { api.play(); return api.getState(); },
    pause: function () { api.pause(); return api.getState(); },
    export: function (data) {
      var scale = typeof data.scale === 'number' || typeof data.scale === 'string' ? Number(data.scale) : 1;
      return api.exportPNG(isFinite(scale) ? scale : 1).then(function (png) {
        return blobToDataURL(png.blob).then(function (url) {
          return {dataURL: url, width: png.width, height: png.height};
        });
      });
    },
  };

  function reply(event, id, ok, payload) {
    var message = {type: PREFIX + 'reply', id: id, ok: ok};
    if (ok) message.result = payload;
    else message.error = String(payload && payload.message || payload);
    // An opaque ('null') origin cannot be named as a target; such parents get '*'.
    var target = allowedOrigin || (event.origin && event.origin !== 'null' ? event.origin : '*');
    try { event.source.postMessage(message, target); } catch (e) { /* the asker is gone */ }
  }

  function handleMessage(event) {
    var data = event.data;
    var name = data.type.slice(PREFIX.length);
    var id = typeof data.id === 'string' || typeof data.id === 'number' ? data.id : null;
    if (!Object.prototype.hasOwnProperty.call(commands, name)) {
      reply(event, id, false, new Error('unknown message type ' + data.type));
      return;
    }
    Promise.resolve().then(function () { return commands[name](data); }).then(
      function (result) { reply(event, id, true, result); },
      function (error) { reply(event, id, false, error); });
  }

  if (embedded) {
    window.addEventListener('message', function (event) {
      // Anything that is not a well-formed command from the allowed parent is ignored, silently.
      if (event.source !== window.parent || allowedOrigin === null) return;
      if (allowedOrigin && event.origin !== allowedOrigin) return;
      var data = event.data;
      if (!isPlainObject(data) || typeof data.type !== 'string' || data.type.indexOf(PREFIX) !== 0) return;
      if (/^strideconv:(ready|state|reply)$/.test(data.type)) return;  // our own messages echoed back
      if (readyFlag) handleMessage(event);
      else if (earlyMessages.length < 100) earlyMessages.push(event);
    });
  }

  // [SECTION] Focus, keyboard and wheel inside an iframe -----------------------------------------
  // Emscripten's GLFW listens for keys on this page's window, so the app only ever sees keys typed
  // while this document has focus: never the host page's. Clicking the canvas focuses it. In an
  // iframe three things keep the host page usable:
  //   Tab / Shift+Tab leave the app (as on the full page, where they reach the mirror);
  //   the app's keys (arrows, Space, Home, End, PageUp/PageDown) do not scroll the host page;
  //   the mouse wheel scrolls the host page until the app has been clicked (focused).
  // Listeners registered here run before GLFW's: this file runs before strideconv_app.js.

  var SCROLL_KEYS = {ArrowLeft: 1, ArrowRight: 1, ArrowUp: 1, ArrowDown: 1, ' ': 1, Spacebar: 1,
                     Home: 1, End: 1, PageUp: 1, PageDown: 1};

  function isFormField(element) {
    return !!element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(element.tagName));
  }

  if (canvas) {
    // No browser menu on the canvas (a right click or a long press belongs to the lab). Here rather
    // than as an oncontextmenu attribute: the page's Content-Security-Policy allows no inline handler.
    canvas.addEventListener('contextmenu', function (event) { event.preventDefault(); });
    canvas.addEventListener('pointerdown', function () {
      if (document.activeElement !== canvas) canvas.focus({preventScroll: true});
    }, true);
  }

  // Tab and Shift+Tab always move the focus (to the mirror's controls, mirror.js, or out of an
  // iframe): GLFW would swallow them, a keyboard trap.
  var passTab = function (event) {
    if (event.key === 'Tab') event.stopImmediatePropagation();
  };
  window.addEventListener('keydown', passTab, true);
  window.addEventListener('keyup', passTab, true);

  if (embedded) {
    window.addEventListener('keydown', function (event) {
      if (event.key !== 'Tab' && SCROLL_KEYS[event.key] && !isFormField(event.target) && !event.defaultPrevented)
        event.preventDefault();
    }, true);
    if (canvas) {
      var passWheel = function (event) {
        if (!document.hasFocus()) event.stopImmediatePropagation();
      };
      canvas.addEventListener('wheel', passWheel, {capture: true, passive: true});
      canvas.addEventListener('mousewheel', passWheel, {capture: true, passive: true});
    }
  }

  // [SECTION] Touch ------------------------------------------------------------------------------
  // Emscripten's GLFW presses where the mouse last was when a finger touches (it never moves the
  // cursor for touches), and ImGui reads one mouse state per frame, so taps were lost or landed in
  // the wrong place. Touches go to the app from the pointer events here instead (sc_pointer, queued
  // by ui/touch_queue.hpp: hover, press, release in frames of their own); GLFW never sees them, nor
  // the mouse events a browser makes up after a tap. Full page: the lab takes every gesture
  // (touch-action: none). Embedded: vertical swipes still scroll the host page (pan-y); taps and
  // sideways drags (sliders, scrubbing) go to the lab.

  // Two fingers pinch: the grids' zoom follows the distance between them (sc_zoom_gesture, from the
  // zoom when they touched) and their midpoint pans zoomed grids. The first finger's press is
  // cancelled when the second lands (no tap, no drag), and the pinch lasts until both are lifted.

  var TOUCH_KIND = {pointermove: 0, pointerdown: 1, pointerup: 2, pointercancel: 3};
  var touchPointer = null;  // the pointerId of the finger the lab follows (one at a time)
  var touchInUse = false;   // the app's pointer is a finger until a mouse moves
  var lastTouchTime = -Infinity;
  var fingers = {};         // pointerId -> {x, y} (canvas pixels) of every finger down
  var pinch = null;         // {zoom, distance, x, y}: the zoom and the fingers when the pinch began

  function sendPointer(kind, x, y) {
    if (readyFlag) Module.ccall('sc_pointer', null, ['number', 'number', 'number'], [kind, x, y]);
  }

  function fingerList() {
    return Object.keys(fingers).map(function (id) { return fingers[id]; });
  }

  function pinchGeometry() {
    var f = fingerList();
    return {distance: Math.max(Math.hypot(f[0].x - f[1].x, f[0].y - f[1].y), 1),
            x: (f[0].x + f[1].x) / 2, y: (f[0].y + f[1].y) / 2};
  }

  function onPinch(event, at) {
    if (event.type === 'pointerdown') {
      fingers[event.pointerId] = at;
      if (fingerList().length === 2 && !pinch) {
        if (touchPointer !== null) sendPointer(3, at.x, at.y);  // the first finger's press: cancelled
        touchPointer = null;
        var g = pinchGeometry();
        pinch = {zoom: readyFlag ? Module.ccall('sc_zoom', 'number', [], []) : 100, distance: g.distance, x: g.x, y: g.y};
      }
      return !!pinch;
    }
    if (!(event.pointerId in fingers)) return !!pinch;
    if (event.type === 'pointermove') {
      fingers[event.pointerId] = at;
      if (pinch && fingerList().length === 2) {
        var now = pinchGeometry();
        if (readyFlag)
          Module.ccall('sc_zoom_gesture', null, ['number', 'number', 'number'],
                       [pinch.zoom * now.distance / pinch.distance, now.x - pinch.x, now.y - pinch.y]);
        pinch.x = now.x;
        pinch.y = now.y;
      }
    } else {
      delete fingers[event.pointerId];
      if (pinch && fingerList().length === 0) {
        pinch = null;
        return true;  // the last finger of a pinch: no release for the app
      }
    }
    return !!pinch;
  }

  function onPointer(event) {
    if (event.pointerType === 'mouse') {
      if (touchInUse && event.type === 'pointermove') {
        touchInUse = false;
        sendPointer(4, 0, 0);
      }
      return;
    }
    lastTouchTime = performance.now();
    var rect = canvas.getBoundingClientRect();
    var at = {x: (event.clientX - rect.left) * canvas.width / Math.max(rect.width, 1),
              y: (event.clientY - rect.top) * canvas.height / Math.max(rect.height, 1)};
    if (event.type === 'pointerdown') {
      try { canvas.setPointerCapture(event.pointerId); } catch (e) { /* released already */ }
    }
    if (onPinch(event, at)) return;  // two fingers: a pinch, not a press
    if (event.type === 'pointerdown') {
      if (touchPointer !== null && touchPointer !== event.pointerId) return;
      touchPointer = event.pointerId;
    } else if (event.pointerId !== touchPointer) {
      return;
    }
    if (event.type === 'pointerup' || event.type === 'pointercancel') touchPointer = null;
    touchInUse = true;
    sendPointer(TOUCH_KIND[event.type], at.x, at.y);
  }

  if (canvas) {
    canvas.style.touchAction = embedded ? 'pan-y' : 'none';
    Object.keys(TOUCH_KIND).forEach(function (type) { canvas.addEventListener(type, onPointer, true); });
    ['touchstart', 'touchmove', 'touchcancel'].forEach(function (type) {
      window.addEventListener(type, function (event) {
        if (event.target === canvas) event.stopImmediatePropagation();
      }, {capture: true, passive: true});
    });
    window.addEventListener('touchend', function (event) {
      if (event.target !== canvas) return;
      event.stopImmediatePropagation();
      if (event.cancelable) event.preventDefault();  // no made-up mouse events after a tap
    }, {capture: true, passive: false});
    // Mouse events right after a touch are the browser's imitation of the tap: not a mouse.
    ['mousedown', 'mouseup', 'mousemove', 'click'].forEach(function (type) {
      window.addEventListener(type, function (event) {
        if (event.target === canvas && performance.now() - lastTouchTime < 1000) event.stopImmediatePropagation();
      }, true);
    });
  }

  // [SECTION] Emscripten Module ------------------------------------------------------------------

  window.addEventListener('error', function (event) { showError(event.message); });
  window.addEventListener('unhandledrejection', function (event) { showError(String(event.reason)); });
  // The WebAssembly download and compilation start now, while strideconv_app.js downloads and runs,
  // instead of after it (the page is ready sooner). The single-file page has its wasm inline.
  var servedFromFiles = document.currentScript && document.currentScript.src && location.protocol !== 'file:' &&
    typeof WebAssembly === 'object' && typeof WebAssembly.compileStreaming === 'function';
  var wasmModule = servedFromFiles ? WebAssembly.compileStreaming(fetch('strideconv_app.wasm', {credentials: 'same-origin'}))
    : null;
  if (wasmModule) wasmModule.catch(function () {});  // reported when instantiated
  window.Module = {
    canvas: canvas,
    // The configuration travels in the page's query or hash: hand it to main() as --query.
    // The browser's languages: the app uses the first it speaks when the link has no lang=.
    arguments: ['--query', appQuery, '--browser-lang', browserLanguages()].concat(testClock ? ['--test-clock'] : []),
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); },
    onAbort: function (what) { showError('the app stopped: ' + what); }
  };
  if (wasmModule) {
    window.Module.instantiateWasm = function (imports, receiveInstance) {
      wasmModule.then(function (module) {
        return WebAssembly.instantiate(module, imports).then(function (instance) { receiveInstance(instance, module); });
      }).catch(function (error) { showError('cannot load strideconv_app.wasm: ' + error); });
      return {};  // the exports arrive through receiveInstance
    };
  }
  if (!window.WebGL2RenderingContext) showError('this browser has no WebGL2.');
})();
