// Keeps the server-rendered status page current: status changes pushed through /api/v1/events, plus a
// re-read of /api/v1/status every few seconds as the fallback, applied in place. Labels and number formats match the server's (PageViews.java).
(function () {
  'use strict';

  var LABELS = { up: 'Operational', degraded: 'Degraded', down: 'Down', maintenance: 'Maintenance', unknown: 'No data yet' };

  function millis(value) {
    if (value === null || value === undefined) { return '\u2014'; }
    return value < 10 ? value.toFixed(1) + ' ms' : Math.floor(value) + ' ms';
  }

  function percent(value) {
    if (value === null || value === undefined) { return '\u2014'; }
    if (value >= 100) { return '100%'; }
    return (Math.floor(value * 100 + 1e-9) / 100).toFixed(2) + '%';
  }

  function setText(element, text) {
    if (element && element.textContent !== text) { element.textContent = text; }
  }

  function header(data) {
    var banner = document.getElementById('banner');
    banner.className = banner.className.replace(/banner-[a-z-]+/, 'banner-' + data.headline);
    setText(document.getElementById('summary'), data.summary);
    var updated = document.getElementById('updated-at');
    if (data.updatedAt && updated) {
      updated.setAttribute('datetime', data.updatedAt);
      setText(updated, data.updatedAt.substring(0, 10) + ' ' + data.updatedAt.substring(11, 19) + ' UTC');
    }
  }

  // The newest cell of a service's 90-day bar from the summary's "today": the same colour and text as the
  // server's (PageViews.bar), so it changes in place when a service goes down. Only the class and labels change,
  // never the cell's size, so nothing moves.
  var MARKS = { ok: '', none: 'n', minor: 'm', major: 'j', bad: 'b' };
  function level(uptime) {
    if (uptime === null) { return 'none'; }
    return uptime >= 99.9 ? 'ok' : uptime >= 99 ? 'minor' : uptime >= 95 ? 'major' : 'bad';
  }
  function applyToday(row, today) {
    var bar = row.querySelector('.bar');
    if (!bar || !today || !bar.lastElementChild) { return; }
    var last = bar.lastElementChild;
    var shown = (last.getAttribute('aria-label') || '').substring(0, 10);
    if (shown.length === 10 && shown < today.date) {
      // A new UTC day began while the page was open: the bar moves one day to the left.
      var next = document.createElement('i');
      next.setAttribute('tabindex', last.getAttribute('tabindex') || '0');
      next.setAttribute('role', 'img');
      last.setAttribute('tabindex', '-1');
      last.setAttribute('data-t', last.getAttribute('aria-label').substring(12));
      bar.removeChild(bar.firstElementChild);
      bar.appendChild(next);
      last = next;
    }
    var decisive = today.successes + today.failures;
    var uptime = decisive === 0 ? null : 100 * today.successes / decisive;
    var text = uptime === null ? 'no data' : percent(uptime) + ' uptime, ' + today.downMinutes + ' min down';
    if (today.incidents.length > 0) {
      text += (today.incidents.length === 1 ? '. Incident: ' : '. Incidents: ') + today.incidents.join('; ');
    }
    var mark = MARKS[level(uptime)];
    if (mark) { last.setAttribute('class', mark); } else { last.removeAttribute('class'); }
    var label = today.date + ': ' + text;
    if (last.getAttribute('aria-label') !== label) {
      last.setAttribute('aria-label', label);
      if (tooltip && !tooltip.hidden && tipCell === last) { showTip(last); }
    }
  }

  function applyService(service) {
    var row = document.querySelector('[data-service-id="' + CSS.escape(service.id) + '"]');
    if (!row) { return; }
    row.setAttribute('data-status', service.status);
    setText(row.querySelector('.status-label'), LABELS[service.status] || service.status);
    setText(row.querySelector('.response-time'), millis(service.responseTimeMs));
    var reason = row.querySelector('.reason');
    var why = service.status === 'up' ? '' : (service.reason || '');
    setText(reason, why);
    if (reason) { reason.title = why; }
    Object.keys(service.uptime || {}).forEach(function (window) {
      var cell = row.querySelector('.uptime[data-window="' + window + '"] strong');
      setText(cell, percent(service.uptime[window]));
    });
    applyToday(row, service.today);
  }

  function apply(data) {
    header(data);
    data.services.forEach(applyService);
  }

  var seconds = parseInt(document.body.getAttribute('data-refresh-seconds'), 10) || 30;
  var delay = seconds * 1000;

  function poll() {
    fetch('/api/v1/status', { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) { throw new Error('status ' + response.status); }
        return response.json();
      })
      .then(function (data) { apply(data); delay = seconds * 1000; })
      .catch(function () { delay = Math.min(delay * 2, 300000); })
      .then(function () { window.setTimeout(poll, delay); });
  }

  // Theme: follow the system unless the visitor chose; remember the choice.
  var media = window.matchMedia('(prefers-color-scheme: dark)');
  function theme() { return localStorage.getItem('upwatch-theme') || (media.matches ? 'dark' : 'light'); }
  function applyTheme() { document.documentElement.setAttribute('data-bs-theme', theme()); }
  applyTheme();
  media.addEventListener('change', applyTheme);
  var toggle = document.getElementById('theme-toggle');
  toggle.hidden = false;
  toggle.addEventListener('click', function () {
    localStorage.setItem('upwatch-theme', theme() === 'dark' ? 'light' : 'dark');
    applyTheme();
  });

  // The 90-day bars: one tab stop per bar, arrow keys move between days, and the day's text shows in a
  // tooltip on focus or hover, so it is readable without a mouse. The focused day also carries the text as its
  // accessible name. The server renders a day's text only when there is news (data-t); the date comes from the
  // cell's position, counted back from today's cell, whose label starts with today's date.
  var tooltip = document.getElementById('bar-tooltip');
  var tipCell = null;
  function dayText(cell) {
    var cells = cell.parentNode.children;
    var last = cells[cells.length - 1];
    if (cell === last) { return last.getAttribute('aria-label'); }
    var index = Array.prototype.indexOf.call(cells, cell);
    var day = new Date(last.getAttribute('aria-label').substring(0, 10) + 'T00:00:00Z');
    day.setUTCDate(day.getUTCDate() - (cells.length - 1 - index));
    var text = cell.getAttribute('data-t') || (cell.className === 'n' ? 'no data' : '100% uptime, 0 min down');
    return day.toISOString().substring(0, 10) + ': ' + text;
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
    if (dayCell(event.target) && !dayCell(document.activeElement)) { hideTip(); }
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
    var url = '/services/' + encodeURIComponent(row.getAttribute('data-service-id')) + '/chart?window=' + encodeURIComponent(span);
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

  // Live: the server pushes every status change; polling above stays as the fallback.
  if (window.EventSource && document.getElementById('banner')) {
    var source = new EventSource('/api/v1/events');
    source.addEventListener('status', function (event) {
      apply(JSON.parse(event.data));
      document.body.setAttribute('data-live', 'connected');
    });
    source.addEventListener('error', function () { document.body.setAttribute('data-live', 'reconnecting'); });
    source.addEventListener('change', function (event) {
      var data = JSON.parse(event.data);
      header(data);
      applyService(data.service);
    });
  }

  if (document.getElementById('banner')) { window.setTimeout(poll, delay); }
}());
