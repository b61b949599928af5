// Suggestions under the header search box: a WAI-ARIA combobox. Arrow keys move through
// the suggestions, Enter opens the chosen one (or searches when none is chosen), Escape
// closes the list. Without this file the box is a plain search form.
(function () {
  "use strict";

  var input = document.getElementById("site-search-q");
  if (!input || !window.fetch || !input.dataset.suggestUrl) {
    return;
  }
  var DELAY_MS = 60;
  var listId = "site-search-suggestions";
  var list = document.createElement("ul");
  list.id = listId;
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.dataset.suggestLabel || "");
  list.hidden = true;
  var status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.form.appendChild(list);
  input.form.appendChild(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);
  input.setAttribute("autocomplete", "off");

  var answers = new Map();
  var suggestions = [];
  var active = -1;
  var timer = null;
  var pending = null;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function choose(index) {
    var options = list.querySelectorAll("[role=option]");
    options.forEach(function (option, position) {
      option.setAttribute("aria-selected", position === index ? "true" : "false");
    });
    active = index;
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
    } else {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }
  }

  function show(found) {
    suggestions = found;
    list.textContent = "";
    found.forEach(function (suggestion, index) {
      var option = document.createElement("li");
      option.id = listId + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var label = document.createElement("span");
      label.className = "suggestions__label";
      label.textContent = suggestion.label;
      var kind = document.createElement("span");
      kind.className = "suggestions__kind";
      kind.textContent = suggestion.kind;
      option.appendChild(label);
      option.appendChild(kind);
      // mousedown, not click: it comes before the input loses focus and closes the list.
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.assign(suggestion.url);
      });
      list.appendChild(option);
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.hidden = found.length === 0;
    input.setAttribute("aria-expanded", found.length ? "true" : "false");
    status.textContent = found.length ? (input.dataset.suggestCount || "").replace("{count}", found.length) : "";
  }

  function lookUp() {
    var query = input.value.trim();
    if (!query) {
      show([]);
      return;
    }
    if (answers.has(query)) {
      show(answers.get(query));
      return;
    }
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(query), {
      signal: pending.signal,
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : { suggestions: [] };
      })
      .then(function (data) {
        answers.set(query, data.suggestions);
        if (input.value.trim() === query) {
          show(data.suggestions);
        }
      })
      .catch(function () {
        // An aborted or failed lookup leaves the plain search form working.
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, DELAY_MS);
  });

  input.addEventListener("keydown", function (event) {
    var open = !list.hidden;
    if (event.key === "ArrowDown" && suggestions.length) {
      event.preventDefault();
      if (!open) {
        show(suggestions);
      }
      choose(active + 1 >= suggestions.length ? 0 : active + 1);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      choose(active <= 0 ? suggestions.length - 1 : active - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      window.location.assign(suggestions[active].url);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", close);
})();
