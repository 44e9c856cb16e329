// The SPARQL editor: turns the plain form of /editor into a CodeMirror editor that runs queries in place.
// Everything comes from this server: the bundle in vendor/, our prefixes, and the vocabulary of our graph.
(function () {
  "use strict";
  const CM = window.PlangraphCodeMirror;
  const form = document.getElementById("editor-form");
  if (!CM || !form) return; // without the bundle the plain form still works
  const config = JSON.parse(document.getElementById("editor-config").textContent);
  const strings = config.strings;
  const textarea = document.getElementById("editor-query");
  const errorBox = document.getElementById("editor-error");
  const status = document.getElementById("editor-status");
  const downloads = document.getElementById("editor-downloads");
  const results = document.getElementById("editor-results");
  const prefixes = config.prefixes; // [{prefix, iri}]
  let terms = []; // [{iri, curie, uses, kind}], filled from /editor/vocabulary.json

  // --- prefixes ---------------------------------------------------------------------------------
  function declared(doc) {
    const found = new Set();
    for (const m of doc.matchAll(/^\s*PREFIX\s+([A-Za-z][\w.-]*)?:/gim)) found.add(m[1] || "");
    return found;
  }

  // The change that declares *prefix* after the PREFIX lines already there (none if it is declared).
  function declaration(state, prefix) {
    const item = prefixes.find((p) => p.prefix === prefix);
    if (!item || declared(state.doc.toString()).has(prefix)) return null;
    let at = 0;
    for (let n = 1; n <= state.doc.lines; n++) {
      const line = state.doc.line(n);
      if (/^\s*(PREFIX|BASE)\b/i.test(line.text)) at = line.to + 1;
      else if (line.text.trim() && !line.text.trim().startsWith("#")) break;
    }
    at = Math.min(at, state.doc.length);
    const newline = at === state.doc.length && at > 0 && state.doc.sliceString(at - 1, at) !== "\n" ? "\n" : "";
    return { from: at, insert: `${newline}PREFIX ${prefix}: <${item.iri}>\n` };
  }

  // --- completion -------------------------------------------------------------------------------
  function prefixOptions(from) {
    return {
      from,
      options: prefixes.map((p) => ({ label: `${p.prefix}:`, apply: `${p.prefix}: <${p.iri}>`, type: "namespace",
                                      detail: p.iri })),
    };
  }

  function termOption(term) {
    return {
      label: term.curie, type: term.kind === "class" ? "class" : "property", detail: `${term.uses}×`, info: term.iri,
      boost: term.kind === "class" ? 1 : 0,
      apply: (view, completion, from, to) => {
        const changes = [{ from, to, insert: term.curie }];
        const extra = declaration(view.state, term.curie.split(":")[0]);
        if (extra) changes.push(extra);
        view.dispatch({ changes, selection: { anchor: from + term.curie.length + (extra && extra.from <= from
          ? extra.insert.length : 0) } });
      },
    };
  }

  function complete(context) {
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    const afterPrefix = /^\s*PREFIX\s+([A-Za-z][\w.-]*)?$/i.exec(before);
    if (afterPrefix) return prefixOptions(context.pos - (afterPrefix[1] || "").length);
    const variable = context.matchBefore(/[?$]\w*$/);
    if (variable) return variables(context, variable);
    if (context.matchBefore(/<[^>\s]*$/)) return null; // inside a full IRI
    // Terms complete on a prefixed name being typed (pg:Ta), or anywhere on Ctrl+Space.
    const word = context.matchBefore(/(?:[A-Za-z][\w.-]*)?:[\w.-]*$|[A-Za-z_][\w-]*$/);
    if (!context.explicit && (!word || !word.text.includes(":"))) return null;
    const from = word ? word.from : context.pos;
    return { from, options: termOptions(), validFor: /^(?:[A-Za-z][\w.-]*)?:?[\w.-]*$/ };
  }

  function termOptions() {
    return terms.filter((t) => t.curie).map(termOption);
  }

  function variables(context, word) {
    const names = new Set(context.state.doc.toString().match(/[?$][A-Za-z_]\w*/g) || []);
    names.delete(word.text);
    return { from: word.from, options: [...names].map((name) => ({ label: name, type: "variable" })) };
  }

  fetch(config.vocabulary, { headers: { Accept: "application/json" } })
    .then((response) => response.json())
    .then((vocabulary) => {
      terms = [
        ...vocabulary.classes.map((t) => ({ ...t, kind: "class" })),
        ...vocabulary.properties.map((t) => ({ ...t, kind: "property" })),
      ];
    })
    .catch(() => { terms = []; });

  // --- the editor -------------------------------------------------------------------------------
  const view = new CM.EditorView({
    parent: document.getElementById("editor-code"),
    state: CM.EditorState.create({
      doc: textarea.value,
      extensions: [
        CM.lineNumbers(), CM.highlightActiveLineGutter(), CM.highlightActiveLine(), CM.history(), CM.drawSelection(),
        CM.bracketMatching(), CM.closeBrackets(), CM.highlightSelectionMatches(),
        CM.StreamLanguage.define(CM.sparql), CM.syntaxHighlighting(CM.defaultHighlightStyle, { fallback: true }),
        CM.autocompletion({ override: [complete], activateOnTyping: true }), CM.lintGutter(),
        CM.keymap.of([
          { key: "Mod-Enter", run: () => { run(); return true; } },
          ...CM.closeBracketsKeymap, ...CM.defaultKeymap, ...CM.searchKeymap, ...CM.historyKeymap,
          ...CM.completionKeymap, CM.indentWithTab,
        ]),
        CM.EditorView.updateListener.of((update) => {
          if (update.docChanged) textarea.value = update.state.doc.toString();
        }),
        CM.EditorView.contentAttributes.of({ "aria-label": form.querySelector("label").textContent.trim() }),
      ],
    }),
  });
  textarea.hidden = true;
  view.dom.parentElement.hidden = false;
  form.querySelector(".editor-hint").hidden = false;
  form.querySelector("select[name=format]").closest("label").hidden = true; // results show here; downloads below

  for (const button of document.querySelectorAll(".editor-prefix")) {
    button.disabled = false;
    button.addEventListener("click", () => {
      const change = declaration(view.state, button.dataset.prefix);
      if (change) view.dispatch({ changes: change });
      view.focus();
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });

  // --- running a query --------------------------------------------------------------------------
  function localHref(iri) {
    for (const item of config.local_paths) {
      if (iri.startsWith(item.iri)) return item.path + iri.slice(item.iri.length);
    }
    return iri;
  }

  // A result IRI is a link only to a page here or to an http(s) address; any other scheme (javascript:,
  // data:, urn:) is shown as text. Browsers drop tabs, newlines and spaces in URLs, so those are ignored.
  function safeHref(iri) {
    const local = localHref(iri);
    if (local !== iri) return local;
    return /^https?:/i.test(iri.replace(/[\u0000-\u0020\u007f]/g, "")) ? iri : null;
  }

  function shortName(iri) {
    let best = null;
    for (const p of prefixes) {
      const local = iri.slice(p.iri.length);
      if (iri.startsWith(p.iri) && /^[\w-]+$/.test(local) && (!best || p.iri.length > best.iri.length)) {
        best = { iri: p.iri, text: `${p.prefix}:${local}` };
      }
    }
    if (best) return best.text;
    const local = localHref(iri);
    return local !== iri ? local : iri; // our own IRIs by their path here, shorter than the full IRI
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // --- results: labels, pages and views ------------------------------------------------------------
  // A result is shown a page at a time; its IRIs by their labels (fetched for the whole result in one request,
  // one query on the server), the IRI on hover and as the link. Beside the table, the views that fit the
  // result's shape: a bar chart (a label and a number), a timeline (dates), a graph (IRI-to-IRI pairs).
  const PAGE = 100;
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMERIC = new Set(["integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt",
    "unsignedLong", "unsignedShort", "unsignedByte"].map((t) => XSD + t));
  const DATES = new Set(["date", "dateTime", "dateTimeStamp", "gYear", "gYearMonth"].map((t) => XSD + t));
  const LIMITS = { bars: 200, lanes: 300, nodes: 400 };
  const SVG = "http://www.w3.org/2000/svg";
  const viewsBar = document.getElementById("editor-views");
  let current = null; // { vars, rows, truncated, labels: Map, page, view, fits }

  function labelOf(iri) {
    return current ? current.labels.get(iri) : undefined;
  }

  function textOf(term) {
    if (!term) return "";
    if (term.type === "uri") return labelOf(term.value) || shortName(term.value);
    if (term.type === "bnode") return `_:${term.value}`;
    return term.value;
  }

  async function fetchLabels(vars, rows) {
    const iris = new Set();
    for (const row of rows) {
      for (const name of vars) {
        const term = row[name];
        if (term && term.type === "uri") iris.add(term.value);
        if (term && term.datatype) iris.add(term.datatype);
      }
      if (iris.size >= config.max_labels) break;
    }
    if (!iris.size) return new Map();
    try {
      const response = await fetch(config.labels, {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ iris: [...iris].slice(0, config.max_labels) }),
      });
      return response.ok ? new Map(Object.entries((await response.json()).labels || {})) : new Map();
    } catch (failure) {
      return new Map(); // the table still shows every IRI, by its short name
    }
  }

  // A long value is cut to four lines; a click on it shows it whole (and a second click cuts it again).
  results.addEventListener("click", (event) => {
    const text = event.target.closest(".cell-text");
    if (text && !event.target.closest("a") && (text.scrollHeight > text.clientHeight + 1
                                                || text.classList.contains("expanded"))) {
      text.classList.toggle("expanded");
    }
  });

  function cell(term) {
    const td = element("td");
    const inner = element("div", { class: "cell-text" });
    td.append(inner);
    fill(inner, term);
    return td;
  }

  function fill(td, term) {
    if (!term) return td;
    if (term.type === "uri") {
      const href = safeHref(term.value);
      const label = labelOf(term.value);
      const text = label || shortName(term.value);
      const node = href ? element("a", { href, title: term.value }, text)
        : element("code", { class: "iri", title: term.value }, text);
      if (label) node.classList.add("labelled");
      td.append(node);
    } else if (term.type === "bnode") {
      td.append(element("code", {}, `_:${term.value}`));
    } else {
      td.append(document.createTextNode(term.value));
      const tag = term["xml:lang"] ? `@${term["xml:lang"]}` : term.datatype ? `^^${shortName(term.datatype)}` : "";
      if (tag && !/#string$/.test(term.datatype || "")) td.append(" ", element("span", { class: "muted" }, tag));
    }
    return td;
  }

  function pager(pages) {
    const nav = element("nav", { class: "editor-pager", "aria-label": strings.pages });
    const first = (current.page - 1) * PAGE + 1;
    const last = Math.min(current.page * PAGE, current.rows.length);
    const go = (page) => { current.page = page; show(); };
    const prev = element("button", { type: "button", "data-page": "prev" }, `← ${strings.prev}`);
    const next = element("button", { type: "button", "data-page": "next" }, `${strings.next} →`);
    prev.disabled = current.page <= 1;
    next.disabled = current.page >= pages;
    prev.addEventListener("click", () => go(current.page - 1));
    next.addEventListener("click", () => go(current.page + 1));
    const where = strings.page_of.replace("{page}", current.page).replace("{pages}", pages)
      .replace("{first}", first).replace("{last}", last);
    nav.append(prev, element("span", { class: "editor-page" }, where), next);
    return nav;
  }

  function table() {
    const { vars, rows } = current;
    const pages = Math.max(1, Math.ceil(rows.length / PAGE));
    current.page = Math.min(Math.max(current.page, 1), pages);
    const head = element("tr");
    for (const name of vars) head.append(element("th", {}, `?${name}`));
    const body = element("tbody");
    for (const row of rows.slice((current.page - 1) * PAGE, current.page * PAGE)) {
      const tr = element("tr");
      for (const name of vars) tr.append(cell(row[name]));
      body.append(tr);
    }
    const thead = element("thead");
    thead.append(head);
    const result = element("table", { class: "editor-table" });
    result.append(thead, body);
    const box = element("div", { class: "editor-table-box" });
    box.append(result);
    return pages > 1 ? [pager(pages), box, pager(pages)] : [box];
  }

  // --- which views fit --------------------------------------------------------------------------------
  function shapes(vars, rows) {
    const kinds = {};
    for (const name of vars) {
      let seen = 0, iris = 0, numbers = 0, dates = 0;
      for (const row of rows) {
        const term = row[name];
        if (!term) continue;
        seen += 1;
        if (term.type === "uri") iris += 1;
        else if (term.type === "literal" && NUMERIC.has(term.datatype)) numbers += 1;
        else if (term.type === "literal" && DATES.has(term.datatype)) dates += 1;
      }
      kinds[name] = { seen, iri: seen > 0 && iris === seen, number: seen > 0 && numbers === seen,
                      date: seen > 0 && dates === seen };
    }
    const numbers = vars.filter((v) => kinds[v].number);
    const dates = vars.filter((v) => kinds[v].date);
    const iris = vars.filter((v) => kinds[v].iri);
    const labelled = (skip) => vars.find((v) => !skip.includes(v) && kinds[v].seen && !kinds[v].number
                                             && !kinds[v].date);
    const fits = { table: true };
    if (numbers.length && labelled(numbers)) fits.bars = { label: labelled(numbers), value: numbers[0] };
    if (dates.length) fits.timeline = { label: labelled(dates), start: dates[0], end: dates[1] || null };
    if (iris.length >= 2) {
      fits.graph = { from: iris[0], to: iris[1], edge: vars.find((v) => !iris.slice(0, 2).includes(v)
                                                                    && kinds[v].seen) || null };
    }
    return fits;
  }

  function svg(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function chart(kind, title, height, extra) {
    const root = svg("svg", { class: `chart chart-${kind}`, role: "img", width: "100%", height, ...extra });
    root.append(svg("title", {}, title));
    return root;
  }

  // A mark linked to the page of the row's IRI (when it has one), its text on hover.
  function linked(term, mark, hover) {
    mark.prepend(svg("title", {}, hover));
    const href = term && term.type === "uri" ? safeHref(term.value) : null;
    if (!href) return mark;
    const link = svg("a", { href });
    link.append(mark);
    return link;
  }

  function short(text, limit) {
    return text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()} …`;
  }

  function barView(spec) {
    const V = window.PlangraphViews;
    const rows = current.rows.filter((row) => row[spec.value]).slice(0, LIMITS.bars);
    const values = rows.map((row) => Number(row[spec.value].value));
    const x = V.scaleLinear().domain([Math.min(0, ...values), Math.max(0, ...values)]).range([0, 80]);
    const step = 42;
    const root = chart("bar", `?${spec.label} · ?${spec.value}`, rows.length * step + 4);
    rows.forEach((row, i) => {
      const y = i * step;
      const name = textOf(row[spec.label]);
      const [left, right] = [x(0), x(values[i])].sort((a, b) => a - b);
      const group = svg("g", { class: "bar-row", "data-label": name, "data-value": String(values[i]) });
      group.append(svg("text", { class: "label", x: 0, y: y + 14 }, short(name, 60)),
        svg("rect", { class: "bar", x: `${left}%`, y: y + 18, width: `${Math.max(right - left, 0.2)}%`, height: 14, rx: 2 }),
        svg("text", { class: "figure", x: `${right}%`, dx: 6, y: y + 30 }, row[spec.value].value));
      root.append(linked(row[spec.label], group, `${name}: ${row[spec.value].value}`));
    });
    return [root, ...limited(current.rows.length, rows.length)];
  }

  function timelineView(spec) {
    const V = window.PlangraphViews;
    const when = (term) => {
      if (!term) return null;
      const date = new Date(/^-?\d{4}$/.test(term.value) ? `${term.value}-01-01` : term.value);
      return Number.isNaN(date.getTime()) ? null : date;
    };
    const lanes = current.rows.map((row) => ({ row, start: when(row[spec.start]), end: spec.end ? when(row[spec.end]) : null }))
      .filter((lane) => lane.start).slice(0, LIMITS.lanes);
    const times = lanes.flatMap((lane) => [lane.start, lane.end].filter(Boolean));
    const t = V.scaleUtc().domain([Math.min(...times), Math.max(...times)]).nice().range([1, 97]);
    const step = 40;
    const root = chart("timeline", `?${spec.start}${spec.end ? `–?${spec.end}` : ""}`, lanes.length * step + 28);
    const ticks = t.ticks(8);
    const format = t.tickFormat(8);
    const axis = svg("g", { class: "axis" });
    for (const tick of ticks) {
      axis.append(svg("line", { x1: `${t(tick)}%`, x2: `${t(tick)}%`, y1: 20, y2: lanes.length * step + 24 }),
        svg("text", { class: "tick", x: `${t(tick)}%`, y: 14, "text-anchor": "middle" }, format(tick)));
    }
    root.append(axis);
    lanes.forEach((lane, i) => {
      const y = 24 + i * step;
      const name = spec.label ? textOf(lane.row[spec.label]) : lane.row[spec.start].value;
      const left = t(lane.start);
      const group = svg("g", { class: "lane", "data-start": lane.row[spec.start].value });
      group.append(svg("text", { class: "label", x: `${Math.min(left, 60)}%`, y: y + 12 }, short(name, 60)));
      if (lane.end && lane.end > lane.start) {
        group.append(svg("rect", { class: "period", x: `${left}%`, y: y + 18, width: `${Math.max(t(lane.end) - left, 0.3)}%`,
                                   height: 12, rx: 3 }));
      } else {
        group.append(svg("circle", { class: "event", cx: `${left}%`, cy: y + 24, r: 6 }));
      }
      const dates = lane.row[spec.start].value + (lane.end ? ` – ${lane.row[spec.end].value}` : "");
      root.append(linked(spec.label ? lane.row[spec.label] : null, group, `${name} (${dates})`));
    });
    return [root, ...limited(current.rows.length, lanes.length)];
  }

  function graphView(spec) {
    const V = window.PlangraphViews;
    const nodes = new Map();
    const links = [];
    const node = (term) => {
      if (!nodes.has(term.value)) nodes.set(term.value, { id: term.value, term, label: textOf(term) });
      return nodes.get(term.value);
    };
    const seen = new Set();
    for (const row of current.rows) {
      const from = row[spec.from], to = row[spec.to];
      if (!from || !to) continue;
      if (nodes.size >= LIMITS.nodes && !(nodes.has(from.value) && nodes.has(to.value))) continue;
      const key = `${from.value} ${to.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.push({ source: node(from).id, target: node(to).id, label: spec.edge ? textOf(row[spec.edge]) : "" });
    }
    const list = [...nodes.values()];
    const simulation = V.forceSimulation(list)
      .force("link", V.forceLink(links).id((d) => d.id).distance(90))
      .force("charge", V.forceManyBody().strength(-240)).force("collide", V.forceCollide(34))
      .force("x", V.forceX(0).strength(0.05)).force("y", V.forceY(0).strength(0.08)).stop();
    for (let i = 0; i < 300; i += 1) simulation.tick();
    const pad = 90;
    const xs = list.map((d) => d.x), ys = list.map((d) => d.y);
    const [x0, x1, y0, y1] = [Math.min(...xs) - pad, Math.max(...xs) + pad, Math.min(...ys) - 30, Math.max(...ys) + 30];
    const height = Math.min(720, Math.max(240, y1 - y0));
    const root = chart("graph", `?${spec.from} → ?${spec.to}`, height,
                       { viewBox: `${x0} ${y0} ${x1 - x0} ${y1 - y0}`, preserveAspectRatio: "xMidYMid meet" });
    for (const link of links) {
      const line = svg("line", { x1: link.source.x, y1: link.source.y, x2: link.target.x, y2: link.target.y });
      line.append(svg("title", {}, `${link.source.label} → ${link.target.label}${link.label ? ` (${link.label})` : ""}`));
      root.append(line);
    }
    for (const d of list) {
      const group = svg("g", { class: "node", "data-iri": d.id });
      group.append(svg("circle", { cx: d.x, cy: d.y, r: 7 }),
        svg("text", { x: d.x + 10, y: d.y + 4 }, short(d.label, 40)));
      root.append(linked(d.term, group, `${d.label}\n${d.id}`));
    }
    return [root, ...limited(null, nodes.size, links.length)];
  }

  function limited(total, shown, edges) {
    const text = edges !== undefined ? strings.graph_size.replace("{nodes}", shown).replace("{edges}", edges)
      : total > shown ? strings.view_limited.replace("{shown}", shown).replace("{total}", total) : null;
    return text ? [element("p", { class: "muted" }, text)] : [];
  }

  const VIEWS = { table: () => table(), bars: barView, timeline: timelineView, graph: graphView };

  function show() {
    const fits = current.fits;
    for (const button of viewsBar.querySelectorAll("button[data-view]")) {
      const name = button.dataset.view;
      button.hidden = !fits[name];
      button.setAttribute("aria-selected", String(name === current.view));
    }
    viewsBar.hidden = Object.keys(fits).length < 2;
    const view = fits[current.view] ? current.view : "table";
    results.replaceChildren(...(view === "table" ? table() : VIEWS[view](fits[view])));
    results.dataset.view = view;
  }

  for (const button of viewsBar.querySelectorAll("button[data-view]")) {
    button.addEventListener("click", () => {
      if (!current) return;
      current.view = button.dataset.view;
      show();
    });
  }

  async function showResult(data, truncated) {
    const vars = data.head.vars;
    const rows = data.results.bindings;
    status.textContent = rows.length ? `${rows.length} ${strings.rows}` + (truncated ? ` · ${strings.truncated}` : "")
      : strings.no_rows;
    const view = current ? current.view : "table";
    current = { vars, rows, truncated, labels: new Map(), page: 1, view, fits: window.PlangraphViews
      ? shapes(vars, rows) : { table: true } };
    show(); // at once with short names; again with the labels when they come
    const labels = await fetchLabels(vars, rows);
    if (current && current.rows === rows && labels.size) {
      current.labels = labels;
      show();
    }
    results.dataset.labelled = "true";
  }

  // Line and column (1-based, counted in characters) → offset in the editor (counted in UTF-16 units).
  function offsetOf(line, column) {
    const doc = view.state.doc;
    const target = doc.line(Math.min(Math.max(line, 1), doc.lines));
    let offset = 0;
    let seen = 1;
    for (const character of target.text) {
      if (seen >= column) break;
      offset += character.length;
      seen += 1;
    }
    return target.from + offset;
  }

  function showError(payload) {
    const message = payload.error || String(payload);
    errorBox.replaceChildren(element("pre", {}, message));
    errorBox.hidden = false;
    const position = payload.position;
    if (!position) return;
    errorBox.dataset.line = position.line;
    errorBox.dataset.column = position.column;
    if (payload.explanation) {
      // What SPARQL expected there, in the page's language; the engine's own words one click away.
      const engine = element("details");
      engine.append(element("summary", {}, strings.engine_message), element("pre", {}, message));
      errorBox.replaceChildren(element("p", { class: "editor-explanation" }, payload.explanation), engine);
    }
    const where = strings.error_at.replace("{line}", position.line).replace("{column}", position.column);
    errorBox.prepend(element("strong", { class: "editor-position" }, where));
    const from = offsetOf(position.line, position.column);
    const to = Math.min(from + 1, view.state.doc.lineAt(from).to);
    view.dispatch(CM.setDiagnostics(view.state, [{ from, to, severity: "error", message }]));
    view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
  }

  function download(link, text, format) {
    link.href = `${config.sparql}?${new URLSearchParams({ query: text, format })}`;
  }

  // --- running and cancelling ------------------------------------------------------------------------
  // Each run has an id of the browser's making (X-Query-Id): "Cancel" asks the server to stop that query,
  // which kills the worker process running it, and drops the request.
  const cancelButton = document.getElementById("editor-cancel");
  let running = null; // { id, controller }

  function newId() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return `q-${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  }

  async function cancel() {
    if (!running) return;
    const { id, controller } = running;
    cancelButton.disabled = true;
    try {
      await fetch(config.cancel, { method: "POST", body: new URLSearchParams({ id }) });
    } catch (failure) {
      // the request is dropped below all the same
    }
    controller.abort();
  }

  cancelButton.addEventListener("click", cancel);

  async function run() {
    if (running) await cancel();
    const text = view.state.doc.toString();
    errorBox.hidden = true;
    errorBox.replaceChildren();
    delete errorBox.dataset.line;
    delete errorBox.dataset.column;
    view.dispatch(CM.setDiagnostics(view.state, []));
    results.replaceChildren();
    delete results.dataset.labelled;
    viewsBar.hidden = true;
    downloads.hidden = true;
    status.textContent = strings.running;
    const params = new URLSearchParams(window.location.search);
    params.delete("example");
    params.set("query", text);
    window.history.replaceState(null, "", `${window.location.pathname}?${params}`);
    const mine = { id: newId(), controller: new AbortController() };
    running = mine;
    cancelButton.hidden = false;
    cancelButton.disabled = false;
    let response;
    try {
      response = await fetch(config.sparql, {
        method: "POST", signal: mine.controller.signal,
        headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9", "X-Query-Id": mine.id },
        body: new URLSearchParams({ query: text }),
      });
    } catch (failure) {
      if (running === mine) { running = null; cancelButton.hidden = true; }
      if (failure.name === "AbortError") {
        status.textContent = strings.cancelled;
        return;
      }
      status.textContent = "";
      showError({ error: String(failure) });
      return;
    }
    if (running !== mine) return; // a newer run replaced this one
    running = null;
    cancelButton.hidden = true;
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      status.textContent = "";
      showError(type.includes("json") ? await response.json() : { error: await response.text() });
      return;
    }
    if (!type.startsWith("application/sparql-results+json")) { // CONSTRUCT and DESCRIBE answer with a graph
      status.textContent = "";
      results.append(element("pre", {}, await response.text()));
      return;
    }
    const data = await response.json();
    if ("boolean" in data) {
      status.textContent = "";
      results.append(element("p", { class: "editor-boolean" }, String(data.boolean)));
      return;
    }
    download(document.getElementById("editor-csv"), text, "csv");
    download(document.getElementById("editor-json"), text, "json");
    downloads.hidden = false;
    await showResult(data, response.headers.get("X-SPARQL-Truncated") === "true");
  }
})();
