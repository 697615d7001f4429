// ScopeTree front end: renders the store snapshot (one synced trait, "snapshot", JSON text) as a lazily
// expanded tree and an inspector panel. Plain ES module, no dependencies, no network.
// Only expanded scopes put their children in the DOM, and a scope shows at most PAGE children
// until "show more" is clicked, so a store of 5,000+ variables renders only what is visible.

const PAGE = 200;
const AUTO_EXPAND_LIMIT = 400; // at or below this many nodes, every scope starts expanded
const AUTO_OPEN_PATHS = 100; // a cell's first N highlighted variables get their scopes opened

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function svgEl(tag, attrs) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}

export function shapeText(shape) {
  if (shape === null || shape === undefined) return "<unknown>";
  return "(" + shape.map((d) => (d === null ? "?" : d)).join(", ") + (shape.length === 1 ? ",)" : ")");
}

export function formatNumber(x) {
  if (x === null || x === undefined) return "–";
  if (typeof x === "string") return x; // "nan", "inf" travel as strings
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(3);
  return x.toFixed(4);
}

function plural(n, noun) {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function chip(cls, text, title) {
  const c = el("span", "sl-chip " + cls, text);
  if (title) c.title = title;
  return c;
}

// --- tree ------------------------------------------------------------------------------------------
function countNodes(scope) {
  let n = scope.variables.length;
  for (const s of scope.scopes) n += 1 + countNodes(s);
  return n;
}

function ancestorsOf(path) {
  const parts = path.split("/");
  const out = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join("/"));
  return out;
}

function variableRow(v, state, mark) {
  const li = el("li", "sl-node sl-var");
  li.dataset.path = v.path;
  li.setAttribute("role", "treeitem");
  if (mark) li.classList.add("sl-" + mark);
  if (state.selected === v.path) li.classList.add("sl-selected");
  const row = el("div", "sl-row");
  row.tabIndex = 0;
  row.appendChild(el("span", "sl-icon sl-icon-var"));
  row.appendChild(el("span", "sl-name", v.name));
  row.appendChild(el("span", "sl-shape", shapeText(v.shape)));
  row.appendChild(el("span", "sl-dtype", v.dtype));
  if (mark) row.appendChild(chip("sl-badge sl-badge-" + mark, mark));
  if (v.partitions) row.appendChild(chip("sl-chip-part", v.shards.length + " shards", "partitions " + shapeText(v.partitions)));
  if (v.device) row.appendChild(chip("sl-chip-device", v.device, "device"));
  const held = heldBy(v);
  if (held) row.appendChild(chip("sl-chip-worker", held, "held on this cluster worker"));
  if (v.trainable !== null) row.appendChild(chip(v.trainable ? "sl-chip-trainable" : "sl-chip-frozen", v.trainable ? "trainable" : "not trainable"));
  if (v.initializer) row.appendChild(chip("sl-chip-init", v.initializer, "initializer"));
  if (v.plain) row.appendChild(chip("sl-chip-plain", "tf.Variable", "made by tf.Variable(): not shared by name"));
  if (v.created_by) row.appendChild(chip("sl-chip-creator", v.created_by, "created by"));
  const open = () => state.inspect(v.path);
  row.addEventListener("click", open);
  row.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
  li.appendChild(row);
  return li;
}

function scopeRow(scope, state, depth) {
  const li = el("li", "sl-node sl-scope");
  li.dataset.path = scope.path;
  li.setAttribute("role", "treeitem");
  const expanded = state.expanded.has(scope.path);
  li.setAttribute("aria-expanded", expanded ? "true" : "false");
  if (state.hotScopes.has(scope.path)) li.classList.add("sl-hot");
  const row = el("div", "sl-row");
  row.tabIndex = 0;
  row.appendChild(el("span", "sl-caret" + (expanded ? " sl-open" : "")));
  row.appendChild(el("span", "sl-icon sl-icon-scope"));
  row.appendChild(el("span", "sl-name", scope.name + "/"));
  const nVars = scope.variables.length, nScopes = scope.scopes.length;
  const summary = [];
  if (nScopes) summary.push(plural(nScopes, "scope"));
  if (nVars) summary.push(plural(nVars, "variable"));
  row.appendChild(el("span", "sl-count", summary.join(", ")));
  const toggle = () => {
    if (state.expanded.has(scope.path)) state.expanded.delete(scope.path);
    else state.expanded.add(scope.path);
    state.render();
  };
  row.addEventListener("click", toggle);
  row.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(); } });
  li.appendChild(row);
  if (expanded) li.appendChild(childList(scope, state, depth + 1));
  return li;
}

