// Title suggestions under the search box as the visitor types. Only a help: without
// script the box is a plain form and the results page does the rest.
(function () {
  var box = document.querySelector('form.search input[name="q"]');
  var list = document.getElementById('search-suggestions');
  if (!box || !list || !window.fetch) return;
  var timer = null, asked = '';
  box.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = box.value.trim();
      if (q === asked || q.length === 0 || q.length > 100) return;
      asked = q;
      fetch('/api/v1/search/suggest?q=' + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { titles: [] }; })
        .then(function (body) {
          if (q !== asked) return;
          list.textContent = '';
          body.titles.forEach(function (t) {
            var option = document.createElement('option');
            option.value = t;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 200);
  });
})();
