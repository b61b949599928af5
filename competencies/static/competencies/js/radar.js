// Draws the competency radar from the JSON the page embeds. Without JavaScript (or if
// Chart.js fails to load) the table under the chart says the same, so nothing is lost.
(function () {
  "use strict";
  const COLOURS = {
    level: { line: "#0b5cab", fill: "rgba(11, 92, 171, 0.25)", dash: [] },
    required: { line: "#b4410e", fill: "rgba(180, 65, 14, 0.05)", dash: [6, 4] },
    next: { line: "#52606d", fill: "rgba(0, 0, 0, 0)", dash: [2, 4] },
    self: { line: "#1e6b3a", fill: "rgba(0, 0, 0, 0)", dash: [] },
  };

  // On a phone the competency names would run off the canvas: break them into lines.
  function wrapped(label, narrow) {
    if (!narrow) return label;
    const parts = label.includes(" ") ? label.split(" ") : label.match(/.{1,4}/gu);
    return parts || label;
  }

  function draw() {
    const canvas = document.getElementById("radar");
    const source = document.getElementById("radar-data");
    if (!canvas || !source || typeof window.Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const narrow = canvas.parentElement.clientWidth < 480;
    const font = { family: getComputedStyle(document.body).fontFamily, size: narrow ? 11 : 13 };
    new window.Chart(canvas, {
      type: "radar",
      data: {
        labels: data.labels.map(function (label) {
          return wrapped(label, narrow);
        }),
        datasets: data.datasets.map(function (set) {
          const colour = COLOURS[set.key] || COLOURS.next;
          return {
            label: set.label,
            data: set.data,
            borderColor: colour.line,
            backgroundColor: colour.fill,
            borderDash: colour.dash,
            pointBackgroundColor: colour.line,
            fill: set.key === "level" || set.key === "required",
            // A partial self-assessment is drawn as dots: a line would join far-apart spokes.
            showLine: !set.partial,
            pointRadius: set.partial ? 5 : 3,
            spanGaps: !set.partial,
          };
        }),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          r: { min: 0, max: data.max, ticks: { stepSize: 1, font: font }, pointLabels: { font: font } },
        },
        plugins: { legend: { position: "bottom", labels: { font: font } } },
      },
    });
    canvas.dataset.drawn = "true";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
