/* The SCORM player on a lesson page: one scorm-again runtime per part (SCO), reached
   from the sandboxed frame only through postMessage; run data is committed to the
   server every few seconds and when the part ends. */
(function () {
  "use strict";

  function setUp(root) {
    var config = JSON.parse(document.getElementById(root.getAttribute("data-config")).textContent);
    var frame = root.querySelector("iframe");
    var announce = root.querySelector("[data-courseware-announce]");
    var buttons = root.querySelectorAll("[data-part]");
    var states = {};
    var api = null;
    var bridge = null;

    config.parts.forEach(function (part) { states[part.identifier] = part.state; });

    // Only the frame we launched may talk to the runtime: CrossFrameLMS has to accept
    // the sandbox's opaque origin ("null"), so the source window is checked here first.
    window.addEventListener("message", function (event) {
      if (event.source !== frame.contentWindow) event.stopImmediatePropagation();
    });

    function showStatus(identifier, status) {
      var button = root.querySelector('[data-part="' + identifier + '"]');
      var label = button && button.querySelector("[data-part-status]");
      if (label) {
        label.textContent = status.label;
        label.className = "status " + (status.finished ? "status--done" : "status--todo");
      }
    }

    function runtime(part) {
      var Api = config.version === "1.2" ? window.Scorm12API : window.Scorm2004API;
      // Commits are sent without waiting for the one before, so they may reach the
      // server out of order; the run and scorm-again's sequence let it keep the newest.
      var run = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
      var created = new Api({
        autocommit: true,
        autocommitSeconds: 5,
        useAsynchronousCommits: true,
        lmsCommitUrl: config.commitUrl,
        dataCommitFormat: "json",
        xhrHeaders: { "X-CSRFToken": config.csrf },
        logLevel: 5,
        requestHandler: function (data, commit) {
          states[part.identifier] = created.getFlattenedCMI();
          return {
            part: part.identifier,
            cmi: states[part.identifier],
            run: run,
            sequence: commit && commit.sequence,
          };
        },
        responseHandler: function (response) {
          return response.json().then(function (data) {
            if (data.part) showStatus(data.part, data.part_status);
            if (data.lesson_done && announce) {
              announce.hidden = false;
              announce.textContent = config.doneText;
            }
            return { result: data.result, errorCode: data.errorCode };
          });
        },
      });
      created.loadFromFlattenedJSON(states[part.identifier], "");
      return created;
    }

    function launch(identifier) {
      var part = config.parts.filter(function (candidate) { return candidate.identifier === identifier; })[0];
      if (!part) return;
      if (bridge) bridge.destroy();
      api = runtime(part);
      bridge = new window.CrossFrameLMS(api, "*");
      frame.src = part.url;
      buttons.forEach(function (button) {
        var chosen = button.getAttribute("data-part") === identifier;
        button.setAttribute("aria-current", chosen ? "step" : "false");
      });
    }

    buttons.forEach(function (button) {
      button.addEventListener("click", function () { launch(button.getAttribute("data-part")); });
    });
    launch(config.start);
  }

  document.querySelectorAll("[data-courseware]").forEach(setUp);
})();
