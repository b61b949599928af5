// The experience form as a stepper: one step a screen with its place in the whole, Back
// and Next, and a review of every answer before submitting. Without this file the form
// is one long page and works the same; autosave (capture.js) runs either way.
(function () {
  "use strict";

  var form = document.querySelector("[data-experience-form]");
  var header = document.querySelector("[data-stepper]");
  var review = document.querySelector("[data-stepper-review]");
  var nav = document.querySelector("[data-stepper-nav]");
  if (!form || !header || !review || !nav) {
    return;
  }
  var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset.step")).concat([review]);
  var back = nav.querySelector("[data-step-back]");
  var next = nav.querySelector("[data-step-next]");
  var submitButton = form.querySelector("button[name=action][value=submit]");
  var current = 0;

  function titleOf(step) {
    if (step === review) {
      return review.dataset.title;
    }
    var legend = step.querySelector("legend");
    var number = legend.querySelector(".step-number");
    return legend.textContent.replace(number ? number.textContent : "", "").trim();
  }

  function show(index, focus) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach(function (step, position) {
      step.hidden = position !== current;
    });
    var position = header.dataset.positionText
      .replace("{current}", String(current + 1))
      .replace("{total}", String(steps.length));
    header.querySelector("[data-stepper-position]").textContent = position;
    header.querySelector("[data-stepper-title]").textContent = titleOf(steps[current]);
    header.querySelector("[data-stepper-bar]").style.width = Math.round((100 * (current + 1)) / steps.length) + "%";
    back.hidden = current === 0;
    next.hidden = current === steps.length - 1;
    // Submitting belongs to the review, where everything can be checked first.
    if (submitButton) {
      submitButton.hidden = steps[current] !== review;
    }
    if (steps[current] === review) {
      fillReview();
    }
    if (window.history.replaceState) {
      window.history.replaceState(null, "", "#" + steps[current].id);
    }
    if (focus) {
      header.scrollIntoView({ block: "start" });
      var first = steps[current].querySelector("textarea, input:not([type=hidden]), select, h2");
      if (first) {
        if (first.tagName === "H2") {
          first.tabIndex = -1;
        }
        first.focus({ preventScroll: true });
      }
    }
  }

  function valueOf(field) {
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked ? (field.closest("label") || {}).textContent || "" : "";
    }
    if (field.tagName === "SELECT") {
      return field.value ? field.options[field.selectedIndex].text : "";
    }
    return field.value;
  }

  function labelOf(field) {
    var label = form.querySelector("label[for='" + field.id + "']");
    var group = field.closest("fieldset.field--choices, fieldset.frame-row");
    if (field.type === "checkbox" && group) {
      return group.querySelector("legend").textContent.trim();
    }
    return label ? label.textContent.replace("*", "").trim() : field.name;
  }

  function fillReview() {
    var list = review.querySelector("[data-review-list]");
    list.textContent = "";
    steps.slice(0, -1).forEach(function (step, index) {
      var section = document.createElement("section");
      section.className = "review-step";
      var heading = document.createElement("h3");
      heading.textContent = titleOf(step);
      var edit = document.createElement("button");
      edit.type = "button";
      edit.className = "link-button";
      edit.textContent = review.dataset.editText;
      edit.setAttribute("aria-label", review.dataset.editText + " " + titleOf(step));
      edit.addEventListener("click", function () {
        show(index, true);
      });
      heading.appendChild(document.createTextNode(" "));
      heading.appendChild(edit);
      section.appendChild(heading);
      var answers = document.createElement("dl");
      var seen = {};
      step.querySelectorAll("textarea, input[type=text], select, input[type=checkbox]").forEach(function (field) {
        if (field.name.indexOf("DELETE") !== -1) {
          return;
        }
        var label = labelOf(field);
        var value = valueOf(field).trim();
        if (field.type === "checkbox") {
          seen[label] = seen[label] || [];
          if (value) {
            seen[label].push(value);
          }
          return;
        }
        addAnswer(answers, label, value, field.closest(".field") && field.closest(".field").querySelector(".field__required"));
      });
      Object.keys(seen).forEach(function (label) {
        addAnswer(answers, label, seen[label].join("、"), false);
      });
      section.appendChild(answers);
      list.appendChild(section);
    });
  }

  function addAnswer(list, label, value, required) {
    var term = document.createElement("dt");
    term.textContent = label;
    var detail = document.createElement("dd");
    if (value) {
      detail.textContent = value;
    } else {
      detail.className = required ? "review-missing" : "muted";
      detail.textContent = required ? review.dataset.missingText : review.dataset.emptyText;
    }
    list.appendChild(term);
    list.appendChild(detail);
  }

  function stepOfHash() {
    var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    var index = target ? steps.indexOf(target.closest("fieldset.step, [data-stepper-review]")) : -1;
    return index;
  }

  form.classList.add("is-stepper");
  header.hidden = false;
  nav.hidden = false;
  back.addEventListener("click", function () {
    show(current - 1, true);
  });
  next.addEventListener("click", function () {
    show(current + 1, true);
    form.dispatchEvent(new CustomEvent("stepper:moved"));
  });
  // The side list of steps jumps to a step instead of scrolling to it.
  document.querySelectorAll(".steps-nav a, .share-layout__aside a[href^='#step-']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var index = steps.indexOf(document.getElementById(link.getAttribute("href").slice(1)));
      if (index !== -1) {
        event.preventDefault();
        show(index, true);
      }
    });
  });
  // A page that came back with errors opens on the first step that has one.
  var firstError = form.querySelector(".field--error, .field__errors");
  var errorStep = firstError ? steps.indexOf(firstError.closest("fieldset.step")) : -1;
  show(errorStep !== -1 ? errorStep : Math.max(stepOfHash(), 0), errorStep !== -1);
})();
