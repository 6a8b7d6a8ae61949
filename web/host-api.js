// host-api.js -- window.strideconv: the small JS object through which pages, course materials and
// tests talk to the app. Loaded by index.html before strideconv_app.js; no external resources.
//
//   await strideconv.ready                      resolves after the first frame is drawn
//   strideconv.getState()                       {input: [H, W], kernel, stride, padding: [t, b, l, r],
//                                                dilation, padding_mode, step, ..., output, steps}
//   strideconv.setState({stride: [2, 2]})       same keys as getState (and as the URL parameters);
//                                                returns the notices for values that were clamped
//   strideconv.play() / pause() / step(n)
//   strideconv.exportPNG(scale)                 Promise<{blob, width, height}> of the canvas at 1x/2x/4x
//   window.addEventListener('strideconv:state', e => e.detail.state)   after every change
(function () {
  'use strict';
  var status = document.getElementById('status');
  var resolveReady;
  var readyFlag = false;
  var pendingPNG = [];
  var urlTimer = null;

  function showError(message) {
    if (!status) return;
    status.className = 'error';
    status.textContent = 'Error: ' + message;
  }

  function call(name, returnType, argTypes, args) {
    if (!readyFlag) throw new Error('strideconv is not ready yet: await strideconv.ready first');
    return Module.ccall(name, returnType, argTypes || [], args || []);
  }

  // A partial state object -> URL parameter syntax ("stride=2x2&padding=1,1,0,0").
  function toQuery(partial) {
    var parts = [];
    Object.keys(partial || {}).forEach(function (key) {
      var v = partial[key];
      if (v === undefined || v === null) return;
      var text;
      if (Array.isArray(v)) {
        var joiner = (key === 'x' || key === 'w' || (key === 'padding' && v.length === 4)) ? ',' : 'x';
        text = v.map(String).join(joiner);
      } else if (typeof v === 'boolean') {
        text = v ? '1' : '0';
      } else {
        text = String(v);
      }
      parts.push(encodeURIComponent(key) + '=' + encodeURIComponent(text));
    });
    return parts.join('&');
  }

  var api = {
    ready: new Promise(function (resolve) { resolveReady = resolve; }),
    version: 1,
    getState: function () { return JSON.parse(call('sc_get_state', 'string')); },
    setState: function (partial) {
      var notices = call('sc_set_query', 'string', ['string'], [toQuery(partial)]);
      return notices ? notices.trim().split('\n') : [];
    },
    play: function () { call('sc_play', null); },
    pause: function () { call('sc_pause', null); },
    step: function (n) { call('sc_step', null, ['number'], [n === undefined ? 1 : (n | 0)]); },
    setSpeed: function (stepsPerSecond) { call('sc_set_speed', null, ['number'], [+stepsPerSecond || 1]); },
    exportPNG: function (scale, download) {
      scale = Math.max(1, Math.min(4, (scale | 0) || 1));
      return new Promise(function (resolve, reject) {
        pendingPNG.push({resolve: resolve, reject: reject, download: !!download, scale: scale});
        call('sc_export_png', null, ['number'], [scale]);
      });
    },
    // Called by the app (platform/main.cpp); not for hosts.
    _resolveReady: function () {
      readyFlag = true;
      if (status && status.className !== 'error') status.textContent = '';
      resolveReady();
    },
    _stateChanged: function (query, stateJson) {
      var state = JSON.parse(stateJson);
      // Keep the address bar in step without flooding history: replace, at most every 250 ms.
      if (urlTimer) clearTimeout(urlTimer);
      urlTimer = setTimeout(function () {
        try {
          history.replaceState(null, '', location.pathname + (query ? '?' + query : ''));
        } catch (e) { /* file:// pages may refuse; the state still works */ }
      }, 250);
      window.dispatchEvent(new CustomEvent('strideconv:state', {detail: {state: state, query: query}}));
    },
    _png: function (bytes, width, height) {
      var blob = new Blob([bytes], {type: 'image/png'});
      var waiting = pendingPNG.shift();
      if (!waiting || waiting.download) {
        var a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = 'stride-convolution-' + width + 'x' + height + '.png';
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      }
      if (waiting) {
        if (bytes.length === 0) waiting.reject(new Error('export failed (image too large?)'));
        else waiting.resolve({blob: blob, width: width, height: height});
      }
    },
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

  window.addEventListener('error', function (event) { showError(event.message); });
  window.addEventListener('unhandledrejection', function (event) { showError(String(event.reason)); });
  window.Module = {
    canvas: document.getElementById('canvas'),
    // The configuration travels in the page's query or hash: hand it to main() as --query.
    arguments: ['--query', (location.search || '') + (location.hash ? '&' + location.hash.slice(1) : '')],
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); },
    setStatus: function (text) { if (status && status.className !== 'error') status.textContent = text; },
    onAbort: function (what) { showError('the app stopped: ' + what); }
  };
  if (!window.WebGL2RenderingContext) showError('this browser has no WebGL2.');
})();
