/* Expertise picker: a search-as-you-type combobox over the taxonomy (names and aliases) on the
   profile edit page. It only drives the two multi-selects the page already has ("main" and
   "other" areas), which are what the form submits; without JavaScript people use those directly.
   ARIA combobox pattern: arrow keys move through suggestions, Enter adds, Escape closes. */
(function () {
  "use strict";

  var MIN_CHARS = 1;
  var DELAY_MS = 180;

  function init(root) {
    var template = document.getElementById("picker-template");
    var selects = {
      primary: root.querySelector('select[data-emphasis="primary"]'),
      secondary: root.querySelector('select[data-emphasis="secondary"]'),
    };
    if (!template || !selects.primary || !selects.secondary || !window.fetch) {
      return;
    }
    root.appendChild(template.content.cloneNode(true));
    root.classList.add("is-enhanced");

    var input = root.querySelector(".picker__input");
    var listbox = root.querySelector(".picker__listbox");
    var status = root.querySelector("#picker-status");
    var lists = {
      primary: root.querySelector('.picker__chosen[data-emphasis="primary"]'),
      secondary: root.querySelector('.picker__chosen[data-emphasis="secondary"]'),
    };
    var empties = {
      primary: root.querySelector('[data-empty="primary"]'),
      secondary: root.querySelector('[data-empty="secondary"]'),
    };
    var searchUrl = root.getAttribute("data-search-url");
    var results = [];
    var active = -1;
    var timer = null;
    var lastQuery = "";
    var controller = null;

    function option(emphasis, id) {
      return selects[emphasis].querySelector('option[value="' + String(id) + '"]');
    }

    function emphasisOf(id) {
      if (option("primary", id) && option("primary", id).selected) return "primary";
      if (option("secondary", id) && option("secondary", id).selected) return "secondary";
      return null;
    }

    function setEmphasis(id, emphasis) {
      ["primary", "secondary"].forEach(function (name) {
        var opt = option(name, id);
        if (opt) opt.selected = name === emphasis;
      });
      render();
    }

    function nameOf(id) {
      var opt = option("primary", id);
      return opt ? opt.textContent : "";
    }

    function button(label, hiddenText, className, onClick) {
      var el = document.createElement("button");
      el.type = "button";
      el.className = "button " + className;
      el.appendChild(document.createTextNode(label));
      if (hiddenText) {
        var span = document.createElement("span");
        span.className = "visually-hidden";
        span.textContent = hiddenText;
        el.appendChild(span);
      }
      el.addEventListener("click", onClick);
      return el;
    }

    function render() {
      ["primary", "secondary"].forEach(function (emphasis) {
        var list = lists[emphasis];
        list.textContent = "";
        Array.prototype.forEach.call(selects[emphasis].selectedOptions, function (opt) {
          var id = opt.value;
          var name = opt.textContent;
          var item = document.createElement("li");
          item.className = "picker__item";
          var label = document.createElement("span");
          label.className = "picker__item-name";
          label.textContent = name;
          item.appendChild(label);
          var other = emphasis === "primary" ? "secondary" : "primary";
          item.appendChild(
            button(
              other === "primary" ? "Make main" : "Move to other",
              ": " + name,
              "button--small",
              function () {
                setEmphasis(id, other);
                announce(name + (other === "primary" ? " is now a main area." : " moved to other areas."));
                focusItem(other, id);
              }
            )
          );
          item.appendChild(
            button("Remove", " " + name, "button--small button--danger", function () {
              setEmphasis(id, null);
              announce(name + " removed.");
              input.focus();
            })
          );
          item.setAttribute("data-id", id);
          list.appendChild(item);
        });
        empties[emphasis].hidden = selects[emphasis].selectedOptions.length > 0;
      });
    }

    function focusItem(emphasis, id) {
      var item = lists[emphasis].querySelector('[data-id="' + id + '"] button');
      if (item) item.focus();
    }

    function announce(text) {
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = text;
      }, 50);
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function showResults(items) {
      results = items;
      listbox.textContent = "";
      active = -1;
      if (!items.length) {
        var none = document.createElement("li");
        none.className = "picker__option picker__option--empty";
        none.setAttribute("role", "option");
        none.setAttribute("aria-disabled", "true");
        none.id = "picker-option-none";
        none.textContent = "No area matches “" + input.value.trim() + "”.";
        listbox.appendChild(none);
        announce("No matching areas.");
      } else {
        items.forEach(function (area, index) {
          var chosen = emphasisOf(area.id);
          var li = document.createElement("li");
          li.className = "picker__option";
          li.id = "picker-option-" + index;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          if (chosen) li.setAttribute("aria-disabled", "true");
          var name = document.createElement("span");
          name.className = "picker__option-name";
          name.textContent = area.name;
          var meta = document.createElement("span");
          meta.className = "picker__option-meta";
          meta.textContent =
            (area.alias ? "also “" + area.alias + "” · " : "") + area.facet + (chosen ? " · already added" : "");
          li.appendChild(name);
          li.appendChild(meta);
          li.addEventListener("mousedown", function (event) {
            event.preventDefault(); // keep focus in the input
          });
          li.addEventListener("click", function () {
            choose(index);
          });
          listbox.appendChild(li);
        });
        announce(items.length + (items.length === 1 ? " area matches." : " areas match.") + " Use the arrow keys to choose.");
      }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function move(step) {
      var options = listbox.querySelectorAll('[role="option"]:not(.picker__option--empty)');
      if (!options.length) return;
      if (active >= 0 && options[active]) options[active].classList.remove("is-active");
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = (active + step + options.length) % options.length;
      options[active].classList.add("is-active");
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      var area = results[index];
      if (!area) return;
      if (emphasisOf(area.id)) {
        announce(area.name + " is already on your profile.");
        return;
      }
      if (!option("primary", area.id)) return;
      setEmphasis(area.id, "primary");
      announce(area.name + " added to your main areas.");
      input.value = "";
      lastQuery = "";
      close();
      input.focus();
    }

    function search() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (query.length < MIN_CHARS) {
        close();
        return;
      }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      window
        .fetch(searchUrl + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller ? controller.signal : undefined,
        })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (input.value.trim() === query) showResults(data.results || []);
        })
        .catch(function (error) {
          if (error && error.name === "AbortError") return;
          announce("Suggestions are not available just now; please try again.");
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (listbox.hidden && results.length) {
          listbox.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        move(event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "Enter") {
        // Enter chooses a suggestion; it must never submit the whole profile form from here.
        event.preventDefault();
        if (!listbox.hidden && active >= 0) choose(active);
        else if (!listbox.hidden && results.length === 1) choose(0);
      } else if (event.key === "Escape") {
        if (!listbox.hidden) {
          event.preventDefault();
          close();
        }
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });

    render();
  }

  document.querySelectorAll("[data-expertise-picker]").forEach(init);
})();
