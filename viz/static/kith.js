/* Kith web view: the bearer token lives in sessionStorage (never a cookie), every call
   goes to the Kith API with it, a 401 sends the user to the sign-in page. */
var Kith = (function () {
  "use strict";
  var KEY = "kith.token";
  var content = function () { return document.getElementById("content"); };

  function token() { return sessionStorage.getItem(KEY); }
  function claims() {
    var t = token(); if (!t) { return null; }
    try { return JSON.parse(atob(t.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))); } catch (e) { return null; }
  }
  function toLogin() { location.href = "/ui/login?next=" + encodeURIComponent(location.pathname + location.search); }

  function api(path, opts) {
    opts = opts || {};
    var headers = Object.assign({"Authorization": "Bearer " + token()}, opts.headers || {});
    return fetch(path, Object.assign({}, opts, {headers: headers})).then(function (r) {
      if (r.status === 401) { toLogin(); throw new Error("not signed in"); }
      if (!r.ok) {
        return r.json().catch(function () { return {}; }).then(function (p) {
          throw new Error((p.title || r.status) + (p.detail ? ": " + p.detail : ""));
        });
      }
      return opts.raw ? r : r.json();
    });
  }

  function download(path, filename) {
    return api(path, {raw: true}).then(function (r) { return r.blob(); }).then(function (blob) {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob); a.download = filename;
      document.body.appendChild(a); a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    });
  }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { e.textContent = attrs[k]; } else if (k === "on") {
        Object.keys(attrs.on).forEach(function (ev) { e.addEventListener(ev, attrs.on[ev]); });
      } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function link(href, text) { return el("a", {href: href, text: text}); }
  function fmt(v) {
    if (v === null || v === undefined) { return ""; }
    if (typeof v === "number") { return v.toLocaleString("en-US", {maximumFractionDigits: 2}); }
    if (Array.isArray(v)) { return v.map(fmt).join(", "); }
    if (typeof v === "object") { return v.name || v.id || JSON.stringify(v); }
    return String(v);
  }
  function table(rows, columns, cells) {
    if (!rows.length) { return el("p", {"class": "muted", text: "None."}); }
    columns = columns || Object.keys(rows[0]);
    var head = el("tr", {}, columns.map(function (c) { return el("th", {text: c}); }));
    var body = rows.map(function (row) {
      return el("tr", {}, columns.map(function (c) {
        var custom = cells && cells[c] ? cells[c](row) : null;
        if (custom) { return el("td", {}, [custom]); }
        return el("td", {"class": typeof row[c] === "number" ? "num" : "", text: fmt(row[c])});
      }));
    });
    return el("table", {}, [el("thead", {}, [head]), el("tbody", {}, body)]);
  }
  function section(title, children) { return el("section", {}, [el("h2", {text: title})].concat(children)); }
  function fail(e) { content().appendChild(el("p", {"class": "error", text: String(e.message || e)})); }
  function partyLink(r) { return link("/ui/party/" + encodeURIComponent(r.id), r.name || r.id); }
  function groupLink(r) { return link("/ui/group/" + encodeURIComponent(r.id), r.name || r.id); }

  var pages = {};

  pages.login = function () {
    var next = new URLSearchParams(location.search).get("next") || "/ui/search";
    var user = el("input", {name: "user", placeholder: "user", value: "demo.user"});
    var role = el("select", {name: "role"}, ["rm", "risk", "marketing", "admin"].map(function (r) {
      return el("option", {value: r, text: r}); }));
    var rm = el("input", {name: "rm_id", placeholder: "RM id (rm role)"});
    var pasted = el("input", {name: "token", placeholder: "paste a token from `kith token`", size: "60"});
    function keep(t) { sessionStorage.setItem(KEY, t); location.href = next; }
    var demo = el("form", {"class": "inline", id: "demo-login", on: {submit: function (ev) {
      ev.preventDefault();
      fetch("/auth/demo-token", {method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({user: user.value, role: role.value, rm_id: rm.value || null})})
        .then(function (r) { return r.json().then(function (b) { if (!r.ok) { throw new Error(b.detail || r.status); } return b; }); })
        .then(function (b) { keep(b.token); }).catch(fail);
    }}}, [user, role, rm, el("button", {type: "submit", text: "Sign in (demo mode)"})]);
    var paste = el("form", {"class": "inline", id: "token-login", on: {submit: function (ev) {
      ev.preventDefault(); keep(pasted.value.trim()); }}}, [pasted, el("button", {type: "submit", text: "Use token"})]);
    content().append(section("Demo mode", [demo]), section("Token", [paste]));
  };

  pages.search = function (args) {
    var q = el("input", {name: "q", id: "q", placeholder: "name (Nguyen finds Nguyễn)", value: args.q || "", size: "40"});
    var results = el("div", {id: "results"});
    function run() {
      history.replaceState(null, "", "/ui/search?q=" + encodeURIComponent(q.value));
      api("/parties?q=" + encodeURIComponent(q.value) + "&limit=50").then(function (r) {
        results.innerHTML = "";
        results.appendChild(table(r.hits, ["name", "type", "status", "country", "id"], {name: partyLink}));
      }).catch(fail);
    }
    content().append(el("form", {"class": "inline", id: "search", on: {submit: function (ev) { ev.preventDefault(); run(); }}},
      [q, el("button", {type: "submit", text: "Search"})]), results);
    if (args.q) { run(); }
  };

  function expander(node, net) {
    var id = node.kind === "more" ? node.parent : node.id;
    if (node.kind !== "more" && net.expanded[id]) {
      if (node.kind === "Person" || node.kind === "Company") { location.href = "/ui/party/" + encodeURIComponent(id); }
      return null;
    }
    if (node.kind !== "more" && node.kind !== "Person" && node.kind !== "Company") { return null; }  // RMs, referrers
    var cap = node.kind === "more" ? 500 : 20;  // "+N more" loads the rest (up to the API cap)
    return api("/parties/" + encodeURIComponent(id) + "/network?depth=1&cap=" + cap).then(function (sub) {
      net.merge(sub, id);
    }).catch(fail);
  }

  pages.party = function (args) {
    var id = encodeURIComponent(args.id);
    api("/parties/" + id).then(function (p) {
      document.querySelector("h1").textContent = p.name;
      var profile = Object.keys(p.profile).map(function (k) { return {field: k, value: p.profile[k]}; });
      content().append(
        el("p", {}, [el("span", {"class": "pill", text: p.type})].concat(p.roles.map(function (r) { return el("span", {"class": "pill", text: r}); }))),
        el("p", {}, [link("/ui/paths/" + id, "Introduction paths")]),
        section("Groups", [table(p.groups, ["name", "id"], {name: groupLink})]),
        section("Relationship managers", [table(p.rms, ["name", "id"])]),
        section("Network", [el("p", {"class": "muted", text: "Click a node to expand it; click again to open it; +N more loads the rest."}),
          el("div", {id: "legend"}), el("div", {id: "network", "class": "network"}),
          el("button", {id: "export-html", text: "Export network (HTML)", on: {click: function () {
            download("/parties/" + id + "/view.html", "kith-network-" + args.id + ".html").catch(fail); }}})]),
        section("Profile", [table(profile, ["field", "value"])]),
        section("Facilities", [table(p.facilities)]),
        section("Referral history", [table(p.referrals.map(function (r) { return Object.assign({}, r, {referrer: r.referrer.name}); }))]));
      return api("/parties/" + id + "/network?depth=2");
    }).then(function (data) {
      KithNetwork.draw(document.getElementById("network"), document.getElementById("legend"), data, expander);
    }).catch(fail);
  };

  function exposureRows(x) {
    var rows = [];
    (x.members || []).forEach(function (m) {
      var facilities = m.facilities || [];
      if (!facilities.length) { rows.push({party: m.party_id, rule: m.rule}); }
      facilities.forEach(function (f) {
        var row = {party: m.party_id, rule: m.rule, facility: f.facility_id, type: f.facility_type, currency: f.currency,
                   limit: f.limit_amount, drawn: f.drawn_amount, exposure: f.exposure};
        row["in " + x.currency] = f.exposure_reporting;
        rows.push(row);
      });
    });
    return rows;
  }

  pages.group = function (args) {
    var id = encodeURIComponent(args.id);
    api("/groups/" + id).then(function (g) {
      document.querySelector("h1").textContent = g.name || args.id;
      content().append(section("Members and why", [table(g.members || [], null, {name: partyLink})]));
      return api("/groups/" + id + "/exposure").then(function (x) {
        content().append(section("Exposure", [
          el("button", {id: "export-xlsx", text: "Export to Excel", on: {click: function () {
            download("/groups/" + id + "/exposure.xlsx", "kith-group-" + args.id + ".xlsx").catch(fail); }}}),
          el("button", {id: "export-csv", text: "Export to CSV", on: {click: function () {
            download("/groups/" + id + "/exposure.csv", "kith-group-" + args.id + ".csv").catch(fail); }}}),
          table([{total: x.total_exposure, currency: x.currency, "% of capital": x.pct_of_capital,
                  "limit %": x.limit_pct, large: x.large, breach: x.breach, headroom: x.headroom}]),
          table(exposureRows(x), ["party", "rule", "facility", "type", "currency", "limit", "drawn", "exposure", "in " + x.currency])]));
      }, function (e) {
        content().append(section("Exposure", [el("p", {"class": "muted", id: "no-exposure", text: String(e.message || e)})]));
      });
    }).catch(fail);
  };

  pages.path = function (args) {
    api("/parties/" + encodeURIComponent(args.id) + "/intro-paths?limit=10").then(function (found) {
      if (!found.length) { content().append(el("p", {"class": "muted", text: "No warm path found."})); return; }
      found.forEach(function (p, i) {
        var ask = p.ask ? "Ask " + p.ask.name : (p.referrer ? "Via referrer " + p.referrer.name : "");
        content().append(el("section", {id: "path-" + (i + 1)}, [
          el("h2", {}, [link("#path-" + (i + 1), "Path " + (i + 1)), " (score " + fmt(p.score) + ")"]),
          el("p", {text: p.sentence}), el("p", {"class": "muted", text: ask}),
          table(p.steps.map(function (s) { return {from: s.source.name, link: s.text, to: s.target.name, strength: s.strength}; }))]));
      });
      if (location.hash) { var t = document.querySelector(location.hash); if (t) { t.scrollIntoView(); } }
    }).catch(fail);
  };

  pages.leads = function () {
    api("/leads?limit=200").then(function (found) {
      content().append(el("button", {id: "export-leads", text: "Export list to Excel", on: {click: function () {
        download("/leads/export.xlsx", "kith-leads.xlsx").catch(fail); }}}));
      content().append(table(found.map(function (l) {
        return {company: l.company, industry: l.industry, region: l.region, value: l.value, score: l.score,
                why: l.paths.length ? l.paths[0].text : "", paths: l.company};
      }), ["company", "industry", "region", "value", "score", "why", "paths"], {
        company: function (r) { return partyLink(r.company); },
        paths: function (r) { return link("/ui/paths/" + encodeURIComponent(r.company.id), "intro paths"); }}));
    }).catch(fail);
  };

  pages.workbench = function () {
    var c = claims() || {};
    function close(t) {
      var outcome = prompt("Outcome for " + t.title); if (!outcome) { return; }
      api("/tasks/" + encodeURIComponent(t.id) + "/close", {method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({outcome: outcome})}).then(function () { location.reload(); }).catch(fail);
    }
    api("/tasks").then(function (tasks) {
      content().append(section("Open tasks", [table(tasks, ["title", "reason", "subject_id", "created_at", "close"], {
        subject_id: function (t) { return link("/ui/party/" + encodeURIComponent(t.subject_id), t.subject_id); },
        close: function (t) { return el("button", {text: "Close", on: {click: function () { close(t); }}}); }})]));
      if (!c.rm) { return null; }
      return api("/rms/" + encodeURIComponent(c.rm) + "/portfolio").then(function (p) {
        content().append(section("My customers", [table(p.customers, ["name", "type", "roles"], {name: partyLink})]),
          section("Connections", [table(p.connections.map(function (x) {
            return {customer: x.customer.name, other: x.other.name, other_rm: x.other_rm, via: x.via, strength: x.strength};
          }))]));
      });
    }).catch(fail);
  };

  function start(page, args) {
    var c = claims();
    if (page !== "login" && (!c || c.exp * 1000 < Date.now())) { toLogin(); return; }
    if (c) { document.getElementById("who").textContent = c.sub + " (" + c.role + ")"; }
    document.getElementById("logout").addEventListener("click", function (ev) {
      ev.preventDefault(); sessionStorage.removeItem(KEY); location.href = "/ui/login"; });
    pages[page](args);
  }

  return {start: start, api: api, download: download};
})();
