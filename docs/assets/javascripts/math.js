// Renders the \( ... \) and \[ ... \] spans that pymdownx.arithmatex (generic mode) leaves in the page,
// with the KaTeX copy shipped in assets/katex (no network needed). The theme override loads this file
// on the pages that have math only.
//
// Each formula is rendered when it comes near the screen (an IntersectionObserver, a screen ahead),
// not all at once on load: the article's formulas rendered in one go blocked a phone's main thread
// for about 1.7 s (Lighthouse, 4x CPU slowdown), and each one alone takes a few milliseconds.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";

  var OPTIONS = {
    delimiters: [
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    throwOnError: false,
  };
  var formulas = document.querySelectorAll(".arithmatex");

  function render(element) {
    renderMathInElement(element, OPTIONS);
  }

  if (!("IntersectionObserver" in window)) {
    formulas.forEach(render);
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        render(entry.target);
      }
    });
  }, { rootMargin: "100% 0px" });
  formulas.forEach(function (element) { observer.observe(element); });
  // Printing shows every formula.
  window.addEventListener("beforeprint", function () {
    observer.disconnect();
    formulas.forEach(function (element) {
      if (!element.querySelector(".katex")) render(element);
    });
  });
});
