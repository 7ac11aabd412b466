// The page's behaviour. It renders nothing itself: the server renders every page and, while the page is open, sends
// the fragments of it that changed (server-rendered markup, the same a fresh load gets) through /live as
// Server-Sent Events; this script puts them in place. Polling /live is the fallback while no event stream is open.
(function () {
  'use strict';

  // The page's language and the path of its status page's root (/, /p/<slug>/ or /s/<secret>/): the script's own
  // requests go under that root, in that language.
  var lang = document.documentElement.lang || 'en';
  var base = new URL(document.body.getAttribute('data-root') || './', location.href).pathname;
  function formatter(options) {
    try { return new Intl.DateTimeFormat(lang, options); } catch (e) { return new Intl.DateTimeFormat('en', options); }
  }

  // Times: the server writes UTC (it cannot know the visitor's zone); here each <time> shows the visitor's local time
  // in the page's language, and keeps the UTC text as its title, shown on hover. Only the text of <time> elements
  // changes: nothing else is rendered here.
  var minuteFormat = formatter({ year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit',
    timeZoneName: 'short' });
  var secondFormat = formatter({ year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit',
    second: '2-digit', timeZoneName: 'short' });
  function localise(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll('time[datetime]'), function (element) {
      var at = new Date(element.getAttribute('datetime'));
      if (element.hasAttribute('data-local') || isNaN(at.getTime())) { return; }
      element.setAttribute('title', element.textContent);
      element.textContent = (element.hasAttribute('data-seconds') ? secondFormat : minuteFormat).format(at);
      element.setAttribute('data-local', '');
    });
  }
  localise(document);

  // Theme: follow the system unless the visitor chose; remember the choice.
  var media = window.matchMedia('(prefers-color-scheme: dark)');
  function theme() { return localStorage.getItem('upwatch-theme') || (media.matches ? 'dark' : 'light'); }
  function applyTheme() { document.documentElement.setAttribute('data-bs-theme', theme()); }
  applyTheme();
  media.addEventListener('change', applyTheme);
  var toggle = document.getElementById('theme-toggle');
  if (toggle) { // every page has one but the console's sign-in
    toggle.hidden = false;
    toggle.addEventListener('click', function () {
      localStorage.setItem('upwatch-theme', theme() === 'dark' ? 'light' : 'dark');
      applyTheme();
    });
  }

  // The 90-day bars: one tab stop per bar, arrow keys move between days, and the day's text shows in a
  // tooltip on focus or hover, so it is readable without a mouse. The focused day also carries the text as its
  // accessible name. The server renders a day's text only when there is news (data-t), and once on the page the texts
  // of a perfect day and of a day without data; the date (a UTC day) comes from the cell's position, counted back from
  // today's cell (data-d).
  var tooltip = document.getElementById('bar-tooltip');
  var tipCell = null;
  var dayFormat = formatter({ year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  function dayText(cell) {
    var cells = cell.parentNode.children;
    var last = cells[cells.length - 1];
    if (cell === last) { return last.getAttribute('aria-label'); }
    var index = Array.prototype.indexOf.call(cells, cell);
    var day = new Date(last.getAttribute('data-d') + 'T00:00:00Z');
    day.setUTCDate(day.getUTCDate() - (cells.length - 1 - index));
    var body = document.body;
    var text = cell.getAttribute('data-t') || body.getAttribute(cell.className === 'n' ? 'data-day-none' : 'data-day-ok');
    return (body.getAttribute('data-dated') || '{0}: {1}').replace('{0}', dayFormat.format(day)).replace('{1}', text);
  }
  function showTip(cell) {
    if (!tooltip) { return; }
    tipCell = cell;
    tooltip.textContent = dayText(cell);
    tooltip.hidden = false;
    var box = cell.getBoundingClientRect();
    var width = tooltip.offsetWidth;
    var left = Math.max(4, Math.min(box.left + box.width / 2 - width / 2, document.documentElement.clientWidth - width - 4));
    tooltip.style.transform = 'translate(' + (left + window.scrollX) + 'px, ' + (box.bottom + window.scrollY + 6) + 'px)';
  }
  function hideTip() { if (tooltip) { tooltip.hidden = true; } }
  function dayCell(target) { return target && target.closest ? target.closest('.bar > i') : null; }
  document.addEventListener('focusin', function (event) { var cell = dayCell(event.target); if (cell) { showTip(cell); } });
  document.addEventListener('focusout', function (event) { if (dayCell(event.target)) { hideTip(); } });
  document.addEventListener('mouseover', function (event) { var cell = dayCell(event.target); if (cell) { showTip(cell); } });
  document.addEventListener('mouseout', function (event) {
    if (!dayCell(event.target) || dayCell(document.activeElement)) { return; }
    // When a live update replaces the row under the pointer, the pointer has not left: the new cell keeps the tooltip.
    var under = dayCell(document.elementFromPoint(event.clientX, event.clientY));
    if (under) { showTip(under); } else { hideTip(); }
  });
  document.addEventListener('keydown', function (event) {
    var cell = dayCell(event.target);
    if (!cell) { return; }
    if (event.key === 'Escape') { hideTip(); return; }
    var cells = cell.parentNode.children;
    var index = Array.prototype.indexOf.call(cells, cell);
    var next = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: cells.length - 1 }[event.key];
    if (next === undefined || next < 0 || next >= cells.length) { return; }
    event.preventDefault();
    var target = cells[next];
    cell.setAttribute('tabindex', '-1');
    target.setAttribute('tabindex', '0');
    target.setAttribute('role', 'img');
    target.setAttribute('aria-label', dayText(target));
    target.focus();
  });

  // Response-time charts on the home page: fetched as server-rendered fragments when a visitor opens a
  // service's details, so the page itself stays small; the window buttons fetch another window.
  function loadChart(details, span) {
    var row = details.closest('[data-service-id]');
    var url = base + 'services/' + encodeURIComponent(row.getAttribute('data-service-id')) + '/chart?window='
      + encodeURIComponent(span) + '&lang=' + encodeURIComponent(lang);
    details.setAttribute('aria-busy', 'true');
    fetch(url, { headers: { Accept: 'text/html' } })
      .then(function (response) {
        if (!response.ok) { throw new Error('status ' + response.status); }
        return response.text();
      })
      .then(function (html) {
        var old = details.querySelector('.rt-chart, a');
        var hadFocus = old && old.contains(document.activeElement);
        var holder = document.createElement('div');
        holder.innerHTML = html;
        var chart = holder.querySelector('.rt-chart');
        if (old) { details.replaceChild(chart, old); } else { details.appendChild(chart); }
        localise(chart);
        details.setAttribute('data-loaded', span);
        if (hadFocus) { chart.querySelector('button.active').focus(); }
      })
      .catch(function () { details.removeAttribute('data-loaded'); })
      .then(function () { details.removeAttribute('aria-busy'); });
  }
  document.addEventListener('toggle', function (event) {
    var details = event.target;
    if (details.matches && details.matches('details.rt') && details.open && !details.hasAttribute('data-loaded')) {
      loadChart(details, '24h');
    }
  }, true);
  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('.rt-chart button[data-window]') : null;
    if (button) { loadChart(button.closest('details.rt'), button.getAttribute('data-window')); }
  });

  // Compact layout: one line per service. The server opens large pages compact; the visitor's choice is remembered.
  var services = document.getElementById('services');
  var layoutToggle = document.getElementById('layout-toggle');
  if (services && layoutToggle) {
    var setLayout = function (compact) {
      services.classList.toggle('compact', compact);
      layoutToggle.setAttribute('aria-pressed', String(compact));
    };
    var chosen = localStorage.getItem('upwatch-layout');
    if (chosen) { setLayout(chosen === 'compact'); }
    layoutToggle.hidden = false;
    layoutToggle.addEventListener('click', function () {
      var compact = !services.classList.contains('compact');
      localStorage.setItem('upwatch-layout', compact ? 'compact' : 'full');
      setLayout(compact);
    });
  }

  // Live: the page holds a version of the server's snapshot (#live-version) and is sent the fragments changed since.
  var marker = document.getElementById('live-version');
  if (!marker) { return; }
  var version = marker.getAttribute('data-version');
  var page = '/' + location.pathname.substring(base.length) + location.search;
  function liveUrl(extra) {
    return base + 'live?page=' + encodeURIComponent(page) + '&lang=' + encodeURIComponent(lang) + '&since='
      + encodeURIComponent(version) + extra;
  }
  // Where an element sits in a fragment, so that its counterpart in the new markup can be found: a day by its place
  // in the bar (the row's other parts may change shape, e.g. the sparkline appears), anything else by its tag and
  // class among the fragment's elements.
  function place(root, element) {
    if (!element || !root.contains(element)) { return null; }
    if (dayCell(element)) { return { day: Array.prototype.indexOf.call(element.parentNode.children, element) }; }
    var same = root.querySelectorAll(element.tagName);
    return { tag: element.tagName, index: Array.prototype.indexOf.call(same, element) };
  }
  function find(root, where) {
    if (!where) { return null; }
    if (where.day !== undefined) {
      var bar = root.querySelector('.bar');
      return bar ? bar.children[where.day] || null : null;
    }
    return root.querySelectorAll(where.tag)[where.index] || null;
  }
  // Replaces one fragment; what the visitor is doing in it carries over: focus, an open chart, the open tooltip.
  function replace(id, html) {
    var old = document.getElementById(id);
    if (!old) { return false; }
    var holder = document.createElement('template');
    holder.innerHTML = html;
    var next = holder.content.firstElementChild;
    if (!next || next.id !== id) { return false; }
    var focused = place(old, document.activeElement);
    var tipped = tooltip && !tooltip.hidden ? place(old, tipCell) : null;
    var chart = old.querySelector('details.rt[open]');
    var fresh = chart ? next.querySelector('details.rt') : null;
    if (fresh) { fresh.replaceWith(chart); }
    old.replaceWith(next);
    localise(next);
    var target = find(next, focused);
    if (target) {
      if (dayCell(target)) {
        Array.prototype.forEach.call(target.parentNode.children, function (cell) { cell.setAttribute('tabindex', '-1'); });
        target.setAttribute('tabindex', '0');
        target.setAttribute('role', 'img');
        target.setAttribute('aria-label', dayText(target));
      }
      target.focus();
    }
    var tip = find(next, tipped);
    if (tip) { showTip(tip); }
    return true;
  }
  function apply(update, tag) {
    var whole = update.fragments.every(function (fragment) { return replace(fragment[0], fragment[1]); });
    if (!whole) { location.reload(); return; }
    if (tag) { version = tag; }
    document.body.setAttribute('data-live-version', version);
    document.body.setAttribute('data-live-at', String(update.at)); // when the server made this version (epoch ms)
  }

  var seconds = parseInt(document.body.getAttribute('data-refresh-seconds'), 10) || 30;
  var source = window.EventSource ? new EventSource(liveUrl('')) : null;
  if (source) {
    source.addEventListener('open', function () { document.body.setAttribute('data-live', 'connected'); });
    source.addEventListener('error', function () { document.body.setAttribute('data-live', 'reconnecting'); });
    source.addEventListener('fragments', function (event) { apply(JSON.parse(event.data), event.lastEventId); });
    source.addEventListener('reload', function () { source.close(); location.reload(); });
  }
  var delay = seconds * 1000;
  function poll() {
    if (source && source.readyState === 1) { window.setTimeout(poll, seconds * 1000); return; }
    fetch(liveUrl('&poll=1'), { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) { throw new Error('status ' + response.status); }
        return response.json();
      })
      .then(function (update) {
        if (update.reload) { location.reload(); return; }
        apply(update, update.version);
        delay = seconds * 1000;
      })
      .catch(function () { delay = Math.min(delay * 2, 300000); })
      .then(function () { window.setTimeout(poll, delay); });
  }
  window.setTimeout(poll, delay);
}());
