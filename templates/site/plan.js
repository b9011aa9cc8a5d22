/* The plan page in the browser: today's session first and the current week marked, from the
   visitor's own date. Without this script the page shows the plan's first day and week 1.
   Nothing here fetches anything; over http(s) it adds the web app manifest and a service
   worker that keeps the opened plan readable offline. */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function isoDay(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  var script = document.currentScript;
  var card = document.getElementById("today");
  var weeks = Array.prototype.slice.call(document.querySelectorAll("details.week[data-start]"));

  function openTarget() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  addEventListener("hashchange", openTarget);
  addEventListener("beforeprint", function () { each(document.querySelectorAll("details"), function (d) { d.open = true; }); });

  if (card && weeks.length) {
    var today = isoDay(new Date());
    var sessions = [];
    weeks.forEach(function (week) {
      var dates = (week.getAttribute("data-dates") || "").split(" ");
      each(week.querySelectorAll("article.session"), function (el, i) {
        sessions.push({date: dates[i], el: el, week: week});
      });
    });
    markCurrentWeek(today);
    if (sessions.length) showToday(today, sessions);
  }
  openTarget();
  if (/^https?:$/.test(location.protocol)) goOffline();

  function markCurrentWeek(today) {
    var current = weeks.filter(function (w) {
      return w.getAttribute("data-start") <= today && today <= w.getAttribute("data-end");
    })[0];
    if (!current) return;
    if (current !== weeks[0]) weeks[0].open = false;
    current.open = true;
    current.classList.add("current");
    var badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = "this week";
    var heading = current.querySelector("summary h3");
    heading.appendChild(document.createTextNode(" "));
    heading.appendChild(badge);
    var link = document.querySelector('.week-nav a[href="#' + current.id + '"]');
    if (link) {
      link.setAttribute("aria-current", "date");
      var strip = link.closest("ul");
      strip.scrollLeft = link.offsetLeft - strip.offsetLeft - strip.clientWidth / 2;
    }
    var row = document.querySelector('.weeks-table a[href="#' + current.id + '"]');
    if (row) row.closest("tr").classList.add("current");
  }

  function part(name) { return card.querySelector('[data-today="' + name + '"]'); }
  function dayOf(session) { return session.el.querySelector(".session-day").textContent; }
  function weekNumber(week) { return week.id.replace("week-", ""); }

  function asCard(article) {
    var copy = article.cloneNode(true);
    var title = copy.querySelector(".session-title");
    if (title && title.tagName !== "H3") {
      var h3 = document.createElement("h3");
      h3.className = title.className;
      while (title.firstChild) h3.appendChild(title.firstChild);
      title.parentNode.replaceChild(h3, title);
    }
    return copy;
  }

  function showToday(today, sessions) {
    var label = part("label"), when = part("when"), note = part("note");
    var box = part("sessions"), more = part("week");
    var upcoming = sessions.filter(function (s) { return s.date >= today; });
    var last = sessions[sessions.length - 1];
    if (!upcoming.length) {
      label.textContent = "Plan complete";
      when.textContent = "";
      note.textContent = "The last session was on " + dayOf(last) + ". Well done! Ask your coach what comes next.";
      note.hidden = false;
      box.textContent = "";
      box.hidden = true;
      more.textContent = "See the last week";
      more.href = "#" + last.week.id;
      return;
    }
    var day = upcoming[0].date;
    var chosen = upcoming.filter(function (s) { return s.date === day; });
    var first = day === sessions[0].date && today < day;
    label.textContent = day === today ? "Today" : first ? "First session" : "Next session";
    when.textContent = dayOf(chosen[0]) + ", week " + weekNumber(chosen[0].week);
    if (!first && day !== today) {
      note.textContent = "No session today: rest, or an easy walk.";
      note.hidden = false;
    }
    box.textContent = "";
    chosen.forEach(function (s) { box.appendChild(asCard(s.el)); });
    more.textContent = "All of week " + weekNumber(chosen[0].week);
    more.href = "#" + chosen[0].week.id;
  }

  function goOffline() {
    var manifest = document.createElement("link");
    manifest.rel = "manifest";
    manifest.href = "manifest.webmanifest";
    document.head.appendChild(manifest);
    if (!("serviceWorker" in navigator) || !script) return;
    var worker = new URL("../sw.js", script.src).href;
    navigator.serviceWorker.register(worker).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // What this page needs offline: itself, its stylesheet, script and chart images.
      var urls = [location.href.split("#")[0], script.src, manifest.href];
      each(document.querySelectorAll('link[rel="stylesheet"]'), function (l) { urls.push(l.href); });
      each(document.querySelectorAll("picture source, picture img"), function (el) {
        urls.push(new URL(el.getAttribute("srcset") || el.getAttribute("src"), location.href).href);
      });
      if (registration.active) registration.active.postMessage({keep: urls});
    }).catch(function () { /* no offline copy: the page works as it is */ });
  }
}());
