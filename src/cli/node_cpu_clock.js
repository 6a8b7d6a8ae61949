// node_cpu_clock.js -- std::clock() for the command-line tool under node (Emscripten --js-library).
// Emscripten's own clock() counts wall time in whole milliseconds; `strideconv bench` reports
// processor time next to wall time, which stays meaningful on a busy machine. process.cpuUsage()
// is the node process's user + system time in microseconds (CLOCKS_PER_SEC is 1000000); it also
// counts V8's helper threads (background compilation, GC), which are idle once the code is warm.
mergeInto(LibraryManager.library, {
  clock__sig: 'i',
  clock: function() {
    var usage = process.cpuUsage();
    if (_clock.start === undefined) _clock.start = usage.user + usage.system;
    return (usage.user + usage.system - _clock.start) | 0;
  },
});
