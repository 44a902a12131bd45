// 电子触摸查询机: back to the start page after a while untouched, and no browser error
// page when the network drops for a moment. Every tap on a link first asks the server
// whether it answers; while it does not, the page stays with a notice over it and the tap
// is tried again until it does. Links to other sites go nowhere. Without this script the
// kiosk still works: every key and tile is a plain link.
(function () {
  'use strict';

  var body = document.body;
  var idleSeconds = Number(body.getAttribute('data-idle-seconds')) || 120;
  var notice = document.getElementById('kiosk-offline');
  var CHECK_TIMEOUT_MS = 3000;
  var RETRY_MS = 4000;
  var wanted = null;
  var retry = null;

  // Whether the server answers within a few seconds.
  function serverAnswers() {
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, CHECK_TIMEOUT_MS);
    return fetch('/healthz', { method: 'HEAD', cache: 'no-store', signal: controller ? controller.signal : undefined })
      .then(function (response) { return response.ok; }, function () { return false; })
      .then(function (ok) { clearTimeout(timer); return ok; });
  }

  // Goes to `url` once the server answers; the latest tap wins.
  function go(url) {
    wanted = url;
    clearTimeout(retry);
    serverAnswers().then(function (ok) {
      if (wanted !== url) return;
      if (ok) {
        location.assign(url);
        return;
      }
      if (notice) notice.hidden = false;
      retry = setTimeout(function () { go(url); }, RETRY_MS);
    });
  }

  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a[href]') : null;
    if (!link) return;
    event.preventDefault();
    var url = new URL(link.getAttribute('href'), location.href);
    if (url.origin !== location.origin) return;
    go(url.href);
  });

  // A long press would open the browser's menu.
  document.addEventListener('contextmenu', function (event) { event.preventDefault(); });

  // A page shown again from the browser's memory starts without the notice.
  window.addEventListener('pageshow', function () {
    if (notice) notice.hidden = true;
    wanted = null;
  });

  var lastTouch = Date.now();
  ['pointerdown', 'touchstart', 'keydown', 'wheel'].forEach(function (type) {
    document.addEventListener(type, function () { lastTouch = Date.now(); }, { passive: true, capture: true });
  });
  setInterval(function () {
    if (Date.now() - lastTouch < idleSeconds * 1000) return;
    lastTouch = Date.now();
    if (location.pathname === '/kiosk' && !location.search) {
      window.scrollTo(0, 0);
    } else {
      go('/kiosk');
    }
  }, 1000);
})();
