// Site search over Pagefind's chunked static index, shown in Material's search dialog.
// Only the index chunks and result fragments a query needs are downloaded.
// Result text is inserted as text (never as HTML): records are data, not markup.
(function () {
  "use strict";
  var dialog = document.querySelector("[data-archive-search]");
  if (!dialog) return;
  var input = dialog.querySelector("[data-archive-search-query]");
  var meta = dialog.querySelector("[data-archive-search-meta]");
  var list = dialog.querySelector("[data-archive-search-results]");
  var toggle = document.getElementById("__search");
  var bundle = new URL(dialog.getAttribute("data-pagefind-base"), document.baseURI);
  var siteRoot = new URL("..", bundle);
  var engine = null;
  var latest = 0;
  var MAX_RESULTS = 10;

  // The index is built in shards (generator/search_index.py); the first is loaded and
  // the others merged into it, so one search covers them all.
  function load() {
    if (!engine) {
      engine = fetch(new URL("shards.json", bundle)).then(function (response) {
        if (!response.ok) throw new Error("no search index");
        return response.json();
      }).then(function (manifest) {
        var shards = manifest.shards.map(function (shard) { return new URL(shard, bundle).href; });
        return import(shards[0] + "pagefind.js").then(function (pagefind) {
          return pagefind.options({ baseUrl: siteRoot.pathname }).then(function () {
            return Promise.all(shards.slice(1).map(function (shard) { return pagefind.mergeIndex(shard); }));
          }).then(function () { return pagefind; });
        });
      });
    }
    return engine;
  }

  // Pagefind marks matches with <mark>; keep those, and everything else only as text.
  function excerptNode(html) {
    var out = document.createElement("p");
    var parsed = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function sameSite(url) {
    var resolved = new URL(url, siteRoot);
    return resolved.origin === siteRoot.origin ? resolved.href : null;
  }

  function resultItem(data) {
    var href = sameSite(data.url);
    if (!href) return null;
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = href;
    var body = document.createElement("div");
    body.className = "md-search-result__article md-typeset";
    var title = document.createElement("div");
    title.className = "archive-search-result__title";
    title.textContent = (data.meta && data.meta.title) || data.url;
    body.appendChild(title);
    body.appendChild(excerptNode(data.excerpt || ""));
    link.appendChild(body);
    item.appendChild(link);
    return item;
  }

  function show(message) {
    meta.textContent = message;
  }

  function run(query) {
    var ticket = ++latest;
    if (!query.trim()) {
      list.replaceChildren();
      show("Type to start searching");
      return;
    }
    load().then(function (pagefind) {
      return pagefind.debouncedSearch(query, {}, 150);
    }).then(function (search) {
      if (!search || ticket !== latest) return null;  // a newer query superseded this one
      return Promise.all(search.results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); }))
        .then(function (pages) {
          if (ticket !== latest) return;
          list.replaceChildren.apply(list, pages.map(resultItem).filter(Boolean));
          var total = search.results.length;
          show(total === 0 ? "No matching documents" :
            total === 1 ? "1 matching document" :
            total + " matching documents" + (total > MAX_RESULTS ? ", showing the first " + MAX_RESULTS : ""));
        });
    }).catch(function () {
      show("Search is not available here: it needs the built site (make site).");
    });
  }

  input.addEventListener("input", function () { run(input.value); });
  dialog.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      input.focus();
      load();  // fetch the small entry files while the reader types
    }
  });
  input.addEventListener("focus", function () {
    if (!toggle.checked) toggle.checked = true;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      input.blur();
    } else if (event.key === "/" && !toggle.checked && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      event.preventDefault();
      toggle.checked = true;
      input.focus();
    }
  });
})();
