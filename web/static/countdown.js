// Live countdowns for elements with data-due (an RFC 3339 instant). Without this script the
// page shows the due time as text, which is enough; with it, the time left ticks every second.
(function () {
  "use strict";
  var root = document.documentElement;
  var overdueWord = root.getAttribute("data-overdue") || "OVERDUE";
  var leftWord = root.getAttribute("data-left") || "left";
  function two(n) { return n < 10 ? "0" + n : String(n); }
  function render(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400); s -= d * 86400;
    var h = Math.floor(s / 3600); s -= h * 3600;
    var m = Math.floor(s / 60); s -= m * 60;
    return (d > 0 ? d + " d " : "") + two(h) + ":" + two(m) + ":" + two(s);
  }
  function tick() {
    var now = Date.now();
    var els = document.querySelectorAll("[data-due]");
    for (var i = 0; i < els.length; i++) {
      var due = Date.parse(els[i].getAttribute("data-due"));
      if (isNaN(due)) { continue; }
      var ms = due - now;
      els[i].textContent = ms >= 0 ? render(ms) + " " + leftWord : overdueWord + " " + render(ms);
    }
  }
  tick();
  window.setInterval(tick, 1000);
})();
