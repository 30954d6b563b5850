// Tables wider than the screen scroll sideways inside Material's wrapper. A scrolling
// region must be reachable by keyboard (WCAG 2.1.1), so give overflowing ones a tab stop
// and a name; others get none, to keep the tab order short.
(function () {
  function label(wrapper) {
    var heading = wrapper.previousElementSibling;
    while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
    return heading ? "Table: " + heading.textContent.replace(/¶$/, "").trim() : "Table";
  }
  function update() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrapper) {
      if (wrapper.scrollWidth > wrapper.clientWidth + 1) {
        wrapper.setAttribute("tabindex", "0");
        wrapper.setAttribute("role", "region");
        wrapper.setAttribute("aria-label", label(wrapper));
      } else {
        wrapper.removeAttribute("tabindex");
        wrapper.removeAttribute("role");
        wrapper.removeAttribute("aria-label");
      }
    });
  }
  if (window.document$) window.document$.subscribe(update); else document.addEventListener("DOMContentLoaded", update);
  window.addEventListener("resize", update);
})();
