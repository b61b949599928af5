/* Lesson video and audio: resume where the learner stopped, a speed control, a captions
   switch, a transcript that follows the recording and seeks when a line is chosen, and
   a record of which parts were seen (sent while playing, on pause and on leaving).
   The browser's own controls do the rest, keyboard included. */
(function () {
  "use strict";
  var SEND_EVERY_MS = 15000;

  function clock(seconds) {
    var whole = Math.floor(seconds);
    return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }

  function setUp(figure) {
    var player = figure.querySelector(".lesson-media__player");
    var controls = figure.querySelector("[data-media-controls]");
    var speed = figure.querySelector("[data-speed]");
    var captions = figure.querySelector("[data-captions]");
    var seen = figure.querySelector("[data-seen]");
    var cues = figure.querySelectorAll("[data-seek]");
    var resumeAt = parseFloat(figure.getAttribute("data-resume") || "0");
    var url = figure.getAttribute("data-progress-url");
    var spans = [];
    var spanStart = null;
    var lastTime = 0;
    var lastSent = 0;
    // Reports can reach the server out of order (the start and a pause a second
    // later); the run and the report number let it keep the newest stopping point.
    var run = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
    var sequence = 0;

    controls.hidden = false;

    speed.addEventListener("change", function () {
      player.playbackRate = parseFloat(speed.value);
    });

    function setCaptions(on) {
      if (!player.textTracks.length) return;
      player.textTracks[0].mode = on ? "showing" : "hidden";
      if (captions) captions.setAttribute("aria-pressed", on ? "true" : "false");
    }
    if (captions) {
      captions.addEventListener("click", function () {
        setCaptions(captions.getAttribute("aria-pressed") !== "true");
      });
    }

    cues.forEach(function (cue) {
      cue.addEventListener("click", function () {
        player.currentTime = parseFloat(cue.getAttribute("data-seek"));
        player.play();
      });
    });

    // Keys a learner expects on a focused player: k or space to play or pause, the
    // arrows to skip five seconds, c for captions. Caught before the browser's own
    // controls, whose arrow keys move by one percent of the recording.
    figure.addEventListener("keydown", function (event) {
      if (event.target !== player) return;
      if (event.key === "k" || event.key === " ") {
        if (player.paused) { player.play(); } else { player.pause(); }
      } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        var step = event.key === "ArrowLeft" ? -5 : 5;
        player.currentTime = Math.min(Math.max(0, player.currentTime + step), player.duration || Infinity);
      } else if (event.key === "c" && captions) {
        captions.click();
      } else {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
    }, true);

    function closeSpan() {
      if (spanStart !== null && lastTime > spanStart) spans.push([spanStart, lastTime]);
      spanStart = null;
    }

    function send(leaving) {
      if (!url) return;
      closeSpan();
      if (!player.paused) spanStart = player.currentTime;
      sequence += 1;
      var body = JSON.stringify({
        position: player.currentTime, duration: player.duration || 0, spans: spans, run: run, sequence: sequence,
      });
      spans = [];
      lastSent = Date.now();
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        keepalive: Boolean(leaving),
        headers: { "Content-Type": "application/json", "X-CSRFToken": figure.getAttribute("data-csrf") },
        body: body,
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (data && seen && seen.getAttribute("data-template")) {
          seen.textContent = seen.getAttribute("data-template").replace("{percent}", data.percent);
        }
      }).catch(function () { /* offline: the next send carries the spans again */ });
    }

    player.addEventListener("loadedmetadata", function () {
      if (resumeAt > 5 && resumeAt < player.duration - 5) {
        player.currentTime = resumeAt;
        var note = figure.querySelector("[data-resume-note]");
        var resumeText = figure.querySelector("[data-resume-text]");
        resumeText.textContent = resumeText.getAttribute("data-template").replace("{time}", clock(resumeAt));
        note.hidden = false;
        figure.querySelector("[data-restart]").addEventListener("click", function () {
          player.currentTime = 0;
          note.hidden = true;
          player.play();
        });
      }
    });
    player.addEventListener("play", function () { spanStart = player.currentTime; lastTime = player.currentTime; });
    player.addEventListener("seeking", function () { closeSpan(); });
    player.addEventListener("seeked", function () { if (!player.paused) spanStart = player.currentTime; lastTime = player.currentTime; });
    player.addEventListener("timeupdate", function () {
      // A jump of more than two seconds is a seek, not watching.
      if (spanStart !== null && Math.abs(player.currentTime - lastTime) > 2) closeSpan();
      if (spanStart === null && !player.paused && !player.seeking) spanStart = player.currentTime;
      lastTime = player.currentTime;
      cues.forEach(function (cue, index) {
        var start = parseFloat(cue.getAttribute("data-seek"));
        var next = cues[index + 1] ? parseFloat(cues[index + 1].getAttribute("data-seek")) : Infinity;
        cue.classList.toggle("transcript__cue--now", player.currentTime >= start && player.currentTime < next);
      });
      if (!player.paused && Date.now() - lastSent > SEND_EVERY_MS) send(false);
    });
    player.addEventListener("pause", function () { send(false); });
    player.addEventListener("ended", function () { send(false); });
    window.addEventListener("pagehide", function () { if (!player.paused) send(true); });
  }

  document.querySelectorAll("[data-lesson-media]").forEach(setUp);
})();
