// Printing a case prints all of it: folded parts (older timeline entries, forms' sections) are
// opened for the print and folded again afterwards. The print stylesheet does the same where
// the browser lets CSS open a <details>.
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < all.length; i++) { all[i].open = true; opened.push(all[i]); }
  });
  window.addEventListener("afterprint", function () {
    while (opened.length) { opened.pop().open = false; }
  });
})();
