// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Close an open <details> menu when the person clicks elsewhere or presses Escape.
  function closeMenusExcept(target) {
    document.querySelectorAll("details.account-menu[open], details.menu-group__details[open]").forEach(function (menu) {
      // In the phone's drawer the groups are sections of one list: they stay open.
      if (!menu.contains(target) && !menu.closest(".main-menu__list.is-open")) {
        menu.removeAttribute("open");
      }
    });
  }

  document.addEventListener("click", function (event) {
    closeMenusExcept(event.target);
  });

  // The phone's menu drawer: the menu folds behind one button once this script runs;
  // without it, every entry stays listed.
  var menuToggle = document.querySelector("[data-menu-toggle]");
  var menuList = document.getElementById("main-menu-list");
  if (menuToggle && menuList) {
    document.documentElement.classList.add("has-menu-drawer");
    menuToggle.hidden = false;
    menuToggle.addEventListener("click", function () {
      var open = menuList.classList.toggle("is-open");
      menuToggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Side panels (such as the course filters) start folded on phones and open on wider
  // screens, where there is room beside the content.
  if (window.matchMedia("(min-width: 60rem)").matches) {
    document.querySelectorAll("details[data-open-when-wide]").forEach(function (panel) {
      panel.setAttribute("open", "");
    });
  }

  // A page that comes back with errors: bring the first into view and focus it, so
  // nobody hunts for what to fix on a long page (the server marks the fields).
  var firstError = document.querySelector(
    "main .form-errors, main [aria-invalid='true'], main .field--error input, main .field--error textarea, main .field--error select"
  );
  if (firstError) {
    if (firstError.classList.contains("form-errors")) {
      firstError.tabIndex = -1;
    }
    // After load: the browser's own jump to the address's #fragment comes first.
    window.addEventListener("load", function () {
      firstError.scrollIntoView({ block: "center" });
      firstError.focus({ preventScroll: true });
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    document.querySelectorAll("details.account-menu[open], details.menu-group__details[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
  });
})();
