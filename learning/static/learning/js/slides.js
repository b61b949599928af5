/* PDF slides shown page by page with PDF.js (vendored), keyboard operable; the page's
   text is given to screen readers. Without JavaScript the download link remains. */
(function () {
  "use strict";

  function setUp(figure) {
    var stage = figure.querySelector("[data-stage]");
    var canvas = figure.querySelector("canvas");
    var controls = figure.querySelector("[data-controls]");
    var label = figure.querySelector("[data-page-number]");
    var text = figure.querySelector("[data-page-text]");
    var fallback = figure.querySelector("[data-fallback]");
    var previous = figure.querySelector("[data-previous]");
    var next = figure.querySelector("[data-next]");
    var documentProxy = null;
    var pageNumber = 1;
    var rendering = null;

    function render(number) {
      pageNumber = number;
      previous.disabled = number <= 1;
      next.disabled = number >= documentProxy.numPages;
      label.textContent = figure.getAttribute("data-page-label")
        .replace("{page}", number).replace("{pages}", documentProxy.numPages);
      return documentProxy.getPage(number).then(function (page) {
        var width = stage.clientWidth || 720;
        var unscaled = page.getViewport({ scale: 1 });
        var ratio = window.devicePixelRatio || 1;
        var viewport = page.getViewport({ scale: (width / unscaled.width) * ratio });
        canvas.width = viewport.width;
        canvas.height = viewport.height;
        canvas.style.width = "100%";
        if (rendering) rendering.cancel();
        rendering = page.render({ canvas: canvas, canvasContext: canvas.getContext("2d"), viewport: viewport });
        canvas.setAttribute("aria-label", label.textContent);
        page.getTextContent().then(function (content) {
          text.textContent = content.items.map(function (item) { return item.str; }).join(" ");
        });
        return rendering.promise.catch(function () { /* replaced by a newer page */ });
      });
    }

    previous.addEventListener("click", function () { if (pageNumber > 1) render(pageNumber - 1); });
    next.addEventListener("click", function () { if (pageNumber < documentProxy.numPages) render(pageNumber + 1); });
    figure.addEventListener("keydown", function (event) {
      if (event.target.closest("a")) return;
      if (event.key === "ArrowRight" || event.key === "PageDown") { next.click(); event.preventDefault(); }
      if (event.key === "ArrowLeft" || event.key === "PageUp") { previous.click(); event.preventDefault(); }
    });

    import(figure.getAttribute("data-module")).then(function (pdfjs) {
      pdfjs.GlobalWorkerOptions.workerSrc = figure.getAttribute("data-worker");
      return pdfjs.getDocument({
        url: figure.getAttribute("data-src"),
        cMapUrl: figure.getAttribute("data-cmaps"),
        cMapPacked: true,
        isEvalSupported: false,
      }).promise;
    }).then(function (loaded) {
      documentProxy = loaded;
      stage.hidden = false;
      controls.hidden = false;
      fallback.hidden = true;
      figure.setAttribute("data-pages", loaded.numPages);
      return render(1);
    }).then(function () {
      figure.setAttribute("data-ready", "true");
    }).catch(function () {
      fallback.textContent = figure.getAttribute("data-error");
    });
  }

  document.querySelectorAll("[data-slides]").forEach(setUp);
})();