function childList(scope, state, depth) {
  const ul = el("ul", "sl-children");
  ul.setAttribute("role", "group");
  const items = scope.scopes.map((s) => ["scope", s]).concat(scope.variables.map((v) => ["var", v]));
  const limit = state.pageLimit.get(scope.path) || PAGE;
  for (const [kind, item] of items.slice(0, limit)) {
    ul.appendChild(kind === "scope" ? scopeRow(item, state, depth) : variableRow(item, state, state.marks.get(item.path)));
  }
  if (items.length > limit) {
    const more = el("li", "sl-more");
    const btn = el("button", "sl-more-button", `show ${Math.min(PAGE, items.length - limit)} more of ${items.length - limit}`);
    btn.addEventListener("click", () => { state.pageLimit.set(scope.path, limit + PAGE); state.render(); });
    more.appendChild(btn);
    ul.appendChild(more);
  }
  return ul;
}

// --- inspector -------------------------------------------------------------------------------------
function findVariable(scope, path) {
  for (const v of scope.variables) if (v.path === path) return v;
  for (const s of scope.scopes) {
    if (path.startsWith(s.path + "/")) {
      const hit = findVariable(s, path);
      if (hit) return hit;
    }
  }
  return null;
}

function factTable(rows) {
  const table = el("table", "sl-facts");
  for (const [k, v] of rows) {
    const tr = el("tr");
    tr.appendChild(el("th", null, k));
    tr.appendChild(el("td", null, v));
    table.appendChild(tr);
  }
  return table;
}

export function histogramSvg(hist) {
  const w = 320, h = 80, pad = 16;
  const svg = svgEl("svg", { class: "sl-histogram", width: w, height: h + pad, viewBox: `0 0 ${w} ${h + pad}`, role: "img" });
  const max = Math.max(1, ...hist.counts);
  const bw = w / hist.counts.length;
  hist.counts.forEach((c, i) => {
    const bh = (c / max) * (h - 4);
    const r = svgEl("rect", { class: "sl-bar", x: i * bw + 0.5, y: h - bh, width: Math.max(1, bw - 1), height: bh });
    const t = svgEl("title");
    t.textContent = `[${formatNumber(hist.edges[i])}, ${formatNumber(hist.edges[i + 1])}): ${c}`;
    r.appendChild(t);
    svg.appendChild(r);
  });
  svg.appendChild(svgEl("line", { class: "sl-axis", x1: 0, y1: h, x2: w, y2: h }));
  const lo = svgEl("text", { class: "sl-axis-label", x: 0, y: h + 14 });
  lo.textContent = formatNumber(hist.edges[0]);
  const hi = svgEl("text", { class: "sl-axis-label", x: w, y: h + 14, "text-anchor": "end" });
  hi.textContent = formatNumber(hist.edges[hist.edges.length - 1]);
  svg.append(lo, hi);
  return svg;
}

function axisWord(axis) {
  return axis === 0 ? "rows" : axis === 1 ? "columns" : `indices on axis ${axis}`;
}

function heldText(x) {
  // "ps/task:1 @ tcp://127.0.0.1:40331" for a value held on a cluster worker, else "".
  return x.held_by ? `${x.held_by} @ ${x.worker}` : "";
}

function heldBy(v) {
  // A variable's worker; for a partitioned one, the distinct workers of its shards.
  if (v.held_by) return heldText(v);
  const tasks = [...new Set((v.shards || []).filter((s) => s.held_by).map((s) => s.held_by))];
  return tasks.length ? "on " + tasks.join(", ") : "";
}

