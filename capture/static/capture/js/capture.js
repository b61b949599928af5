// The experience form: autosave (to the server, and to localStorage while offline or
// signed out), adding cause and option rows, and tag suggestions. The form works
// without this file: "Save draft" and "Submit" post it normally.
(function () {
  "use strict";

  var form = document.querySelector("[data-experience-form]");
  if (!form) {
    return;
  }
  var status = document.querySelector("[data-save-status]");
  var storageKey = "academy-experience-" + (form.dataset.experienceId || "new");
  var timer = null;
  var saving = false;
  var dirty = false;

  function say(name, extra) {
    if (status) {
      status.textContent = (status.dataset[name + "Text"] || "") + (extra || "");
      status.dataset.state = name;
    }
  }

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function pairs() {
    var list = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") {
        list.push([name, value]);
      }
    });
    return list;
  }

  function remember() {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify({ pairs: pairs(), at: Date.now() }));
    } catch (error) {
      // Private browsing or full storage: the server copy still works.
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(storageKey);
    } catch (error) {}
  }

  function markInitial(rows) {
    // Every row the page shows becomes an "initial" form carrying its id, or an empty
    // id for a row not saved yet (see capture.views._saved_row_ids).
    Object.keys(rows || {}).forEach(function (prefix) {
      var ids = rows[prefix];
      ids.forEach(function (id, index) {
        var idInput = form.elements[prefix + "-" + index + "-id"];
        var deleteInput = form.elements[prefix + "-" + index + "-DELETE"];
        if (idInput) {
          idInput.value = id;
        }
        if (deleteInput && deleteInput.checked) {
          var row = deleteInput.closest("[data-row]");
          if (row) {
            row.querySelectorAll("textarea, input[type=text]").forEach(function (input) {
              input.value = "";
            });
            row.hidden = true;
          }
          deleteInput.checked = false;
        }
      });
      var initial = form.elements[prefix + "-INITIAL_FORMS"];
      if (initial) {
        initial.value = String(ids.length);
      }
    });
  }

  // A new experience becomes a draft once it says something (a title or one of the
  // three answers a submission needs), not on the first tick of a checkbox.
  function hasSubstance() {
    return ["title", "problem", "actions", "lesson"].some(function (name) {
      var field = form.elements[name];
      return field && field.value.trim() !== "";
    });
  }

  function save() {
    if (!dirty || saving) {
      return;
    }
    if (!form.dataset.experienceId && !hasSubstance()) {
      return;
    }
    saving = true;
    dirty = false;
    say("saving");
    // Signing in again (in another tab) rotates the CSRF cookie; use the current one.
    var token = cookie("csrftoken");
    if (token && form.elements.csrfmiddlewaretoken) {
      form.elements.csrfmiddlewaretoken.value = token;
    }
    var body = new FormData(form);
    body.delete("action");
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", Accept: "application/json" },
    })
      .then(function (response) {
        var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        return (isJson ? response.json() : Promise.resolve({})).then(function (data) {
          return { status: response.status, data: data };
        });
      })
      .then(function (result) {
        saving = false;
        if (result.status === 401 || result.status === 403) {
          dirty = true;
          say("signedOut");
          var link = document.querySelector("[data-sign-in-again]");
          if (link) {
            link.href = result.data.login_url || link.href;
            link.hidden = false;
          }
          return;
        }
        if (result.status === 409) {
          forget();
          window.location.assign(result.data.detail_url);
          return;
        }
        if (result.status !== 200) {
          say("invalid");
          return;
        }
        if (form.dataset.experienceId !== String(result.data.id)) {
          form.dataset.experienceId = String(result.data.id);
          form.dataset.autosaveUrl = result.data.autosave_url;
          form.action = result.data.edit_url;
          window.history.replaceState(null, "", result.data.edit_url);
          forget();
          storageKey = "academy-experience-" + result.data.id;
        }
        markInitial(result.data.rows);
        if (!dirty) {
          forget();
        }
        say("saved", " " + result.data.saved_at);
      })
      .catch(function () {
        saving = false;
        dirty = true;
        say("offline");
        window.setTimeout(save, 10000);
      });
  }

  function changed() {
    dirty = true;
    remember();
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 2000);
  }

  function storedCopy() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      var savedAt = parseInt(form.dataset.savedAt || "0", 10) * 1000;
      // Only text typed after the server's copy was saved, and not on the page already,
      // is worth offering back: "Save draft" keeps a copy just before it posts.
      return stored && stored.pairs && stored.at > savedAt && differsFromPage(stored) ? stored : null;
    } catch (error) {
      return null;
    }
  }

  function differsFromPage(stored) {
    var shown = {};
    pairs().forEach(function (pair) {
      (shown[pair[0]] = shown[pair[0]] || []).push(String(pair[1]).trim());
    });
    return stored.pairs.some(function (pair) {
      var value = String(pair[1]).trim();
      var element = form.elements[pair[0]];
      if (!value || (element && element.type === "hidden")) {
        return false;
      }
      return (shown[pair[0]] || []).indexOf(value) === -1;
    });
  }

  function restore(stored) {
    var byName = {};
    stored.pairs.forEach(function (pair) {
      (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]);
    });
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || !(element.name in byName) || element.type === "hidden") {
        return;
      }
      var values = byName[element.name];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.indexOf(element.value) !== -1;
      } else if (element.tagName !== "BUTTON") {
        element.value = values[0];
      }
    });
    changed();
  }

  function offerStoredCopy() {
    var stored = storedCopy();
    var banner = document.querySelector("[data-restore-banner]");
    if (!stored || !banner) {
      forget();
      return;
    }
    banner.hidden = false;
    banner.querySelector("[data-restore]").addEventListener("click", function () {
      restore(stored);
      banner.hidden = true;
    });
    banner.querySelector("[data-discard]").addEventListener("click", function () {
      forget();
      banner.hidden = true;
    });
  }

  function addRow(button) {
    var prefix = button.dataset.addRow;
    var total = form.elements[prefix + "-TOTAL_FORMS"];
    var max = parseInt(form.elements[prefix + "-MAX_NUM_FORMS"].value, 10);
    var count = parseInt(total.value, 10);
    if (count >= max) {
      button.hidden = true;
      return;
    }
    var template = document.getElementById(prefix + "-empty-row");
    var html = template.innerHTML.replace(/__prefix__/g, String(count)).replace(/__number__/g, String(count + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    document.getElementById(prefix + "-rows").appendChild(row);
    total.value = String(count + 1);
    var first = row.querySelector("textarea, input[type=text]");
    if (first) {
      first.focus();
    }
    if (count + 1 >= max) {
      button.hidden = true;
    }
  }

  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      addRow(button);
    });
  });

  document.querySelectorAll("[data-tag-suggestion]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.dataset.tagTarget);
      var names = input.value.split(/[,，、]/).map(function (name) {
        return name.trim();
      }).filter(Boolean);
      if (names.indexOf(button.dataset.tagSuggestion) === -1) {
        names.push(button.dataset.tagSuggestion);
      }
      input.value = names.join(", ");
      changed();
    });
  });

  offerStoredCopy();
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () {
    // The post itself saves everything; a background save now would only race it.
    window.clearTimeout(timer);
    remember();
    dirty = false;
  });
  // Leaving with unsaved text: the beacon outlives the page, and localStorage keeps a
  // copy in case it does not arrive.
  window.addEventListener("pagehide", function () {
    if (dirty && navigator.sendBeacon) {
      var body = new FormData(form);
      body.delete("action");
      navigator.sendBeacon(form.dataset.autosaveUrl, body);
    }
  });
})();
