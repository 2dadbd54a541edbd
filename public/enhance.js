/*
 * The intranet's one small script for pages sent without the framework's scripts
 * (decision 215: staff reading pages). Plain script, no imports, no framework. Every page
 * works without it; it only adds:
 *
 * 1. the service worker (decision 124): registered for a signed-in person on their own
 *    browser and asked to refresh the saved pages; on a shared device any worker and
 *    cache are removed;
 * 2. suggestions in the header search box (the ARIA 1.2 combobox pattern);
 * 3. the @mention picker in comment boxes;
 * 4. the notifications switch on /me (decision 125);
 * 5. early form errors on forms marked data-check: the error summary and the messages by
 *    the fields, before anything is sent (the server checks again).
 *
 * The build copies it to /build/enhance-<hash>.js (scripts/build-sw.mjs), served for a year.
 */
(function () {
  "use strict";
  var doc = document;
  doc.documentElement.setAttribute("data-enhanced", "");

  function ready(fn) {
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function el(tag, attrs, text) {
    var node = doc.createElement(tag);
    for (var name in attrs || {}) node.setAttribute(name, attrs[name]);
    if (text) node.textContent = text;
    return node;
  }

  function getJson(url, signal) {
    return fetch(url, { signal: signal, headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (res) {
      if (!res.ok || (res.headers.get("content-type") || "").indexOf("json") < 0) return null;
      return res.json();
    });
  }

  /* 1. The service worker. */
  function offline() {
    var mode = doc.body.getAttribute("data-offline");
    if (!mode || !("serviceWorker" in navigator)) return;
    if (mode === "clear") {
      navigator.serviceWorker.getRegistrations().then(function (all) {
        return Promise.all(all.map(function (r) { return r.unregister(); }));
      }).catch(function () {});
      if ("caches" in window) caches.keys().then(function (keys) {
        return Promise.all(keys.map(function (k) { return caches.delete(k); }));
      }).catch(function () {});
      return;
    }
    // Every link here loads a whole page: refresh the saved pages at most every 15 minutes
    // (per tab), and at once after "Save for offline" or "Remove" (?offline=…).
    var now = Date.now();
    var last = 0;
    try {
      last = Number(sessionStorage.getItem("intranet-offline-synced")) || 0;
    } catch (e) { /* storage blocked: sync each time */ }
    var due = now - last > 15 * 60 * 1000 || /[?&]offline=/.test(location.search);
    navigator.serviceWorker.register("/sw.js", { scope: "/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (reg) {
        if (!due || !reg.active) return;
        reg.active.postMessage({ type: "sync" });
        try {
          sessionStorage.setItem("intranet-offline-synced", String(now));
        } catch (e) { /* storage blocked */ }
      })
      .catch(function () {});
  }

  /* 2. Header search suggestions: arrows move, Enter opens one, Escape closes; Enter with none chosen searches. */
  var TYPE_NAMES = { announcement: "News", policy: "Policy", guide: "Guide" };
  function searchBox() {
    var input = doc.getElementById("header-search-q");
    if (!input || !input.form) return;
    var LIST_ID = "header-search-suggestions";
    var list = el("ul", { id: LIST_ID, role: "listbox", "aria-label": "Suggestions", class: "search-suggestions", hidden: "" });
    var status = el("div", { class: "visually-hidden", role: "status", "aria-live": "polite" });
    input.form.appendChild(list);
    input.form.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", LIST_ID);
    var options = [];
    var active = -1;
    var open = false;
    var timer = null;
    var pending = null;

    function draw() {
      list.hidden = !open;
      input.setAttribute("aria-expanded", String(open));
      if (open && active >= 0) input.setAttribute("aria-activedescendant", LIST_ID + "-" + active);
      else input.removeAttribute("aria-activedescendant");
      var items = list.children;
      for (var i = 0; i < items.length; i++) {
        items[i].setAttribute("aria-selected", String(i === active));
        items[i].className = i === active ? "search-suggestions__active" : "";
      }
      status.textContent = open ? options.length + (options.length === 1 ? " suggestion" : " suggestions") + ". Use the up and down arrows to choose one." : "";
    }
    function close() {
      open = false;
      active = -1;
      draw();
    }
    function go(option) {
      close();
      window.location.assign(option.url);
    }
    function show(found) {
      options = found;
      list.textContent = "";
      found.forEach(function (o, i) {
        var li = el("li", { id: LIST_ID + "-" + i, role: "option", "aria-selected": "false" });
        li.appendChild(el("span", { class: "search-suggestions__label" }, o.label));
        li.appendChild(el("span", { class: "search-suggestions__detail" }, o.detail));
        li.addEventListener("mousedown", function (e) {
          e.preventDefault();
          go(o);
        });
        list.appendChild(li);
      });
      active = -1;
      open = found.length > 0 && doc.activeElement === input;
      draw();
    }
    input.addEventListener("input", function () {
      var text = input.value;
      clearTimeout(timer);
      if (pending) pending.abort();
      if (text.trim().length < 2) {
        show([]);
        return;
      }
      timer = setTimeout(function () {
        var controller = new AbortController();
        pending = controller;
        getJson("/search/suggest?q=" + encodeURIComponent(text), controller.signal).then(function (data) {
          if (!data || controller.signal.aborted || input.value !== text) return;
          var terms = (data.terms || []).map(function (t) { return { label: t.term, detail: "Glossary: " + t.standsFor, url: t.url }; });
          var items = (data.items || []).map(function (i) { return { label: i.title, detail: TYPE_NAMES[i.type] || "", url: i.url }; });
          show(terms.concat(items).filter(function (o) { return typeof o.url === "string" && o.url.charAt(0) === "/" && o.url.charAt(1) !== "/"; }));
        }).catch(function () { /* offline or aborted: the plain form still works */ });
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      var key = event.key;
      if (key === "ArrowDown" || key === "ArrowUp") {
        if (options.length === 0) return;
        event.preventDefault();
        open = true;
        var last = options.length - 1;
        if (key === "ArrowDown") active = active >= last ? -1 : active + 1;
        else active = active === -1 ? last : active - 1;
        draw();
      } else if (key === "Enter" && open && active >= 0 && options[active]) {
        event.preventDefault();
        go(options[active]);
      } else if (key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
    input.addEventListener("focus", function () {
      if (options.length > 0) {
        open = true;
        draw();
      }
    });
    input.form.addEventListener("submit", close);
  }

  /* 3. The @mention picker: shown only with this script; without it "@Name" stays plain text. */
  function mentionPickers() {
    var pickers = doc.querySelectorAll("[data-mention-for]");
    Array.prototype.forEach.call(pickers, function (picker) {
      var textarea = doc.getElementById(picker.getAttribute("data-mention-for"));
      var input = picker.querySelector("input");
      var status = picker.querySelector("[role=status]");
      var list = picker.querySelector("ul");
      if (!textarea || !input || !status || !list || !textarea.form) return;
      var form = textarea.form;
      picker.hidden = false;
      var timer = null;
      var pending = null;
      function pick(p) {
        var at = textarea.selectionStart == null ? textarea.value.length : textarea.selectionStart;
        var before = textarea.value.slice(0, at);
        var insert = (before && !/\s$/.test(before) ? " " : "") + "@" + p.name + " ";
        textarea.value = before + insert + textarea.value.slice(at);
        textarea.selectionStart = textarea.selectionEnd = at + insert.length;
        if (!form.querySelector('input[name="mention"][value="' + p.id + '"]')) form.appendChild(el("input", { type: "hidden", name: "mention", value: String(p.id) }));
        input.value = "";
        list.textContent = "";
        list.hidden = true;
        status.textContent = p.name + " mentioned.";
        textarea.focus();
      }
      input.addEventListener("input", function () {
        var text = input.value.trim();
        clearTimeout(timer);
        if (pending) pending.abort();
        if (text.length < 2) {
          list.textContent = "";
          list.hidden = true;
          status.textContent = "";
          return;
        }
        timer = setTimeout(function () {
          var controller = new AbortController();
          pending = controller;
          getJson("/comments/people?q=" + encodeURIComponent(text), controller.signal).then(function (data) {
            if (!data || controller.signal.aborted) return;
            var people = data.people || [];
            list.textContent = "";
            people.forEach(function (p) {
              var li = el("li");
              var button = el("button", { type: "button", class: "link-button" }, p.name);
              button.addEventListener("click", function () { pick(p); });
              li.appendChild(button);
              var about = [p.jobTitle, p.departmentName].filter(Boolean).join(", ");
              if (about) li.appendChild(el("span", { class: "muted" }, " · " + about));
              list.appendChild(li);
            });
            list.hidden = people.length === 0;
            status.textContent = people.length === 0 ? "Nobody found with that name." : people.length + (people.length === 1 ? " person" : " people") + " found.";
          }).catch(function () {});
        }, 200);
      });
    });
  }

  /* 4. Notifications on this device (/me). The list of devices and "Remove" are plain forms. */
  function hashOf(text) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (digest) {
      return Array.prototype.map.call(new Uint8Array(digest), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
    });
  }
  function pushSwitch() {
    var box = doc.querySelector("[data-push-switch]");
    if (!box) return;
    var csrf = box.getAttribute("data-csrf");
    var publicKey = box.getAttribute("data-public-key");
    var known = (box.getAttribute("data-known") || "").split(",").filter(Boolean);
    var message = box.querySelector("[data-push-message]");
    function state(name) {
      Array.prototype.forEach.call(box.querySelectorAll("[data-push-state]"), function (part) {
        part.hidden = part.getAttribute("data-push-state") !== name;
      });
    }
    function busy(on) {
      Array.prototype.forEach.call(box.querySelectorAll("button"), function (b) { b.disabled = on; });
    }
    function say(text) {
      message.textContent = text || "";
      message.hidden = !text;
    }
    function post(fields) {
      return fetch("/me/push", { method: "POST", body: new URLSearchParams(fields), credentials: "same-origin" }).then(function (res) {
        return res.json().catch(function () { return { error: "The intranet answered " + res.status + "." }; });
      });
    }
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window) || !window.isSecureContext) return state("unsupported");
    if (Notification.permission === "denied") return state("denied");
    navigator.serviceWorker.getRegistration("/")
      .then(function (reg) { return reg ? reg.pushManager.getSubscription() : null; })
      .then(function (sub) { return sub ? hashOf(sub.endpoint) : null; })
      .then(function (hash) {
        var mine = hash && known.indexOf(hash) >= 0;
        if (mine) {
          var item = doc.querySelector('[data-endpoint-hash="' + hash + '"] p');
          if (item) item.appendChild(doc.createTextNode(" (this device)"));
        }
        state(mine ? "on" : "off");
      })
      .catch(function () { state("unsupported"); });
    box.querySelector("[data-push-on]").addEventListener("click", function () {
      busy(true);
      say("");
      Notification.requestPermission()
        .then(function (permission) {
          if (permission !== "granted") {
            state("denied");
            return null;
          }
          return navigator.serviceWorker.register("/sw.js", { scope: "/" })
            .then(function () { return navigator.serviceWorker.ready; })
            .then(function (reg) { return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }); })
            .then(function (sub) {
              return post({ csrf: csrf, intent: "subscribe", subscription: JSON.stringify(sub.toJSON()) }).then(function (answer) {
                if (answer.error) throw new Error(answer.error);
                // For the service worker, should the browser replace this subscription (pushsubscriptionchange).
                return caches.open("intranet-push").then(function (cache) {
                  return cache.put("/push/current", new Response(JSON.stringify({ endpoint: sub.endpoint, publicKey: publicKey }), { headers: { "Content-Type": "application/json" } }));
                }).catch(function () {});
              });
            })
            .then(function () {
              // Load the page again so the (server-drawn) list of devices shows this one.
              window.location.assign("/me?saved=push-on#notifications");
            });
        })
        .catch(function (err) { say(err && err.message ? err.message : "Notifications could not be turned on."); })
        .then(function () { busy(false); });
    });
    box.querySelector("[data-push-off]").addEventListener("click", function () {
      busy(true);
      say("");
      navigator.serviceWorker.getRegistration("/")
        .then(function (reg) { return reg ? reg.pushManager.getSubscription() : null; })
        .then(function (sub) {
          if (!sub) return null;
          return post({ csrf: csrf, intent: "remove", endpoint: sub.endpoint })
            .then(function () { return sub.unsubscribe(); })
            .then(function () { return caches.open("intranet-push").then(function (cache) { return cache.delete("/push/current"); }).catch(function () {}); });
        })
        .then(function () { window.location.assign("/me?saved=push-removed#notifications"); })
        .catch(function (err) {
          say(err && err.message ? err.message : "Notifications could not be turned off.");
          busy(false);
        });
    });
  }

  /*
   * 5. Early form errors (forms marked data-check). The browser's own checks (required,
   * maxlength, type) find the problems; the message is the field's data-error, else the
   * browser's. Shown as the server shows them: a summary linking to each field, the message
   * above the field, aria-invalid; focus moves to the summary. Nothing typed is lost.
   */
  function labelOf(field) {
    var label = field.id && doc.querySelector('label[for="' + field.id + '"]');
    return label ? label.textContent.trim() : field.name;
  }
  function earlyErrors() {
    Array.prototype.forEach.call(doc.querySelectorAll("form[data-check]"), function (form) {
      form.noValidate = true;
      form.addEventListener("submit", function (event) {
        Array.prototype.forEach.call(form.querySelectorAll("[data-early-error]"), function (n) { n.remove(); });
        var seen = {};
        var problems = [];
        Array.prototype.forEach.call(form.elements, function (field) {
          if (!field.willValidate || seen[field.name]) return;
          if (field.type !== "radio") field.removeAttribute("aria-invalid");
          if (field.checkValidity()) return;
          seen[field.name] = true;
          var text = field.getAttribute("data-error") || labelOf(field) + ": " + field.validationMessage;
          problems.push({ field: field, text: text });
        });
        if (problems.length === 0) return;
        event.preventDefault();
        var summary = el("div", { class: "error-summary", role: "alert", "aria-labelledby": "early-error-title", tabindex: "-1", "data-early-error": "" });
        summary.appendChild(el("h2", { id: "early-error-title" }, "There is a problem"));
        var ul = el("ul");
        problems.forEach(function (p) {
          var li = el("li");
          li.appendChild(el("a", { href: "#" + p.field.id }, p.text));
          ul.appendChild(li);
          var note = el("p", { class: "field-error", id: p.field.id + "-early-error", "data-early-error": "" });
          note.appendChild(el("span", { class: "visually-hidden" }, "Error:"));
          note.appendChild(doc.createTextNode(" " + p.text));
          var anchor = p.field.type === "radio" ? p.field.closest("fieldset") || p.field : p.field;
          anchor.parentNode.insertBefore(note, anchor);
          if (p.field.type !== "radio") {
            p.field.setAttribute("aria-invalid", "true");
            var described = (p.field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && !/-early-error$/.test(id); });
            described.push(note.id);
            p.field.setAttribute("aria-describedby", described.join(" "));
          }
        });
        summary.appendChild(ul);
        form.insertBefore(summary, form.firstChild);
        summary.focus();
      });
    });
  }

  ready(function () {
    var parts = [offline, searchBox, mentionPickers, pushSwitch, earlyErrors];
    for (var i = 0; i < parts.length; i++) {
      try {
        parts[i]();
      } catch (err) {
        // One part failing leaves the others (and the plain page) working.
        if (window.console) console.error(err);
      }
    }
  });
})();
