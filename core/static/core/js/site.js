// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Close an open <details> menu when the person clicks elsewhere or presses Escape.
  function closeMenusExcept(target) {
    document.querySelectorAll("details.account-menu[open]").forEach(function (menu) {
      if (!menu.contains(target)) {
        menu.removeAttribute("open");
      }
    });
  }

  document.addEventListener("click", function (event) {
    closeMenusExcept(event.target);
  });

  // Side panels (such as the course filters) start folded on phones and open on wider
  // screens, where there is room beside the content.
  if (window.matchMedia("(min-width: 60rem)").matches) {
    document.querySelectorAll("details[data-open-when-wide]").forEach(function (panel) {
      panel.setAttribute("open", "");
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    document.querySelectorAll("details.account-menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      menu.querySelector("summary").focus();
    });
  });
})();
