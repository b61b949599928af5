// Quiz pages: autosave, a countdown, and printing certificates. Every page works
// without this file; the server keeps time and stores answers whatever the browser does.
(function () {
  "use strict";

  function fieldsOf(form) {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "action") {
        pairs.push([name, value]);
      }
    });
    return pairs;
  }

  function restore(form, pairs) {
    var byName = {};
    pairs.forEach(function (pair) {
      (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]);
    });
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || !(element.name in byName)) {
        return;
      }
      var values = byName[element.name];
      if (element.type === "radio" || element.type === "checkbox") {
        element.checked = values.indexOf(element.value) !== -1;
      } else if (element.tagName !== "BUTTON" && element.type !== "hidden") {
        element.value = values[0];
      }
    });
  }

  function setupAutosave(form) {
    var status = document.querySelector("[data-save-status]");
    var key = "academy-" + form.dataset.storageKey;
    var timer = null;
    var dirty = false;

    function say(name) {
      if (status) {
        status.textContent = status.dataset[name + "Text"] || "";
      }
    }

    function remember() {
      try {
        window.localStorage.setItem(key, JSON.stringify({ pairs: fieldsOf(form), saved: false }));
      } catch (error) {
        // Private browsing or a full storage: the server copy still works.
      }
    }

    function forget() {
      try {
        window.localStorage.removeItem(key);
      } catch (error) {}
    }

    function save() {
      if (!dirty) {
        return;
      }
      say("saving");
      var body = new FormData(form);
      body.delete("action");
      fetch(form.dataset.autosaveUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      })
        .then(function (response) {
          if (response.status === 409) {
            return response.json().then(function (data) {
              forget();
              window.location.assign(data.result_url);
            });
          }
          if (!response.ok) {
            throw new Error("save failed");
          }
          dirty = false;
          forget();
          say("saved");
        })
        .catch(function () {
          say("offline");
          window.setTimeout(save, 5000);
        });
    }

    function changed() {
      dirty = true;
      remember();
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 800);
    }

    try {
      var stored = JSON.parse(window.localStorage.getItem(key) || "null");
      if (stored && !stored.saved) {
        restore(form, stored.pairs);
        dirty = true;
        save();
      }
    } catch (error) {}

    form.addEventListener("change", changed);
    form.addEventListener("input", changed);
    window.addEventListener("online", save);
    form.addEventListener("submit", function () {
      forget();
      Array.prototype.forEach.call(form.querySelectorAll("[data-finish]"), function (button) {
        button.setAttribute("aria-disabled", "true");
      });
    });
    return { save: save };
  }

  function setupTimer(form) {
    var timerElement = document.querySelector("[data-seconds-left]");
    if (!timerElement) {
      return;
    }
    var clock = timerElement.querySelector("[data-clock]");
    var endsAt = Date.now() + parseInt(timerElement.dataset.secondsLeft, 10) * 1000;
    var submitted = false;

    function pad(number) {
      return number < 10 ? "0" + number : String(number);
    }

    function tick() {
      var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
      var hours = Math.floor(left / 3600);
      var minutes = Math.floor((left % 3600) / 60);
      clock.textContent = (hours ? hours + ":" + pad(minutes) : minutes) + ":" + pad(left % 60);
      if (left <= 60) {
        timerElement.classList.add(timerElement.dataset.lowClass);
      }
      if (left === 0 && !submitted && form) {
        submitted = true;
        var action = document.createElement("input");
        action.type = "hidden";
        action.name = "action";
        action.value = "finish";
        form.appendChild(action);
        var confirmed = document.createElement("input");
        confirmed.type = "hidden";
        confirmed.name = "confirm";
        confirmed.value = "1";
        form.appendChild(confirmed);
        form.submit();
        return;
      }
      window.setTimeout(tick, 1000);
    }
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-quiz-form]");
    if (form) {
      setupAutosave(form);
    }
    setupTimer(form);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  });
})();
