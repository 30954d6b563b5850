// Copy buttons for citations. Without JavaScript every citation is still on the page as
// text; with it, each format gets a real <button> (reachable by keyboard) whose result is
// announced through a polite live region.
(function () {
  "use strict";
  var status = null;
  function announce(message) {
    if (!status) {
      status = document.createElement("p");
      status.className = "citation-status md-visually-hidden";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      document.body.appendChild(status);
    }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = document.execCommand("copy");
      document.body.removeChild(area);
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }
  function addButtons() {
    document.querySelectorAll("[data-citation]:not([data-citation-ready])").forEach(function (source) {
      source.setAttribute("data-citation-ready", "");
      var format = source.getAttribute("data-citation");
      var owner = source.closest(".paragraph-citation");
      var what = owner ? owner.querySelector("summary").textContent.replace(/^Cite /, "") : "this record";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "citation-copy md-button";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy the " + format + " citation of " + what);
      button.addEventListener("click", function () {
        copy(source.textContent).then(function () {
          announce(format + " citation of " + what + " copied");
        }, function () {
          announce("Could not copy: select the citation and copy it by hand");
        });
      });
      source.insertAdjacentElement("afterend", button);
    });
  }
  if (window.document$) window.document$.subscribe(addButtons); else document.addEventListener("DOMContentLoaded", addButtons);
})();
