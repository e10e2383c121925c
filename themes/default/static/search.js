/* sitegen default theme: the search box in the masthead, on every page.
 * Pagefind's loader (pagefind/pagefind.js, written by `sitegen build`) is
 * imported the first time the box is used, never before. Results are
 * links, built with DOM methods; the excerpt's <mark>s are copied from an
 * inert parse, never written as markup. Strings come from the form's
 * data- attributes (the theme's strings file). */
(function () {
  'use strict';
  var doc = document, form = doc.querySelector('.sg-search');
  if (!form) return;
  var d = form.dataset;
  var input = form.querySelector('.sg-search-q'), panel = form.querySelector('.sg-search-panel');
  var list = form.querySelector('.sg-search-results'), count = form.querySelector('.sg-search-count');
  var status = form.querySelector('[role="status"]');
  var loading = null, seq = 0, timer = 0, LIMIT = 8;

  function load() {
    if (!loading) {
      loading = import(new URL(d.pagefind, doc.baseURI).href).then(function (pagefind) {
        pagefind.options({ excerptLength: 22 });
        return pagefind.init().then(function () { return pagefind; });
      });
    }
    return loading;
  }

  function say(text, visible) {
    status.textContent = text;
    count.textContent = visible === false ? '' : text;
  }

  function clear() {
    seq++;
    while (list.firstChild) list.removeChild(list.firstChild);
    say('', false);
    panel.hidden = true;
  }

  // Pagefind's excerpt is text with <mark> around the hits: keep exactly that.
  function excerpt(html) {
    var out = doc.createElement('span'), parsed = new DOMParser().parseFromString(html, 'text/html').body;
    out.className = 'sg-result-excerpt';
    Array.prototype.forEach.call(parsed.childNodes, function (node) {
      if (node.nodeName === 'MARK') {
        var mark = doc.createElement('mark');
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(doc.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function result(data) {
    var li = doc.createElement('li'), a = doc.createElement('a');
    a.className = 'sg-result';
    a.href = d.root + data.url.replace(/^\//, '');
    var kind = doc.createElement('span');
    kind.className = 'sg-result-kind';
    kind.textContent = (data.meta && data.meta.kind) || '';
    var title = doc.createElement('span');
    title.className = 'sg-result-title';
    title.textContent = (data.meta && data.meta.title) || data.url;
    a.appendChild(kind);
    a.appendChild(title);
    a.appendChild(excerpt(data.excerpt || ''));
    li.appendChild(a);
    return li;
  }

  function run(query) {
    var n = ++seq;
    panel.hidden = false;
    say(d.searching);
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (found) {
      if (n !== seq) return null;
      return Promise.all(found.results.slice(0, LIMIT).map(function (r) { return r.data(); })).then(function (items) {
        if (n !== seq) return;
        while (list.firstChild) list.removeChild(list.firstChild);
        items.forEach(function (item) { list.appendChild(result(item)); });
        var total = found.results.length;
        say(total === 0 ? d.none.replace('%(query)s', query) : total === 1 ? d.one : d.other.replace('%(count)s', total));
      });
    }).catch(function () {
      if (n !== seq) return;
      loading = null;   // try again next time (a dev server may have built the index since)
      say(d.unavailable);
    });
  }

  input.addEventListener('focus', function () { load().catch(function () { loading = null; }); }, { once: true });
  input.addEventListener('input', function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (!q) { clear(); return; }
    timer = setTimeout(function () { run(q); }, 120);
  });

  function links() { return Array.prototype.slice.call(list.querySelectorAll('a')); }
  form.addEventListener('keydown', function (e) {
    var items = links(), i = items.indexOf(doc.activeElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!items.length || panel.hidden) return;
      e.preventDefault();
      var next = e.key === 'ArrowDown' ? i + 1 : i - 1;
      if (next < 0) input.focus(); else items[Math.min(next, items.length - 1)].focus();
    } else if (e.key === 'Escape' || e.key === 'Esc') {
      if (panel.hidden && input.value) { input.value = ''; clear(); }
      panel.hidden = true;
      input.focus();
    }
  });
  // Enter in the box opens the first result.
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var first = links()[0];
    if (first) first.click();
    else if (input.value.trim()) { clearTimeout(timer); run(input.value.trim()); }
  });
  // Leaving the box and its results closes them (the query stays, to come back to).
  form.addEventListener('focusout', function (e) {
    if (!form.contains(e.relatedTarget)) panel.hidden = true;
  });
  input.addEventListener('focus', function () { if (list.firstChild || count.textContent) panel.hidden = false; });
  doc.addEventListener('pointerdown', function (e) { if (!form.contains(e.target)) panel.hidden = true; });
})();
