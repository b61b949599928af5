// Draws the reuse figures month by month from the JSON the page embeds. Without
// JavaScript (or if Chart.js fails to load) the table under the chart says the same.
(function () {
  "use strict";
  const COLOURS = { views: "#0b5cab", from_search: "#5b8fd0", applied: "#b4410e", won: "#1e6b3a" };

  function draw() {
    const canvas = document.getElementById("reuse-chart");
    const source = document.getElementById("reuse-data");
    if (!canvas || !source || typeof window.Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const font = { family: getComputedStyle(document.body).fontFamily, size: 12 };
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set) {
          const onRight = set.key === "applied" || set.key === "won";
          return {
            type: onRight ? "line" : "bar",
            label: set.label,
            data: set.data,
            backgroundColor: COLOURS[set.key],
            borderColor: COLOURS[set.key],
            yAxisID: onRight ? "outcomes" : "reads",
          };
        }),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          reads: { position: "left", beginAtZero: true, ticks: { precision: 0, font: font } },
          outcomes: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0, font: font } },
          x: { ticks: { font: font } },
        },
        plugins: { legend: { position: "bottom", labels: { font: font } } },
      },
    });
    canvas.dataset.drawn = "true";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
