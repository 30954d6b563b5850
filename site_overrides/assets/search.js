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
  var MAX_SUB_RESULTS = 3;

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

  // Pagefind splits a page's matches at its headings (sub-results). Each is pointed at the
  // element with an id nearest before its first match: on inspection pages that is the
  // numbered paragraph itself, so a hit opens at the paragraph, not at its section.
  function score(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, w) { return sum + (w.balanced_score || 0); }, 0);
  }
  function anchored(data, sub) {
    var first = Math.min.apply(null, sub.locations && sub.locations.length ? sub.locations : [0]);
    var best = null;
    (data.anchors || []).forEach(function (anchor) {
      if (anchor.id && anchor.location <= first && (!best || anchor.location >= best.location)) best = anchor;
    });
    var url = sub.url || data.url;
    return best ? url.split("#")[0] + "#" + encodeURIComponent(best.id) : url;
  }
  function bestHits(data) {
    var subs = (data.sub_results || []).filter(function (sub) { return sub.locations && sub.locations.length; });
    subs.sort(function (a, b) { return score(b) - score(a); });
    return subs.slice(0, MAX_SUB_RESULTS).map(function (sub) {
      return { url: anchored(data, sub), title: sub.title, excerpt: sub.excerpt };
    });
  }
  function resultLink(href, titleText, excerpt, className) {
    var link = document.createElement("a");
    link.className = "md-search-result__link " + className;
    link.href = href;
    var body = document.createElement("div");
    body.className = "md-search-result__article md-typeset";
    var title = document.createElement("div");
    title.className = "archive-search-result__title";
    title.textContent = titleText;
    body.appendChild(title);
    body.appendChild(excerptNode(excerpt || ""));
    link.appendChild(body);
    return link;
  }

  function resultItem(data) {
    var page = sameSite(data.url);
    if (!page) return null;
    var hits = bestHits(data).filter(function (hit) { return sameSite(hit.url); });
    var pageTitle = (data.meta && data.meta.title) || data.url;
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var top = hits.length ? hits[0] : { url: data.url, excerpt: data.excerpt };
    item.appendChild(resultLink(sameSite(top.url), pageTitle, top.excerpt, "archive-search-result__page"));
    hits.slice(1).forEach(function (hit) {
      var title = hit.title && hit.title !== pageTitle ? hit.title : pageTitle;
      item.appendChild(resultLink(sameSite(hit.url), title, hit.excerpt, "archive-search-result__section"));
    });
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