export function shardPicture(v) {
  // One bar for the full extent of the partitioned axis; one segment per shard, width ∝ size.
  const axis = v.partitions.findIndex((p) => p > 1);
  const ax = axis < 0 ? 0 : axis;
  const box = el("div", "sl-shards");
  box.appendChild(el("div", "sl-shards-title",
    `${v.shards.length} shards along axis ${ax} (${axisWord(ax)} 0–${v.shape[ax] - 1} of ${shapeText(v.shape)})`));
  const bar = el("div", "sl-shard-bar");
  v.shards.forEach((s, i) => {
    const seg = el("div", "sl-shard sl-shard-" + (i % 4));
    seg.style.flexGrow = String(Math.max(1, s.shape[ax]));
    seg.title = `${s.name}: offset ${shapeText(s.offset)}, shape ${shapeText(s.shape)}`;
    seg.appendChild(el("span", "sl-shard-label", s.name.split("/").pop()));
    bar.appendChild(seg);
  });
  box.appendChild(bar);
  const table = el("table", "sl-shard-table");
  const head = el("tr");
  const anyHeld = v.shards.some((s) => s.held_by);
  for (const h of ["shard", "offset", "shape", axisWord(ax)].concat(anyHeld ? ["worker"] : [])) head.appendChild(el("th", null, h));
  table.appendChild(head);
  v.shards.forEach((s, i) => {
    const tr = el("tr", "sl-shard-row");
    const start = s.offset[ax], stop = start + s.shape[ax] - 1;
    const name = el("td");
    name.appendChild(el("span", "sl-swatch sl-shard-" + (i % 4)));
    name.appendChild(document.createTextNode(s.name.split("/").pop()));
    tr.appendChild(name);
    tr.appendChild(el("td", null, shapeText(s.offset)));
    tr.appendChild(el("td", null, shapeText(s.shape)));
    tr.appendChild(el("td", null, start === stop ? `${start}` : `${start}–${stop}`));
    if (anyHeld) tr.appendChild(el("td", "sl-shard-worker", heldText(s) || "(local)"));
    table.appendChild(tr);
  });
  box.appendChild(table);
  return box;
}

function statsBlock(stats) {
  if (!stats) return el("div", "sl-stats-pending", "computing statistics…");
  if (stats.error) return el("div", "sl-stats-error", stats.error);
  const box = el("div", "sl-stats");
  box.appendChild(factTable([
    ["elements", formatNumber(stats.count)], ["mean", formatNumber(stats.mean)],
    ["std", formatNumber(stats.std)], ["min", formatNumber(stats.min)], ["max", formatNumber(stats.max)],
    ["zeros", formatNumber(stats.zeros)], ["nan / inf", `${stats.nan} / ${stats.inf}`],
  ]));
  if (stats.histogram) box.appendChild(histogramSvg(stats.histogram));
  return box;
}

function renderInspector(state) {
  const panel = state.inspector;
  panel.replaceChildren();
  const v = state.selected && findVariable(state.snapshot.root, state.selected);
  if (!v) { panel.hidden = true; return; }
  panel.hidden = false;
  const head = el("div", "sl-inspector-head");
  head.appendChild(el("span", "sl-inspector-title", v.path));
  const close = el("button", "sl-close", "close");
  close.addEventListener("click", () => { state.selected = null; state.render(); });
  head.appendChild(close);
  panel.appendChild(head);
  panel.appendChild(factTable([
    ["shape", shapeText(v.shape)], ["dtype", v.dtype], ["device", v.device || "(none)"],
  ].concat(v.held_by ? [["held on", heldText(v)]] : [], [
    ["trainable", v.trainable === null ? "(not recorded)" : v.trainable ? "yes" : "no"], ["initializer", v.initializer || "(unknown)"],
    ["partitions", v.partitions ? shapeText(v.partitions) : "not partitioned"],
    ["collections", (v.collections || []).join(", ") || "(none)"], ["created at", v.site || "(unknown)"],
  ].concat(v.created_by ? [["created by", v.created_by]] : [],
    v.plain ? [["shared by name", "no: made by tf.Variable(), get_variable cannot find it"]] : []))));
  if (v.partitions) panel.appendChild(shardPicture(v));
  panel.appendChild(statsBlock(state.stats.get(v.path)));
}

