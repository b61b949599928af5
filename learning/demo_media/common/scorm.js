/* A small SCORM API wrapper for the academy's demo packages: finds the runtime the
   player provides (SCORM 2004 first, then 1.2) and speaks either version. */
var scorm = (function () {
  "use strict";
  function find(name) {
    var win = window;
    for (var hops = 0; win && hops < 10; hops += 1) {
      try {
        if (win[name]) return win[name];
      } catch (error) {
        return null; // a window of another origin: stop looking
      }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  var api2004 = find("API_1484_11");
  var api12 = api2004 ? null : find("API");
  var keys12 = {
    "cmi.location": "cmi.core.lesson_location",
    "cmi.exit": "cmi.core.exit",
    "cmi.score.raw": "cmi.core.score.raw",
    "cmi.score.min": "cmi.core.score.min",
    "cmi.score.max": "cmi.core.score.max",
    "cmi.learner_name": "cmi.core.student_name",
  };
  return {
    available: Boolean(api2004 || api12),
    version: api2004 ? "2004" : api12 ? "1.2" : "",
    start: function () {
      if (api2004) return api2004.Initialize("");
      if (api12) return api12.LMSInitialize("");
      return "false";
    },
    get: function (key) {
      if (api2004) return api2004.GetValue(key);
      if (api12) return api12.LMSGetValue(keys12[key] || key);
      return "";
    },
    set: function (key, value) {
      if (api2004) return api2004.SetValue(key, String(value));
      if (api12 && key !== "cmi.score.scaled" && key !== "cmi.completion_status" && key !== "cmi.success_status") {
        return api12.LMSSetValue(keys12[key] || key, String(value));
      }
      return "false";
    },
    result: function (percent, passed) {
      this.set("cmi.score.raw", percent);
      this.set("cmi.score.min", 0);
      this.set("cmi.score.max", 100);
      if (api2004) {
        this.set("cmi.score.scaled", (percent / 100).toFixed(2));
        this.set("cmi.completion_status", "completed");
        this.set("cmi.success_status", passed ? "passed" : "failed");
      } else if (api12) {
        api12.LMSSetValue("cmi.core.lesson_status", passed ? "passed" : "failed");
      }
    },
    completed: function () {
      if (api2004) this.set("cmi.completion_status", "completed");
      if (api12) api12.LMSSetValue("cmi.core.lesson_status", "completed");
    },
    commit: function () {
      if (api2004) return api2004.Commit("");
      if (api12) return api12.LMSCommit("");
      return "false";
    },
    finish: function () {
      if (api2004) return api2004.Terminate("");
      if (api12) return api12.LMSFinish("");
      return "false";
    },
  };
})();
