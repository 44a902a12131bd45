// 电视/电子显示屏: shows one slide at a time at the page's pace, keeps the clock in Beijing
// time, and fetches the page again every refresh period, swapping in the slides and the
// ticker when they changed. When a fetch fails, the screen keeps what it shows.
(function () {
  'use strict';

  var body = document.body;
  var paceMs = Math.max(3, Number(body.getAttribute('data-pace-seconds')) || 12) * 1000;
  var refreshMs = Math.max(5, Number(body.getAttribute('data-refresh-seconds')) || 30) * 1000;
  var board = document.getElementById('board');
  var tickerList = document.querySelector('.ticker ul');
  var clock = document.querySelector('time.clock');
  // The markup as the server sent it, to tell a changed page from our own changes to it.
  var sent = { board: board ? board.innerHTML : '', ticker: tickerList ? tickerList.innerHTML : '' };

  // Beijing time whatever zone the screen's computer is set to: China keeps no summer time.
  var WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
  function two(n) { return (n < 10 ? '0' : '') + n; }
  function tick() {
    if (!clock) return;
    var now = new Date();
    var bj = new Date(now.getTime() + 8 * 3600 * 1000);
    clock.querySelector('.clock-date').textContent =
      bj.getUTCFullYear() + '年' + (bj.getUTCMonth() + 1) + '月' + bj.getUTCDate() + '日 星期' + WEEKDAYS[bj.getUTCDay()];
    clock.querySelector('.clock-time').textContent = two(bj.getUTCHours()) + ':' + two(bj.getUTCMinutes());
    clock.setAttribute('datetime', now.toISOString());
  }

  var current = 0;
  function show() {
    var slides = board ? board.querySelectorAll('section.slide') : [];
    if (!slides.length) return;
    current = current % slides.length;
    for (var i = 0; i < slides.length; i++) slides[i].classList.toggle('current', i === current);
  }

  // The ticker moves at one speed however long it is.
  var PIXELS_PER_SECOND = 110;
  function pace() {
    if (!tickerList) return;
    tickerList.style.animationDuration = Math.max(20, tickerList.scrollWidth / PIXELS_PER_SECOND) + 's';
  }

  function swap(target, source) {
    var nodes = Array.prototype.slice.call(source.childNodes);
    while (target.firstChild) target.removeChild(target.firstChild);
    nodes.forEach(function (node) { target.appendChild(document.importNode(node, true)); });
  }

  function refresh() {
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, Math.min(refreshMs, 15000));
    fetch(location.href, { cache: 'no-store', signal: controller ? controller.signal : undefined })
      .then(function (response) {
        if (!response.ok) throw new Error('status ' + response.status);
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, 'text/html');
        var newBoard = page.getElementById('board');
        var newTicker = page.querySelector('.ticker ul');
        if (board && newBoard && newBoard.innerHTML !== sent.board) {
          sent.board = newBoard.innerHTML;
          swap(board, newBoard);
          // The newest record comes first: show it now.
          current = 0;
          show();
        }
        if (tickerList && newTicker && newTicker.innerHTML !== sent.ticker) {
          sent.ticker = newTicker.innerHTML;
          swap(tickerList, newTicker);
          pace();
        }
      })
      .catch(function () { /* keep showing what is there; the next round tries again */ })
      .then(function () { clearTimeout(timer); });
  }

  // A screen left on all day must not dim or sleep, where the browser allows asking.
  function stayAwake() {
    if (navigator.wakeLock && document.visibilityState === 'visible') {
      navigator.wakeLock.request('screen').catch(function () {});
    }
  }

  body.classList.add('rotating');
  show();
  pace();
  tick();
  stayAwake();
  document.addEventListener('visibilitychange', stayAwake);
  setInterval(function () { current += 1; show(); }, paceMs);
  setInterval(tick, 1000);
  setInterval(refresh, refreshMs);
})();