// --- widget entry ----------------------------------------------------------------------------------
function render({ model, el: host }) {
  const root = el("div", "scopelab-tree");
  const header = el("div", "sl-header");
  const body = el("div", "sl-body");
  const tree = el("ul", "sl-tree");
  tree.setAttribute("role", "tree");
  const inspector = el("div", "sl-inspector");
  inspector.hidden = true;
  body.append(tree, inspector);
  root.append(header, body);
  host.appendChild(root);

  const state = {
    snapshot: null, expanded: new Set([""]), pageLimit: new Map(), marks: new Map(),
    hotScopes: new Set(), selected: null, stats: new Map(), seenCell: null, autoOpened: new Set(),
    statsVersion: null, inspector,
    pending: null,
    inspect(path) {
      state.selected = path;
      state.stats.delete(path);
      state.pending = null; // a click always asks (a lost reply must not block the inspector)
      state.request(path);
      state.render();
    },
    request(path) {
      // One request in flight at a time: while a cell runs, clicks queue in the kernel.
      if (state.pending === path) return;
      state.pending = path;
      model.send({ type: "inspect", path });
    },
    render() {
      const snap = state.snapshot;
      root.dataset.version = String(snap.version);
      root.dataset.flush = String(snap.flush);
      header.replaceChildren();
      const what = snap.source || "scope store";
      header.appendChild(el("span", "sl-title", snap.prefix ? `${what} under '${snap.prefix}'` : what));
      header.appendChild(el("span", "sl-summary",
        `${plural(snap.counts.variables, "variable")} in ${plural(snap.counts.scopes, "scope")} · version ${snap.version}`));
      const legend = el("span", "sl-legend");
      legend.append(chip("sl-badge sl-badge-created", "created"), chip("sl-badge sl-badge-reused", "reused"),
        el("span", "sl-legend-note", "in the last cell"));
      header.appendChild(legend);
      const items = childList(snap.root, state, 0);
      if (!snap.root.scopes.length && !snap.root.variables.length) {
        items.appendChild(el("li", "sl-empty", "no variables yet: call get_variable() and this tree grows"));
      }
      tree.replaceChildren(...items.childNodes);
      renderInspector(state);
    },
  };

  const update = () => {
    const snap = JSON.parse(model.get("snapshot") || "{}");
    if (!snap.root) return;
    state.snapshot = snap;
    const hl = snap.highlight || { created: [], reused: [], cell: null };
    state.marks = new Map();
    state.hotScopes = new Set();
    for (const p of hl.reused) state.marks.set(p, "reused");
    for (const p of hl.created) state.marks.set(p, "created");
    for (const p of state.marks.keys()) for (const a of ancestorsOf(p)) state.hotScopes.add(a);
    if (state.seenCell === null && countNodes(snap.root) <= AUTO_EXPAND_LIMIT) {
      const walk = (s) => { state.expanded.add(s.path); s.scopes.forEach(walk); };
      walk(snap.root);
    }
    if (hl.cell !== state.seenCell) {
      state.seenCell = hl.cell;
      state.autoOpened = new Set();
    }
    // Open the scopes holding what this cell created or reused, once each (a scope the user
    // closes again stays closed), and only for the first AUTO_OPEN_PATHS of a burst.
    for (const p of Array.from(state.marks.keys()).slice(0, AUTO_OPEN_PATHS)) {
      for (const a of ancestorsOf(p)) {
        if (!state.autoOpened.has(a)) { state.autoOpened.add(a); state.expanded.add(a); }
      }
    }
    if (state.selected && snap.version !== state.statsVersion) {
      state.statsVersion = snap.version;
      state.request(state.selected); // values may have changed; keep showing the old ones meanwhile
    }
    state.render();
  };
  const onMessage = (msg) => {
    if (!msg || msg.type !== "inspection") return;
    if (state.pending === msg.path) state.pending = null;
    state.stats.set(msg.path, msg.stats);
    if (msg.path === state.selected) renderInspector(state);
  };
  model.on("change:snapshot", update);
  model.on("msg:custom", onMessage);
  update();
  return () => {
    model.off("change:snapshot", update);
    model.off("msg:custom", onMessage);
  };
}

export default { render };
