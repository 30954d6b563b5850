// The ratings page: sort by any column and filter by framework, year, nation and overall
// rating. The table is complete without this script; the script only reorders and hides rows.
(function () {
  var RATING_ORDER = ["Inadequate", "Requires improvement", "Good", "Outstanding"];  // low to high
  var MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"];
  var FILTERS = [["Framework", "framework"], ["Published", "year"], ["Nation", "nation"], ["Overall", "overall"],
                 ["Status", "status"]];

  function text(cell) { return cell ? cell.textContent.trim() : ""; }

  function sortKey(value) {
    var rating = RATING_ORDER.indexOf(value);
    if (rating >= 0) return [0, rating];
    var score = /^(\d+)\/(\d+)$/.exec(value);
    if (score) return [0, Number(score[1]) / Number(score[2])];
    var date = /^(?:(\d{1,2}) )?(?:([A-Za-z]+) )?(\d{4})$/.exec(value);
    if (date) {
      var month = date[2] ? MONTHS.indexOf(date[2].toLowerCase()) : 0;
      return [0, Number(date[3]) * 10000 + month * 100 + Number(date[1] || 0)];
    }
    return [value ? 1 : 2, value.toLowerCase()];
  }

  function compare(a, b) {
    for (var i = 0; i < 2; i++) { if (a[i] < b[i]) return -1; if (a[i] > b[i]) return 1; }
    return 0;
  }

  function valueFor(kind, cell) {
    var value = text(cell);
    if (kind === "year") { var year = /(\d{4})$/.exec(value); return year ? year[1] : ""; }
    return value;
  }

  function setUp(wrapper) {
    var table = wrapper.querySelector("table");
    if (!table || table.dataset.ready) return;
    table.dataset.ready = "1";
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var column = {};
    headers.forEach(function (th, index) { column[text(th)] = index; });

    var controls = document.createElement("form");
    controls.className = "ratings-filters";
    controls.setAttribute("aria-label", "Filter the ratings table");
    var status = document.createElement("p");
    status.className = "ratings-status";
    status.setAttribute("role", "status");
    var selects = [];
    FILTERS.forEach(function (filter) {
      var index = column[filter[0]];
      if (index === undefined) return;
      var values = {};
      rows.forEach(function (row) { var v = valueFor(filter[1], row.cells[index]); if (v) values[v] = true; });
      var label = document.createElement("label");
      label.textContent = filter[0] === "Published" ? "Year " : filter[0] + " ";
      var select = document.createElement("select");
      select.name = filter[1];
      select.add(new Option("All", ""));
      Object.keys(values).sort().forEach(function (v) { select.add(new Option(v, v)); });
      select.addEventListener("change", apply);
      label.appendChild(select);
      controls.appendChild(label);
      selects.push([select, filter[1], index]);
    });
    wrapper.parentNode.insertBefore(controls, wrapper);
    wrapper.parentNode.insertBefore(status, wrapper);

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var keep = selects.every(function (s) { return !s[0].value || valueFor(s[1], row.cells[s[2]]) === s[0].value; });
        row.hidden = !keep;
        if (keep) shown++;
      });
      status.textContent = shown + " of " + rows.length + " authorities shown";
    }

    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ratings-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var order = compare(sortKey(text(a.cells[index])), sortKey(text(b.cells[index])));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    apply();
  }

  function update() { document.querySelectorAll(".ratings-table").forEach(setUp); }
  if (window.document$) window.document$.subscribe(update); else document.addEventListener("DOMContentLoaded", update);
})();
