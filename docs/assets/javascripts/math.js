// Renders the \( ... \) and \[ ... \] spans that pymdownx.arithmatex (generic mode) leaves in the page,
// with the KaTeX copy shipped in assets/katex (no network needed). Material's instant navigation is off,
// so a plain load event is enough.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".arithmatex").forEach(function (element) {
    renderMathInElement(element, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
    });
  });
});
