/* Members search: small touches on top of htmx. The page works without this file (and without JS). */
(function () {
  "use strict";

  if (!window.htmx) {
    return;
  }
  // Live updates are on: the "Apply filters" button has nothing left to do.
  document.documentElement.classList.add("js-live");

  var narrow = window.matchMedia("(max-width: 59.99rem)");

  function collapseFiltersOnPhones() {
    var filters = document.getElementById("filters");
    // On phones the results come first; the chosen filters show above them as removable chips.
    if (filters && narrow.matches) {
      filters.open = false;
    }
  }

  // htmx keeps each history entry as HTML, saved just before the page changes. Write the
  // search the current address stands for (the results on screen) into the attributes, so
  // Back shows the search box, sort and filters that go with those results.
  document.addEventListener("htmx:beforeHistorySave", function () {
    var params = new URLSearchParams(window.location.search);
    var box = document.getElementById("id_q");
    if (box) {
      box.setAttribute("value", params.get("q") || "");
    }
    var sort = document.getElementById("id_sort");
    if (sort) {
      var chosen = params.get("sort") || "relevance";
      Array.prototype.forEach.call(sort.options, function (option) {
        option.toggleAttribute("selected", option.value === chosen);
      });
    }
    document.querySelectorAll("#facet-panel input[type='checkbox']").forEach(function (tick) {
      tick.toggleAttribute("checked", params.getAll(tick.name).indexOf(tick.value) !== -1);
    });
  });

  // After moving to another page of results, start reading (and tabbing) from the results heading.
  document.addEventListener("htmx:afterSettle", function (event) {
    var source = event.detail && event.detail.requestConfig && event.detail.requestConfig.elt;
    if (source && source.closest && source.closest(".pagination")) {
      var heading = document.getElementById("results-title");
      if (heading) {
        heading.focus({ preventScroll: true });
      }
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", collapseFiltersOnPhones);
  } else {
    collapseFiltersOnPhones();
  }
})();
