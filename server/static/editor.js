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

  function cell(term) {
    const td = element("td");
    if (!term) return td;
    if (term.type === "uri") {
      const href = safeHref(term.value);
      td.append(href ? element("a", { href, title: term.value }, shortName(term.value))
        : element("code", { class: "iri", title: term.value }, term.value));
    } else if (term.type === "bnode") {
      td.append(element("code", {}, `_:${term.value}`));
    } else {
      td.append(document.createTextNode(term.value));
      const tag = term["xml:lang"] ? `@${term["xml:lang"]}` : term.datatype ? `^^${shortName(term.datatype)}` : "";
      if (tag && !/#string$/.test(term.datatype || "")) td.append(" ", element("span", { class: "muted" }, tag));
    }
    return td;
  }

  function table(data, truncated) {
    const columns = data.head.vars;
    const rows = data.results.bindings;
    const head = element("tr");
    for (const name of columns) head.append(element("th", {}, `?${name}`));
    const body = element("tbody");
    for (const row of rows) {
      const tr = element("tr");
      for (const name of columns) tr.append(cell(row[name]));
      body.append(tr);
    }
    const thead = element("thead");
    thead.append(head);
    const result = element("table", { class: "editor-table" });
    result.append(thead, body);
    status.textContent = rows.length ? `${rows.length} ${strings.rows}` + (truncated ? ` · ${strings.truncated}` : "")
      : strings.no_rows;
    return result;
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

  async function run() {
    const text = view.state.doc.toString();
    errorBox.hidden = true;
    errorBox.replaceChildren();
    delete errorBox.dataset.line;
    delete errorBox.dataset.column;
    view.dispatch(CM.setDiagnostics(view.state, []));
    results.replaceChildren();
    downloads.hidden = true;
    status.textContent = strings.running;
    const params = new URLSearchParams(window.location.search);
    params.delete("example");
    params.set("query", text);
    window.history.replaceState(null, "", `${window.location.pathname}?${params}`);
    let response;
    try {
      response = await fetch(config.sparql, {
        method: "POST",
        headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" },
        body: new URLSearchParams({ query: text }),
      });
    } catch (failure) {
      status.textContent = "";
      showError({ error: String(failure) });
      return;
    }
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
    results.append(table(data, response.headers.get("X-SPARQL-Truncated") === "true"));
    download(document.getElementById("editor-csv"), text, "csv");
    download(document.getElementById("editor-json"), text, "json");
    downloads.hidden = false;
  }
})();
