/*
 * Papergraph publication list for any web page, with one script tag and no build step:
 *
 *   <script src="https://papers.example.org/widget.js"></script>
 *   <papergraph-publications author="max-welling"></papergraph-publications>
 *
 * Attributes: `author` (the author's slug) or `group` (a group's slug: its members' papers from
 * their years as members, every member highlighted), `api` (the Papergraph server; default: where
 * this script was loaded from).
 *
 * The list lives in a Shadow DOM, so the page's CSS cannot reach it and its CSS cannot reach the
 * page. Hosts may set `--papergraph-accent` and `--papergraph-font` on the element.
 *
 * Requests are GETs with automatic persisted queries: the query's SHA-256 alone, and the text
 * only when the server has not seen it yet, so identical requests from every visitor can be
 * answered by browser and CDN caches. GETs with standard headers also need no CORS preflight.
 */
(() => {
  "use strict";

  const TAG = "papergraph-publications";
  if (window.customElements.get(TAG)) return; // the script was included twice

  const script = document.currentScript;
  const DEFAULT_API = script && script.src ? new URL(".", script.src).href : location.origin + "/";
  const OPERATION = "PapergraphPublications";
  // tests/test_widget_routes.py validates this text against the schema.
  const QUERY = `query PapergraphPublications($slug: String!, $after: String) {
  author(slug: $slug) {
    name
    slug
    papers(first: 100, after: $after) {
      nodes { id title year venue doi url bibtex authors { name slug } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
  // tests/test_groups_widget.py validates this text against the schema.
  const GROUP_QUERY = `query PapergraphGroupPublications($slug: String!, $after: String) {
  group(slug: $slug) {
    name
    slug
    members { author { slug } }
    papers(first: 100, after: $after) {
      nodes { id title year venue doi url bibtex authors { name slug } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
  /** What the element lists, by the attribute given: an author's papers or a group's. */
  const LISTS = {
    author: { operation: OPERATION, query: QUERY },
    group: { operation: "PapergraphGroupPublications", query: GROUP_QUERY },
  };
  // 100 papers a page; a bound keeps a misbehaving server from making the loop endless.
  const MAX_PAGES = 50;
  const UNDATED = "Undated";
  const FEEDBACK_MS = 2000;

  const STYLE = `
    :host {
      all: initial;
      display: block;
      font-family: var(--papergraph-font, system-ui, -apple-system, "Segoe UI", sans-serif);
      font-size: 1rem;
      line-height: 1.45;
      color: #1f2328;
      --accent: var(--papergraph-accent, #0b5cad);
    }
    :host([hidden]), [hidden] { display: none !important; }
    *, *::before, *::after { box-sizing: border-box; }
    .search { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5em; margin: 0 0 0.5em; }
    .search label { font-weight: 600; }
    .search input {
      font: inherit; flex: 1 1 16em; max-width: 28em; padding: 0.35em 0.6em;
      border: 1px solid #8c959f; border-radius: 6px; background: #fff; color: inherit;
    }
    .status { margin: 0 0 1em; color: #57606a; font-size: 0.9em; }
    .status.error { color: #a40e26; font-weight: 600; }
    h3 { font-size: 1.15em; margin: 1.2em 0 0.4em; padding-bottom: 0.2em; border-bottom: 1px solid #d0d7de; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { display: block; margin: 0 0 0.9em; padding: 0; color: inherit; }
    .title { display: block; font-weight: 600; }
    .authors, .venue { display: block; font-size: 0.95em; }
    .venue { font-style: italic; color: #57606a; }
    .self { font-weight: 700; color: var(--accent); }
    .actions { display: flex; flex-wrap: wrap; gap: 0.75em; align-items: center; margin-top: 0.2em; font-size: 0.9em; }
    a { color: var(--accent); text-decoration: underline; }
    button {
      display: inline-block; font: inherit; cursor: pointer; padding: 0.1em 0.6em;
      border: 1px solid var(--accent); border-radius: 4px; background: #fff; color: var(--accent);
    }
    button.copied { background: var(--accent); color: #fff; }
    a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    .visually-hidden {
      position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
      overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
    }
  `;

  /** Lower case without diacritics, so "kohler" finds "Köhler". */
  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

  const element = (name, props = {}, children = []) => {
    const node = document.createElement(name);
    for (const [key, value] of Object.entries(props)) {
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  };

  const endpoint = (api) => new URL("graphql", api.endsWith("/") ? api : api + "/").href;

  const queryHashes = new Map();
  /** A query's SHA-256 in hex; null where Web Crypto is missing (pages not on https). */
  const hashOfQuery = (query) => {
    if (!queryHashes.has(query)) {
      const subtle = window.crypto && window.crypto.subtle;
      queryHashes.set(
        query,
        subtle
          ? subtle.digest("SHA-256", new TextEncoder().encode(query)).then((digest) =>
              Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join(""),
            )
          : Promise.resolve(null),
      );
    }
    return queryHashes.get(query);
  };

  class ApiError extends Error {}

  const getJson = async (url, api) => {
    let response;
    try {
      response = await fetch(url, { headers: { Accept: "application/json" } });
    } catch {
      throw new ApiError(`The publication service at ${api} could not be reached.`);
    }
    const type = response.headers.get("content-type") || "";
    if (!type.includes("json")) {
      throw new ApiError(`The publication service at ${api} answered HTTP ${response.status}, not GraphQL.`);
    }
    return response.json();
  };

  const isPersistedQueryMiss = (body) =>
    Array.isArray(body.errors) &&
    body.errors.some(
      (error) =>
        error.message === "PersistedQueryNotFound" ||
        (error.extensions && error.extensions.code === "PERSISTED_QUERY_NOT_FOUND"),
    );

  /** One page of a list: by hash first, with the text once the server asks. */
  const fetchPage = async (api, { operation, query }, variables) => {
    const params = new URLSearchParams({ operationName: operation, variables: JSON.stringify(variables) });
    const sha256Hash = await hashOfQuery(query);
    let body;
    if (sha256Hash) {
      params.set("extensions", JSON.stringify({ persistedQuery: { version: 1, sha256Hash } }));
      body = await getJson(`${endpoint(api)}?${params}`, api);
    }
    if (!body || isPersistedQueryMiss(body)) {
      params.set("query", query);
      body = await getJson(`${endpoint(api)}?${params}`, api);
    }
    if (body.errors && body.errors.length) {
      throw new ApiError(`The publication service at ${api} reported: ${body.errors[0].message}`);
    }
    return body.data;
  };

  /** Every page of an author's ("author") or a group's ("group") list. */
  const fetchList = async (api, kind, slug) => {
    let after = null;
    let owner = null;
    const papers = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const data = await fetchPage(api, LISTS[kind], { slug, after });
      if (!data || !data[kind]) {
        throw new ApiError(`No ${kind} "${slug}" is known to the publication service at ${api}.`);
      }
      owner = data[kind];
      papers.push(...owner.papers.nodes);
      if (!owner.papers.pageInfo.hasNextPage) break;
      after = owner.papers.pageInfo.endCursor;
    }
    // The author's own name is highlighted; in a group's list, every member's.
    const highlighted = kind === "group" ? owner.members.map((member) => member.author.slug) : [owner.slug];
    return { name: owner.name, slug: owner.slug, papers, highlighted: new Set(highlighted) };
  };

  /** Papers by year, newest first, with "Undated" after every year; server order kept within. */
  const groupByYear = (papers) => {
    const groups = new Map();
    for (const paper of papers) {
      const key = paper.year == null ? UNDATED : String(paper.year);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(paper);
    }
    const rank = (key) => (key === UNDATED ? -Infinity : Number(key));
    return [...groups.entries()].sort(([a], [b]) => rank(b) - rank(a));
  };

  const copyText = async (text, root) => {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        return;
      } catch {
        // Permission refused or the page lost focus: the selection fallback may still work.
      }
    }
    const area = element("textarea", { readonly: "", "aria-hidden": "true" });
    area.value = text;
    area.style.cssText = "position:fixed;top:0;left:0;opacity:0;";
    root.append(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    if (!copied) throw new Error("copy refused");
  };

  class PapergraphPublications extends HTMLElement {
    static get observedAttributes() {
      return ["author", "group", "api"];
    }

    constructor() {
      super();
      this.loadCount = 0;
      this.papers = [];
      const root = this.attachShadow({ mode: "open" });
      this.search = element("input", {
        id: "search",
        type: "search",
        autocomplete: "off",
        spellcheck: "false",
        placeholder: "Title, author or venue",
      });
      this.status = element("p", { className: "status", role: "status", "aria-live": "polite" });
      this.list = element("div", { className: "groups" });
      // Copy feedback is announced apart from the count, so neither hides the other.
      this.announcer = element("p", { className: "visually-hidden", "aria-live": "polite" });
      root.append(
        element("style", { text: STYLE }),
        element("div", { className: "search", role: "search" }, [
          element("label", { for: "search", text: "Search publications" }),
          this.search,
        ]),
        this.status,
        this.list,
        this.announcer,
      );
      this.search.addEventListener("input", () => this.applyFilter());
    }

    connectedCallback() {
      this.scheduleLoad();
    }

    attributeChangedCallback() {
      if (this.isConnected) this.scheduleLoad();
    }

    /** Attributes set one after another cause one load, not one each. */
    scheduleLoad() {
      if (this.loadScheduled) return;
      this.loadScheduled = true;
      queueMicrotask(() => {
        this.loadScheduled = false;
        this.load();
      });
    }

    async load() {
      const group = (this.getAttribute("group") || "").trim();
      const kind = group ? "group" : "author";
      const slug = group || (this.getAttribute("author") || "").trim();
      const api = this.getAttribute("api") || DEFAULT_API;
      const loading = ++this.loadCount;
      this.list.replaceChildren();
      this.papers = [];
      if (!slug) {
        this.showError(
          'Set the "author" attribute to an author\'s slug, e.g. author="max-welling", or "group" to a group\'s slug.',
        );
        return;
      }
      this.setAttribute("aria-busy", "true");
      this.showStatus("Loading publications…");
      try {
        const list = await fetchList(api, kind, slug);
        if (loading !== this.loadCount) return; // a newer load took over
        this.render(list);
      } catch (error) {
        if (loading !== this.loadCount) return;
        this.showError(error instanceof ApiError ? error.message : `Could not load publications: ${error.message}`);
      } finally {
        if (loading === this.loadCount) this.removeAttribute("aria-busy");
      }
    }

    showStatus(text) {
      this.status.classList.remove("error");
      this.status.textContent = text;
    }

    showError(text) {
      this.status.classList.add("error");
      this.status.textContent = text;
    }

    render(list) {
      this.papers = [];
      const sections = groupByYear(list.papers).map(([year, papers]) => {
        const headingId = `year-${year}`;
        const items = papers.map((paper) => this.renderPaper(paper, list.highlighted));
        return element("section", { className: "year", "aria-labelledby": headingId }, [
          element("h3", { id: headingId, text: year }),
          element("ul", { role: "list" }, items),
        ]);
      });
      this.list.replaceChildren(...sections);
      this.applyFilter();
    }

    renderPaper(paper, highlighted) {
      const authors = element("span", { className: "authors" });
      paper.authors.forEach((person, index) => {
        if (index) authors.append(", ");
        authors.append(
          highlighted.has(person.slug)
            ? element("strong", { className: "self", text: person.name })
            : person.name,
        );
      });
      const actions = element("span", { className: "actions" });
      if (paper.doi) {
        actions.append(
          element("a", { href: `https://doi.org/${paper.doi}`, "aria-label": `DOI ${paper.doi}`, text: "DOI" }),
        );
      }
      if (paper.url) actions.append(element("a", { href: paper.url, text: "URL" }));
      const copy = element("button", {
        type: "button",
        className: "bibtex",
        "aria-label": `Copy BibTeX for ${paper.title}`,
        text: "BibTeX",
      });
      copy.addEventListener("click", () => this.copyBibtex(copy, paper));
      actions.append(copy);

      const item = element("li", { className: "paper" }, [
        element("span", { className: "title", text: paper.title }),
        authors,
      ]);
      if (paper.venue) item.append(element("span", { className: "venue", text: paper.venue }));
      item.append(actions);
      const words = [paper.title, ...paper.authors.map((person) => person.name), paper.venue || "", paper.year || ""];
      this.papers.push({ item, text: fold(words.join(" ")) });
      return item;
    }

    async copyBibtex(button, paper) {
      try {
        await copyText(paper.bibtex, this.shadowRoot);
        button.textContent = "Copied";
        button.classList.add("copied");
        this.announcer.textContent = `Copied the BibTeX entry for "${paper.title}".`;
      } catch {
        button.textContent = "Copy failed";
        this.announcer.textContent = `Could not copy the BibTeX entry for "${paper.title}".`;
      }
      button.focus();
      clearTimeout(button.resetTimer);
      button.resetTimer = setTimeout(() => {
        button.textContent = "BibTeX";
        button.classList.remove("copied");
      }, FEEDBACK_MS);
    }

    applyFilter() {
      const words = fold(this.search.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const paper of this.papers) {
        const match = words.every((word) => paper.text.includes(word));
        paper.item.hidden = !match;
        if (match) shown += 1;
      }
      for (const section of this.list.children) {
        section.hidden = !section.querySelector("li:not([hidden])");
      }
      const total = this.papers.length;
      const noun = total === 1 ? "publication" : "publications";
      if (!words.length) this.showStatus(`${total} ${noun}`);
      else if (!shown) this.showStatus(`No publications match "${this.search.value.trim()}".`);
      else this.showStatus(`Showing ${shown} of ${total} ${noun}`);
    }
  }

  window.customElements.define(TAG, PapergraphPublications);
})();
