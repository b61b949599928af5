/* Inside the sandboxed courseware frame: stand in for the SCORM API with scorm-again's
   postMessage bridge, filled with the learner's saved run data so a SCO that reads its
   bookmark right after Initialize gets it at once. */
(function () {
  "use strict";
  var script = document.currentScript;
  var api = new window.CrossFrameAPI(script.getAttribute("data-lms-origin"), window.top);
  var state = document.getElementById("academy-scorm-state");
  if (state) {
    var saved = JSON.parse(state.textContent);
    Object.keys(saved).forEach(function (key) {
      api._cache.set(key, String(saved[key]));
    });
  }
  // Only the version's own name: content that looks for SCORM 2004 first must not
  // take a SCORM 1.2 runtime for one.
  if (script.getAttribute("data-scorm-version") === "2004") {
    window.API_1484_11 = api;
  } else {
    window.API = api;
  }
})();
