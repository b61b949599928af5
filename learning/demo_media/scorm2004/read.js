(function () {
  "use strict";
  scorm.start();
  document.getElementById("lms-status").textContent = scorm.available ? "" : "未连接到学习平台：本次阅读不会被记录。";
  document.getElementById("done").addEventListener("click", function () {
    scorm.completed();
    scorm.set("cmi.location", "end");
    scorm.commit();
    document.getElementById("result").hidden = false;
  });
  window.addEventListener("pagehide", function () { scorm.commit(); scorm.finish(); });
})();
