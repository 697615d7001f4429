// EventLog front end: one row per get_variable outcome (created / reused / failed), newest last.
// A failure row opens to the full explanation the error carries. Plain ES module, no network.

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function entryRow(entry) {
  const li = el("li", "sl-entry sl-entry-" + entry.kind);
  li.dataset.kind = entry.kind;
  li.dataset.name = entry.name || "";
  const head = el("div", "sl-entry-head");
  head.appendChild(el("span", "sl-seq", "#" + entry.seq));
  head.appendChild(el("span", "sl-kind sl-kind-" + entry.kind, entry.kind === "error" ? "failed" : entry.kind));
  head.appendChild(el("span", "sl-entry-name", entry.name || "(no name)"));
  if (entry.detail) head.appendChild(el("span", "sl-entry-detail", entry.detail));
  if (entry.kind !== "error") { li.appendChild(head); return li; }
  // Failures: the headline is the first line of the message; the rest opens on click.
  const details = el("details", "sl-explanation");
  const summary = el("summary");
  summary.appendChild(head);
  summary.appendChild(el("div", "sl-error-line", `${entry.error_class}: ${entry.headline}`));
  details.appendChild(summary);
  // The headline is already in the summary; the body is the explanation that follows it.
  const rest = entry.message.slice(entry.headline.length).replace(/^\s*\n/, "");
  details.appendChild(el("pre", "sl-error-text", rest || entry.message));
  if (entry.last) details.open = true;
  li.appendChild(details);
  return li;
}

function render({ model, el: host }) {
  const root = el("div", "scopelab-eventlog");
  const header = el("div", "sl-log-header");
  const list = el("ol", "sl-log");
  root.append(header, list);
  host.appendChild(root);

  const update = () => {
    const log = model.get("log") || { entries: [], dropped: 0, counts: {} };
    const c = log.counts || {};
    header.replaceChildren(
      el("span", "sl-log-title", "get_variable calls"),
      el("span", "sl-log-counts",
        `${c.created || 0} created · ${c.reused || 0} reused · ${c.error || 0} failed`),
    );
    const rows = [];
    if (log.dropped) rows.push(el("li", "sl-dropped", `${log.dropped} earlier calls not shown`));
    log.entries.forEach((e, i) => rows.push(entryRow({ ...e, last: e.kind === "error" && i === log.entries.length - 1 })));
    if (!log.entries.length) rows.push(el("li", "sl-log-empty", "no get_variable calls yet"));
    list.replaceChildren(...rows);
    root.dataset.flush = String(log.flush || 0);
    // Follow the newest entry; an unfolded failure is scrolled to its first line.
    const last = rows[rows.length - 1];
    list.scrollTop = last && last.classList.contains("sl-entry-error") ? last.offsetTop : list.scrollHeight;
  };
  model.on("change:log", update);
  update();
  return () => model.off("change:log", update);
}

export default { render };
