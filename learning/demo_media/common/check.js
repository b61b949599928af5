/* The demo packages' self-check: answers are kept in suspend_data as the learner goes,
   so closing the lesson and coming back resumes them; submitting reports a score. */
(function () {
  "use strict";
  var MASTERY = window.CHECK.mastery;
  var form = document.getElementById("check");
  var result = document.getElementById("result");
  var status = document.getElementById("lms-status");
  document.getElementById("title").textContent = window.CHECK.title;
  scorm.start();
  status.textContent = scorm.available ? "" : "未连接到学习平台：本次作答不会被记录。";

  var saved = {};
  try { saved = JSON.parse(scorm.get("cmi.suspend_data") || "{}"); } catch (error) { saved = {}; }

  window.CHECK.questions.forEach(function (question, index) {
    var fieldset = document.createElement("fieldset");
    var legend = document.createElement("legend");
    legend.textContent = (index + 1) + ". " + question.text;
    fieldset.appendChild(legend);
    question.options.forEach(function (option, choice) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "radio";
      input.name = "q" + index;
      input.value = String(choice);
      input.checked = saved["q" + index] === choice;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + option));
      fieldset.appendChild(label);
    });
    form.insertBefore(fieldset, form.querySelector("button"));
  });

  function answers() {
    var chosen = {};
    window.CHECK.questions.forEach(function (question, index) {
      var picked = form.querySelector('input[name="q' + index + '"]:checked');
      if (picked) chosen["q" + index] = Number(picked.value);
    });
    return chosen;
  }

  form.addEventListener("change", function () {
    scorm.set("cmi.suspend_data", JSON.stringify(answers()));
    scorm.set("cmi.exit", "suspend");
    scorm.set("cmi.location", "check");
    scorm.commit();
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = answers();
    var right = 0;
    window.CHECK.questions.forEach(function (question, index) {
      if (chosen["q" + index] === question.answer) right += 1;
    });
    var percent = Math.round((100 * right) / window.CHECK.questions.length);
    var passed = percent >= MASTERY;
    scorm.set("cmi.suspend_data", JSON.stringify(chosen));
    scorm.result(percent, passed);
    scorm.set("cmi.exit", "");
    scorm.commit();
    result.hidden = false;
    result.textContent = "得分 " + percent + " 分（" + right + "/" + window.CHECK.questions.length + "），" +
      (passed ? "通过。" : "未达到 " + MASTERY + " 分，请复习后再试。");
  });

  window.addEventListener("pagehide", function () { scorm.commit(); scorm.finish(); });
})();
