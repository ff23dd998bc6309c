// Preview only: reload the page when the site was rebuilt. The server sends
// a "build" event with the build's ID on connection and after every build,
// good or failed; the page knows the ID it was served from (meta tag).
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="preview-build"]');
  var shown = meta ? meta.getAttribute("content") : null;
  var source = new EventSource("/_preview/events");
  source.addEventListener("build", function (e) {
    if (shown !== null && e.data !== shown) {
      source.close();
      location.reload();
    }
    shown = e.data;
  });
})();
