// mirror.js -- the lab as HTML for screen readers and keyboards, kept in step with the canvas (a
// parallel DOM, as PhET's simulations have). Loaded by index.html after host-api.js; it talks to
// the app only through window.strideconv (getState, setState, step, describeCell, catalog) and the
// 'strideconv:state' event, so the canvas and the mirror always show one state.
//
//   <section id="mirror">        visually hidden until focus enters it; then a panel over the canvas
//     Layer                      every parameter as a select, number input or checkbox
//     Walk                       first / previous / play / next / last, the step as a number
//     Quiz                       (view=quiz) the topic, the question, an answer field, Check and
//                                Next question, the verdict and the working (strideconv.quiz())
//     Grids                      input, kernel and output as ARIA grids: arrow keys, Home/End,
//                                Ctrl+Home/End; each cell's name is its sentence (describeCell)
//     #mirror-live               aria-live: the layer after a change, the step while stepping
//                                (at most one sentence every 2 s while playing), notices
//
// Every text here is English, as the keys of the app's string table (teach/strings_table.cpp): it
// shows in the lab's language (strideconv.text), and again in the new one when lang changes.
//
// [SECTION] Words
// [SECTION] Building blocks
// [SECTION] Controls
// [SECTION] Grids
// [SECTION] Narration
// [SECTION] Start
(function () {
  'use strict';
  var api = window.strideconv;
  var root = document.getElementById('mirror');
  if (!api || !root) return;

  // [SECTION] Words --------------------------------------------------------------------------------

  // tr('Input, {0} by {1}', [5, 6]): the text in the lab's language, {0}, {1}, ... filled in.
  var translated = {};
  function tr(english, args) {
    var text = translated[english];
    if (text === undefined) text = translated[english] = api.text(english);
    return args ? text.replace(/\{(\d)\}/g, function (m, k) { return String(args[+k]); }) : text;
  }

  // The nodes whose text (or attribute `attribute`) is one of these English texts.
  var worded = [];
  function word(node, english, attribute) {
    worded.push({node: node, english: english, attribute: attribute});
    if (attribute) node.setAttribute(attribute, tr(english));
    else node.textContent = tr(english);
  }

  var wordsLang = null;
  function relabel(lang) {
    if (lang === wordsLang) return;
    wordsLang = lang;
    translated = {};
    worded.forEach(function (w) {
      var text = tr(w.english);
      if (w.attribute) w.node.setAttribute(w.attribute, text);
      else if (w.node.textContent !== text) w.node.textContent = text;
    });
  }

  // [SECTION] Building blocks --------------------------------------------------------------------

  // attributes.text: literal text; attributes.words: an English text shown in the lab's language.
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attributes[k];
      else if (k === 'words') word(node, attributes[k]);
      else node.setAttribute(k, attributes[k]);
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  var serial = 0;
  function section(title) {
    var id = 'mirror-h' + (++serial);
    var s = el('section', {'aria-labelledby': id}, [el('h2', {id: id, words: title})]);
    root.appendChild(s);
    return s;
  }

  // A labelled control in `parent`; `read(state)` gives its value, `write(value)` the setState part.
  var bindings = [];
  function bind(parent, label, control, read, write) {
    var id = 'mirror-c' + (++serial);
    control.id = id;
    parent.appendChild(el('div', {'class': 'field'}, [el('label', {'for': id, words: label}), control]));
    control.addEventListener('change', function () {
      var value = control.type === 'checkbox' ? control.checked : control.value;
      if (control.type === 'number' && (value === '' || !isFinite(+value))) return;
      apply(write(control.type === 'number' ? +value : value));
    });
    bindings.push({control: control, read: read});
    return control;
  }

  // options: [value, English text] (shown in the lab's language), or [value, text, true]: the text
  // as it is (PyTorch's names, numbers, each language's own name).
  function select(options) {
    var s = el('select');
    options.forEach(function (o) {
      var option = el('option', {value: o[0]});
      if (o[2]) option.textContent = o[1];
      else word(option, o[1]);
      s.appendChild(option);
    });
    return s;
  }
  function literal(values) { return values.map(function (v) { return [v, v, true]; }); }

  function number(min, max, step) {
    var attributes = {type: 'number', min: String(min), inputmode: 'decimal'};
    if (max !== undefined) attributes.max = String(max);
    attributes.step = step === undefined ? '1' : String(step);
    return el('input', attributes);
  }

  // setState, saying what it clamped; the new state arrives through 'strideconv:state'.
  function apply(partial) {
    var notices = api.setState(partial);
    if (notices && notices.length) say(notices.join(' '));
  }

  // [SECTION] Controls -----------------------------------------------------------------------------

  var catalog = {lessons: [], kernel_presets: [], limits: {input: 32, kernel: 9, stride: 8, dilation: 6, padding: 8}};
  var stepInput, stepOf, playButton;

  function buildControls() {
    var L = catalog.limits;
    var layer = section('Layer');
    bind(layer, 'Lesson', select([['', '(your own layer)']].concat(catalog.lessons.map(function (l) {
      return [l.name, l.title];
    }))), function (s) { return s.lesson; }, function (v) { return v ? {lesson: v} : {}; });
    bind(layer, 'View', select([['walk', 'Walk'], ['compare', 'Compare strides'], ['quiz', 'Quiz'], ['image', 'Image mode'],
      ['stack', 'Network (layer stacks)']]),
      function (s) { return s.view; }, function (v) { return {view: v}; });
    bind(layer, 'Operation', select(literal(['conv2d', 'max_pool2d', 'avg_pool2d', 'conv_transpose2d'])),
      function (s) { return s.op; }, function (v) { return {op: v}; });
    [['in_channels', 'Input channels'], ['out_channels', 'Output channels (filters, conv2d)'],
      ['groups', 'Groups (conv2d; divides both channel counts)']].forEach(function (p) {
      bind(layer, p[1], number(1, 16), function (s) { return s[p[0]]; }, function (v) {
        var part = {};
        part[p[0]] = v;
        return part;
      });
    });
    [['input', 'Input', L.input, 1], ['kernel', 'Kernel', L.kernel, 1], ['stride', 'Stride', L.stride, 1],
      ['dilation', 'Dilation', L.dilation, 1]].forEach(function (p) {
      ['height', 'width'].forEach(function (axis, k) {
        bind(layer, p[1] + ' ' + axis, number(p[3], p[2]), function (s) { return s[p[0]][k]; }, function (v) {
          var pair = api.getState()[p[0]].slice();
          pair[k] = v;
          var part = {};
          part[p[0]] = pair;
          return part;
        });
      });
    });
    bind(layer, 'Padding', select([['custom', 'custom']].concat(literal(['same', 'valid', 'full']))),
      function (s) { return s.padding_preset; }, function (v) { return {padding: v === 'custom' ? api.getState().padding : v}; });
    ['top', 'bottom', 'left', 'right'].forEach(function (side, k) {
      bind(layer, 'Padding ' + side, number(0, L.padding), function (s) { return s.padding[k]; }, function (v) {
        var p = api.getState().padding.slice();
        p[k] = v;
        return {padding: p};
      });
    });
    bind(layer, 'Padding mode (conv2d)', select(literal(['zeros', 'reflect', 'replicate', 'circular'])), function (s) { return s.padding_mode; }, function (v) { return {padding_mode: v}; });
    bind(layer, 'Bias (conv2d)', number(-100, 100, 'any'), function (s) { return s.bias; }, function (v) { return {bias: v}; });
    bind(layer, 'ceil_mode (pools)', el('input', {type: 'checkbox'}), function (s) { return s.ceil_mode; },
      function (v) { return {ceil_mode: v}; });
    bind(layer, 'count_include_pad (average pool)', el('input', {type: 'checkbox'}), function (s) { return s.count_include_pad; },
      function (v) { return {count_include_pad: v}; });
    bind(layer, 'Input values', select([['seq', '1, 2, 3, ...', true], ['random', 'random integers'], ['ones', 'all ones'],
      ['checker', 'checkerboard'], ['custom', 'edited by hand']]), function (s) { return String(s.values).split(':')[0]; },
      function (v) { return v === 'custom' ? {} : {values: v}; });
    bind(layer, 'Kernel values (conv2d)', select(catalog.kernel_presets.map(function (k) { return [k.name, k.label]; })
      .concat([['custom', 'edited by hand']])), function (s) { return s.kernel_preset; },
      function (v) { return v === 'custom' ? {} : {kernel_preset: v}; });
    bind(layer, 'Count rows and columns from', select(literal(['0', '1'])), function (s) { return String(s.index_base); },
      function (v) { return {index_base: +v}; });
    // Each language under its own name (catalog().languages: the app's list).
    bind(layer, 'Language', select((catalog.languages || [{code: 'en', name: 'English'}]).map(function (l) {
      return [l.code, l.name, true];
    })), function (s) { return s.lang; }, function (v) { return {lang: v}; });
    bind(layer, 'Light theme', el('input', {type: 'checkbox'}), function (s) { return s.theme === 'light'; },
      function (v) { return {theme: v ? 'light' : 'dark'}; });
    bind(layer, 'Colour-blind-safe colours', el('input', {type: 'checkbox'}), function (s) { return s.palette === 'colorblind'; },
      function (v) { return {palette: v ? 'colorblind' : 'standard'}; });
    bind(layer, 'Projector text', el('input', {type: 'checkbox'}), function (s) { return s.large_text; },
      function (v) { return {large_text: v}; });
    // The grids' zoom (zoom=, 100 to 400 percent), as the panel's - and + buttons step it.
    bind(layer, 'Grid zoom (percent)', number(100, 400, 25), function (s) { return s.zoom; },
      function (v) { return {zoom: Math.round(v)}; });

    var walk = section('Walk');
    var row = el('div', {'class': 'buttons'});
    [['First step', function () { apply({step: 0}); }],
      ['Previous step', function () { api.step(-1); }],
      ['Play', function () { if (api.getState().playing) api.pause(); else api.play(); }],
      ['Next step', function () { api.step(1); }],
      ['Last step', function () { apply({step: Math.max(api.getState().steps - 1, 0)}); }]].forEach(function (b) {
      var button = el('button', {type: 'button', words: b[0]});
      button.addEventListener('click', b[1]);
      row.appendChild(button);
      if (b[0] === 'Play') playButton = button;
    });
    walk.appendChild(row);
    stepInput = bind(walk, 'Step', number(1), function (s) { return s.step + 1; }, function (v) { return {step: v - 1}; });
    stepOf = el('span', {'class': 'of'});
    stepInput.parentNode.appendChild(stepOf);
    buildQuiz();
  }

  // The quiz (view=quiz): what the canvas's quiz shows, answered here with the same checking.
  var quiz = {};
  function buildQuiz() {
    quiz.section = section('Quiz');
    bind(quiz.section, 'Questions about', select([['stride', 'stride'], ['transposed', 'the transposed convolution'],
      ['channels', 'channels and groups'], ['all', 'all of them']]), function (s) { return s.quiz; },
      function (v) { return {quiz: v}; });
    quiz.score = el('p');
    quiz.layer = el('p');
    quiz.prompt = el('p', {id: 'mirror-quiz-prompt'});
    quiz.answer = el('input', {type: 'text', id: 'mirror-quiz-answer', 'aria-describedby': 'mirror-quiz-prompt',
      autocomplete: 'off'});
    var check = el('button', {type: 'button', words: 'Check'});
    var next = el('button', {type: 'button', words: 'Next question'});
    quiz.feedback = el('p');
    quiz.explanation = el('p');
    [quiz.score, quiz.layer, quiz.prompt].forEach(function (n) { quiz.section.appendChild(n); });
    quiz.section.appendChild(el('div', {'class': 'field'}, [el('label', {'for': 'mirror-quiz-answer', words: 'Your answer'}),
      quiz.answer]));
    quiz.section.appendChild(el('div', {'class': 'buttons'}, [check, next]));
    quiz.section.appendChild(quiz.feedback);
    quiz.section.appendChild(quiz.explanation);
    function submit() {
      var verdict = api.answerQuiz(quiz.answer.value);
      updateQuiz(api.getState());
      say(verdict.feedback);
    }
    check.addEventListener('click', submit);
    // Enter checks the answer: called by the window's key handler below (which keeps the mirror's
    // keys from the app and so from this field's own listeners too).
    quiz.answer.onEnter = submit;
    next.addEventListener('click', function () {
      var q = api.nextQuestion();
      quiz.answer.value = '';
      updateQuiz(api.getState());
      say(q.heading + '. ' + q.prompt);
      quiz.answer.focus();
    });
  }

  function updateQuiz(s) {
    quiz.section.hidden = s.view !== 'quiz';
    if (quiz.section.hidden) return;
    var q = api.quiz();
    quiz.score.textContent = q.heading;  // in the lab's language, as the prompt and the working
    quiz.layer.textContent = q.layer;
    quiz.prompt.textContent = q.prompt;
    quiz.feedback.textContent = q.feedback;
    quiz.explanation.textContent = q.explanation;
  }

  function updateControls(s) {
    bindings.forEach(function (b) {
      if (b.control === document.activeElement && b.control.type === 'number') return;  // the user is typing
      var v = b.read(s);
      if (b.control.type === 'checkbox') b.control.checked = !!v;
      else b.control.value = v === undefined || v === null ? '' : String(v);
    });
    stepInput.max = String(Math.max(s.steps, 1));
    stepOf.textContent = ' ' + tr('of {0}', [s.steps]);
    playButton.textContent = tr(s.playing ? 'Pause' : 'Play');
  }

  // [SECTION] Grids --------------------------------------------------------------------------------

  // A grid: a table with role=grid, one focusable cell at a time (roving tabindex); a cell's name
  // is its sentence, asked for when it gets focus.
  function Grid(parent, kind) {
    this.kind = kind;
    this.rows = 0;
    this.cols = 0;
    this.row = 0;
    this.col = 0;
    this.table = el('table', {role: 'grid'});
    this.body = el('tbody');
    this.table.appendChild(this.body);
    parent.appendChild(this.table);
    var grid = this;
    this.table.grid = this;  // for the page's key listener (Start)
    this.table.addEventListener('focusin', function (e) {
      var td = e.target.closest('td');
      if (td) grid.focus(+td.dataset.row, +td.dataset.col, false);
    });
  }

  Grid.prototype.resize = function (rows, cols, caption) {
    this.table.setAttribute('aria-label', caption);
    if (rows === this.rows && cols === this.cols) return;
    this.body.textContent = '';
    for (var r = 0; r < rows; r++) {
      var tr = el('tr', {role: 'row'});
      for (var c = 0; c < cols; c++)
        tr.appendChild(el('td', {role: 'gridcell', tabindex: '-1', 'data-row': String(r), 'data-col': String(c)}));
      this.body.appendChild(tr);
    }
    this.rows = rows;
    this.cols = cols;
    this.row = Math.min(this.row, Math.max(rows - 1, 0));
    this.col = Math.min(this.col, Math.max(cols - 1, 0));
    var first = this.cell(this.row, this.col);
    if (first) first.tabIndex = 0;
  };

  Grid.prototype.cell = function (r, c) {
    var tr = this.body.rows[r];
    return tr ? tr.cells[c] : null;
  };

  // Shows `values` (rows of numbers, or null: unknown) and refreshes the focused cell's name.
  Grid.prototype.fill = function (values, hidden) {
    for (var r = 0; r < this.rows; r++)
      for (var c = 0; c < this.cols; c++) {
        var v = values && values[r] ? values[r][c] : undefined;
        var text = hidden && hidden(r, c) ? '?' : v === undefined || v === null ? '' : String(+v.toPrecision(6));
        var td = this.cell(r, c);
        if (td.textContent !== text) td.textContent = text;
      }
    var focused = this.cell(this.row, this.col);
    if (focused && focused === document.activeElement) this.name(focused, this.row, this.col);
  };

  Grid.prototype.name = function (td, r, c) {
    var words = api.describeCell(this.kind, r, c);
    if (words && td.getAttribute('aria-label') !== words) td.setAttribute('aria-label', words);
  };

  Grid.prototype.focus = function (r, c, move) {
    var td = this.cell(r, c);
    if (!td) return;
    var old = this.cell(this.row, this.col);
    if (old && old !== td) old.tabIndex = -1;
    this.row = r;
    this.col = c;
    td.tabIndex = 0;
    this.name(td, r, c);
    if (move) td.focus();
  };

  Grid.prototype.key = function (e) {
    var r = this.row, c = this.col;
    switch (e.key) {
      case 'ArrowUp': r--; break;
      case 'ArrowDown': r++; break;
      case 'ArrowLeft': c--; break;
      case 'ArrowRight': c++; break;
      case 'Home': c = 0; if (e.ctrlKey) r = 0; break;
      case 'End': c = this.cols - 1; if (e.ctrlKey) r = this.rows - 1; break;
      case 'Enter':
        if (this.kind === 'output') apply({step: r * this.cols + c});  // walk to this cell's window
        break;
      default: return;
    }
    e.preventDefault();
    this.focus(Math.max(0, Math.min(this.rows - 1, r)), Math.max(0, Math.min(this.cols - 1, c)), true);
  };

  var grids = {};
  function buildGrids() {
    var s = section('Grids');
    s.appendChild(el('p', {words: 'Arrow keys move between cells; each cell says its value and how it relates to ' +
      'the windows. Enter on an output cell walks to its window.'}));
    grids.input = new Grid(s, 'input');
    grids.kernel = new Grid(s, 'kernel');
    grids.output = new Grid(s, 'output');
  }

  function rowsOf(flat, h, w) {
    if (!flat || flat.length !== h * w) return null;
    var rows = [];
    for (var r = 0; r < h; r++) rows.push(flat.slice(r * w, (r + 1) * w));
    return rows;
  }

  function updateGrids(s) {
    grids.input.resize(s.input[0], s.input[1], tr('Input, {0} by {1}', s.input));
    grids.input.fill(rowsOf(s.x, s.input[0], s.input[1]));
    grids.kernel.resize(s.kernel[0], s.kernel[1], tr(s.op === 'conv2d' ? 'Kernel, {0} by {1}'
      : 'Kernel, {0} by {1} (the pool\'s window: no weights)', s.kernel));
    grids.kernel.fill(s.op === 'conv2d' ? rowsOf(s.w, s.kernel[0], s.kernel[1]) : null);
    var out = s.output || [0, 0];
    grids.output.resize(out[0], out[1], s.output ? tr('Output, {0} by {1}', out) : tr('Output: none (the layer is refused)'));
    // Predict, then reveal: the current step's value stays hidden until answered (as on the canvas).
    var hiddenValue = s.predict === 'value' && (s.description || {}).hidden;
    grids.output.fill(s.output_values, function (r, c) { return hiddenValue && r * out[1] + c === s.step; });
  }

  // [SECTION] Narration ----------------------------------------------------------------------------

  var live = el('p', {id: 'mirror-live', 'aria-live': 'polite', role: 'status'});
  var pending = null, lastSaid = 0, timer = null;
  function say(text) {
    pending = text;
    if (timer) return;
    var wait = Math.max(0, lastSaid + 2000 - Date.now());
    var playing = api.getState().playing;
    timer = setTimeout(function () {
      timer = null;
      lastSaid = Date.now();
      live.textContent = pending;
    }, playing ? wait : 0);
  }

  var previous = null;
  function narrate(s) {
    var d = s.description || {};
    if (!previous) {
      previous = s;
      return;
    }
    if (d.layer !== (previous.description || {}).layer) say(d.layer);
    else if (s.step !== previous.step || s.explanation.join() !== previous.explanation.join()) say(d.step || (s.explanation || [''])[0]);
    if (s.notices.join() !== previous.notices.join() && s.notices.length) say((pending ? pending + ' ' : '') + s.notices.join(' '));
    previous = s;
  }

  // [SECTION] Start --------------------------------------------------------------------------------

  function update(s) {
    // Screen readers pronounce the page, the canvas's label and the narration in the lab's language.
    if (s.lang && document.documentElement.lang !== s.lang) document.documentElement.lang = s.lang;
    relabel(s.lang);
    updateControls(s);
    updateQuiz(s);
    updateGrids(s);
    narrate(s);
  }

  // Keys typed in the mirror are the mirror's: the app (Emscripten's GLFW listens on the window,
  // registered after this file runs) never sees them, so arrows in a grid or digits in a number
  // field do not also step the walk. The grids' arrow keys are handled here for the same reason.
  ['keydown', 'keypress', 'keyup'].forEach(function (type) {
    window.addEventListener(type, function (e) {
      if (!root.contains(e.target)) return;
      e.stopImmediatePropagation();
      var table = type === 'keydown' && e.target.tagName === 'TD' ? e.target.closest('table') : null;
      if (table && table.grid) table.grid.key(e);
      if (type === 'keydown' && e.key === 'Enter' && e.target.onEnter) e.target.onEnter();
    }, true);
  });

  // Built in a task of its own just after the first frame, so that the page (and whoever awaits
  // strideconv.ready) is not held up by building it (issue 11).
  api.ready.then(function () { setTimeout(build, 0); });
  function build() {
    try { catalog = api.catalog(); } catch (e) { /* an older app: the controls still work without lists */ }
    wordsLang = api.getState().lang;
    // The page's own labels (web/index.html, in English: keys of the table) in the lab's language.
    [document.getElementById('canvas'), root].forEach(function (node) {
      var english = node && node.getAttribute('aria-label');
      if (english) word(node, english, 'aria-label');
    });
    root.appendChild(el('h1', {words: 'Stride Convolution Lab: controls and grids for keyboards and screen readers'}));
    buildControls();
    buildGrids();
    root.appendChild(live);
    update(api.getState());
    window.addEventListener('strideconv:state', function (e) { update(e.detail.state); });
  }
})();
