// Ledgerbridge dashboard: the small script that makes statuses follow the engine without a reload.
// Every page works without it. It polls while the tab is visible and stops when it is hidden.
(function () {
  'use strict';
  var INTERVAL = 1500;

  function visible() { return document.visibilityState !== 'hidden'; }

  function every(fn) {
    var timer = null;
    function tick() {
      timer = null;
      if (!visible()) { return; }
      Promise.resolve(fn()).catch(function () {}).then(function () { timer = setTimeout(tick, INTERVAL); });
    }
    document.addEventListener('visibilitychange', function () { if (visible() && timer === null) { tick(); } });
    timer = setTimeout(tick, INTERVAL);
  }

  function announce(text) {
    var region = document.getElementById('live-announce');
    if (region) { region.textContent = text; }
  }

  // A record's page: replace its live parts (status, error, attempts) when the server says they changed.
  function followRecord(root) {
    every(function () {
      return fetch(root.getAttribute('data-live-src'), { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
        .then(function (r) {
          if (r.status === 401) { window.location.reload(); return; }
          if (!r.ok) { return; }
          var version = r.headers.get('X-Live-Version');
          if (!version || version === root.getAttribute('data-live-version')) { return; }
          return r.text().then(function (html) {
            var doc = new DOMParser().parseFromString(html, 'text/html');
            doc.querySelectorAll('[data-live-part][id]').forEach(function (part) {
              var old = document.getElementById(part.id);
              if (old) { old.replaceWith(document.importNode(part, true)); }
            });
            root.setAttribute('data-live-version', version);
            var status = document.querySelector('#live-summary [data-field="status"] .badge');
            if (status) { announce('Status is now ' + status.textContent + '.'); }
          });
        });
    });
  }

  // A list: update each row's badge, problem, retries and time.
  function followList(table) {
    var src = table.getAttribute('data-status-src');
    every(function () {
      var rows = table.querySelectorAll('tr[data-event-id]');
      if (rows.length === 0) { return; }
      var ids = Array.prototype.map.call(rows, function (r) { return r.getAttribute('data-event-id'); });
      return fetch(src + '?ids=' + ids.join(','), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (list) {
          var changed = 0;
          list.forEach(function (s) {
            var row = table.querySelector('tr[data-event-id="' + s.id + '"]');
            if (!row) { return; }
            var badge = row.querySelector('.badge');
            if (badge && badge.getAttribute('data-status') !== s.status) {
              badge.className = 'badge status-' + s.status.toLowerCase();
              badge.setAttribute('data-status', s.status);
              badge.textContent = s.label;
              changed++;
            }
            var title = row.querySelector('[data-field="problem"] .problem-title');
            var detail = row.querySelector('[data-field="problem"] .problem-detail');
            if (title) { title.textContent = s.problemTitle; }
            if (detail) { detail.textContent = s.problemDetail; }
            var retries = row.querySelector('[data-field="retries"]');
            if (retries) { retries.textContent = String(s.retryCount); }
            var updated = row.querySelector('[data-field="updated"]');
            if (updated && updated.innerHTML !== s.updated) { updated.innerHTML = s.updated; }
          });
          if (changed > 0) { announce(changed + (changed === 1 ? ' status changed.' : ' statuses changed.')); }
        });
    });
  }

  // An import's page: copy its figures from /imports/{id}.json every second; reload once its status changes (the
  // buttons, and the report once it is finished), and stop there.
  function followImport(root) {
    var fmt = function (n) { return Number(n).toLocaleString('en-US'); };
    var timer = null;
    function set(field, text) {
      var el = root.querySelector('[data-field="' + field + '"]');
      if (el) { el.textContent = text; }
    }
    function tick() {
      timer = null;
      if (!visible()) { return; }
      fetch(root.getAttribute('data-import-src'), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .then(function (r) {
          if (r.status === 401) { window.location.reload(); return null; }
          return r.ok ? r.json() : null;
        })
        .then(function (f) {
          if (f && f.status !== root.getAttribute('data-status')) { window.location.reload(); return; }
          if (f) {
            var bar = document.getElementById('import-progress');
            if (bar) { bar.max = f.max; bar.value = f.done; bar.textContent = fmt(f.done) + ' of ' + fmt(f.max); }
            ['done', 'max', 'synced', 'skipped', 'failed', 'waiting'].forEach(function (k) { set(k, fmt(f[k])); });
            set('rate', f.rate);
            set('end', f.end);
            set('status-reason', f.statusReason);
            var held = document.getElementById('import-held');
            if (held) { held.hidden = !f.heldUntil; set('held-until', f.heldUntil || ''); }
          }
          if (!f || !f.finished) { timer = setTimeout(tick, 1000); }
        })
        .catch(function () { timer = setTimeout(tick, 1000); });
    }
    document.addEventListener('visibilitychange', function () { if (visible() && timer === null) { tick(); } });
    timer = setTimeout(tick, 1000);
  }

  function confirmForms() {
    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
      form.addEventListener('submit', function (e) {
        if (!window.confirm(form.getAttribute('data-confirm'))) { e.preventDefault(); }
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var record = document.querySelector('[data-live-src]');
    if (record) { followRecord(record); }
    var table = document.querySelector('table[data-status-src]');
    if (table) {
      if (!document.getElementById('live-announce')) {
        var p = document.createElement('p');
        p.id = 'live-announce'; p.className = 'sr-only'; p.setAttribute('aria-live', 'polite');
        table.parentNode.insertBefore(p, table);
      }
      followList(table);
    }
    var imp = document.querySelector('[data-import-src]');
    if (imp && imp.getAttribute('data-finished') !== 'true') { followImport(imp); }
    confirmForms();
  });
})();
