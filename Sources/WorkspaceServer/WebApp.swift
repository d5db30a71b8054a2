import Hummingbird

/// The web app: plain HTML, CSS and JavaScript held in the executable (no build step, no npm).
/// Only these paths are served, from this table: there is no file system to traverse.
enum WebApp {
    struct Asset: Sendable {
        let contentType: String
        let body: String
    }

    static let assets: [String: Asset] = [
        "/": Asset(contentType: "text/html; charset=utf-8", body: page),
        "/app.css": Asset(contentType: "text/css; charset=utf-8", body: css),
        "/app.js": Asset(contentType: "text/javascript; charset=utf-8", body: javaScript),
    ]

    static func add(to router: Router<ServerContext>) {
        for (path, asset) in assets {
            router.get(RouterPath(path)) { _, _ in
                Response(
                    status: .ok,
                    headers: [
                        .contentType: asset.contentType, .cacheControl: "no-cache",
                        .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
                        .xContentTypeOptions: "nosniff",
                    ],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: asset.body)))
            }
        }
    }

    static let page = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Workspace · Home</title>
          <link rel="stylesheet" href="/app.css">
          <script src="/app.js" defer></script>
        </head>
        <body>
          <header class="bar">
            <div class="brand">◆ Workspace</div>
            <div id="who" class="who"></div>
          </header>
          <main id="app"><p class="muted">Loading…</p></main>
        </body>
        </html>
        """

    static let css = """
        :root { --ink: #1d2733; --muted: #66717f; --line: #dde3ea; --accent: #1f6feb; --warn: #b35900; --bg: #f5f7fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
        .bar { display: flex; justify-content: space-between; align-items: center; padding: 10px 24px; background: #0f2a47; color: #fff; }
        .brand { font-weight: 700; letter-spacing: .3px; }
        .who button { margin-left: 12px; }
        main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 60px; }
        h1 { font-size: 22px; margin: 6px 0 16px; }
        .toolbar { display: flex; gap: 10px; align-items: center; margin-bottom: 16px; flex-wrap: wrap; }
        .toolbar input[type=search] { flex: 1; min-width: 200px; }
        input, select, button { font: inherit; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; color: var(--ink); }
        button { cursor: pointer; }
        button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
        button.link, a.link { border: none; background: none; color: var(--accent); padding: 2px 4px; text-decoration: none; font-size: 14px; }
        a.link:hover, button.link:hover { text-decoration: underline; }
        button.danger { color: #b3261e; }
        .seg button { border-radius: 0; margin-left: -1px; }
        .seg button:first-child { border-radius: 6px 0 0 6px; }
        .seg button:last-child { border-radius: 0 6px 6px 0; }
        .seg button[aria-pressed=true] { background: #e8f0fe; border-color: var(--accent); color: var(--accent); }
        .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 14px; }
        .tile { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; min-height: 150px;
                display: flex; flex-direction: column; gap: 6px; cursor: grab; box-shadow: 0 1px 2px rgba(0,0,0,.04); }
        .tile.dragging { opacity: .4; }
        .tile.over { outline: 2px dashed var(--accent); outline-offset: 2px; }
        .tile h2 { font-size: 15px; margin: 0; }
        .tile .desc { color: var(--muted); font-size: 13px; flex: 1; }
        .counts { display: flex; gap: 12px; font-size: 12px; color: var(--muted); white-space: nowrap; flex-wrap: wrap; }
        .apps { display: flex; gap: 4px; flex-wrap: wrap; }
        .app { font-size: 11px; background: #eef2f6; border-radius: 4px; padding: 1px 6px; }
        .offline { color: var(--warn); font-size: 12px; }
        .actions { display: flex; gap: 2px; justify-content: flex-end; }
        table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); border-radius: 10px; overflow: hidden; }
        th, td { text-align: left; padding: 9px 12px; border-bottom: 1px solid var(--line); }
        th { font-size: 12px; text-transform: uppercase; letter-spacing: .4px; color: var(--muted); background: #fafbfc; }
        button.pin { font-size: 16px; color: #c2c8d0; }
        button.pin[aria-pressed=true] { color: #e3a008; }
        .signin { max-width: 420px; margin: 60px auto; background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 24px; }
        .signin input { width: 100%; margin: 8px 0 14px; }
        .muted { color: var(--muted); }
        .error { color: #b3261e; margin: 8px 0; }
        dialog { border: 1px solid var(--line); border-radius: 10px; padding: 20px; min-width: 360px; }
        dialog input, dialog textarea { width: 100%; margin: 6px 0 12px; }
        """

    static let javaScript = """
        "use strict";
        const state = { view: localStorage.getItem("view") || "tile", sort: "name", search: "", csrf: null, me: null, items: [] };
        const app = document.getElementById("app");
        const el = (tag, props = {}, ...children) => {
          const node = Object.assign(document.createElement(tag), props);
          for (const child of children) node.append(child);
          return node;
        };

        async function api(method, path, body) {
          const headers = {};
          if (method !== "GET") { headers["X-CSRF-Token"] = state.csrf || ""; headers["Content-Type"] = "application/json"; }
          const response = await fetch("/api/v1" + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
          const text = await response.text();
          const value = text ? JSON.parse(text) : null;
          if (!response.ok) throw Object.assign(new Error(value && value.error ? value.error.message : response.statusText), { status: response.status });
          return value;
        }

        const canManage = () => state.me && ["owner", "administrator", "manage"].includes(state.me.role);

        async function start() {
          try {
            const session = await api("GET", "/session");
            state.csrf = session.csrfToken;
            state.me = await api("GET", "/whoami");
            showWho();
            await load();
          } catch (error) {
            if (error.status === 401) signIn(); else failure(error);
          }
        }

        function signIn(message) {
          document.getElementById("who").replaceChildren();
          const token = el("input", { type: "password", id: "token", placeholder: "wst_…", autocomplete: "off" });
          const form = el("form", { className: "signin" },
            el("h1", { textContent: "Sign in" }),
            el("p", { className: "muted", textContent: "Paste a token made with `workspace token create`." }),
            token, message ? el("p", { className: "error", textContent: message }) : "",
            el("button", { className: "primary", type: "submit", id: "signin", textContent: "Sign in" }));
          form.onsubmit = async (event) => {
            event.preventDefault();
            try {
              const session = await api("POST", "/session", { token: token.value.trim() });
              state.csrf = session.csrfToken;
              start();
            } catch (error) { signIn(error.message); }
          };
          app.replaceChildren(form);
          token.focus();
        }

        function showWho() {
          const out = el("button", { id: "signout", textContent: "Sign out" });
          out.onclick = async () => { await api("DELETE", "/session"); state.csrf = null; signIn(); };
          document.getElementById("who").replaceChildren(el("span", { textContent: `${state.me.name} · ${state.me.role}` }), out);
        }

        async function load() {
          const query = new URLSearchParams({ view: state.view, sort: state.sort });
          if (state.search) query.set("search", state.search);
          state.items = await api("GET", "/integrations?" + query);
          render();
        }

        function failure(error) { alert(error.message); }

        function render() {
          const search = el("input", { type: "search", id: "search", placeholder: "Search integrations", value: state.search });
          search.oninput = () => { state.search = search.value; clearTimeout(search.timer); search.timer = setTimeout(load, 200); };
          const views = el("div", { className: "seg" },
            ...["tile", "list"].map(view => {
              const button = el("button", { id: "view-" + view, textContent: view === "tile" ? "Tiles" : "List" });
              button.setAttribute("aria-pressed", state.view === view);
              button.onclick = () => { state.view = view; localStorage.setItem("view", view); load(); };
              return button;
            }));
          const toolbar = el("div", { className: "toolbar" }, search, views);
          if (state.view === "list") {
            const sort = el("select", { id: "sort" }, ...["name", "flows", "created", "modified"].map(value => el("option", { value, textContent: "Sort by " + value, selected: state.sort === value })));
            sort.onchange = () => { state.sort = sort.value; load(); };
            toolbar.append(sort);
          }
          if (canManage()) {
            const create = el("button", { className: "primary", id: "create", textContent: "Create integration" });
            create.onclick = createIntegration;
            toolbar.append(create);
          }
          const count = el("p", { className: "muted", id: "count", textContent: `${state.items.length} integrations` });
          app.replaceChildren(el("h1", { textContent: "Home" }), toolbar, count, state.view === "tile" ? tiles() : list());
        }

        function counts(item) {
          return el("div", { className: "counts" },
            el("span", { textContent: `${item.numFlows} flows` }), el("span", { textContent: `${item.numApis} APIs` }),
            el("span", { textContent: `${item.numTools} tools` }), el("span", { textContent: `${item.numConnections} connections` }));
        }

        function apps(item) {
          const box = el("div", { className: "apps" }, ...(item.applications || []).map(name => el("span", { className: "app", textContent: typeof name === "string" ? name : name.type || name.name })));
          if (item.numOfflineConnections > 0) box.append(el("span", { className: "offline", textContent: `⚠ ${item.numOfflineConnections} offline` }));
          return box;
        }

        function actions(item) {
          const box = el("div", { className: "actions" });
          if (item._id === "none" || !canManage()) return box;
          const clone = el("button", { className: "link", textContent: "Clone" });
          clone.onclick = async () => { try { await api("POST", `/integrations/${item._id}/clone`, {}); load(); } catch (error) { failure(error); } };
          const download = el("a", { className: "link", textContent: "Download", href: `/api/v1/integrations/${item._id}/download?format=integrator.io`, download: "integration.zip" });
          const remove = el("button", { className: "link danger", textContent: "Delete" });
          remove.onclick = async () => {
            if (!confirm(`Delete "${item.name}"? Its flows move to Standalone flows.`)) return;
            try { await api("DELETE", `/integrations/${item._id}?mode=detach`); load(); } catch (error) { failure(error); }
          };
          box.append(clone, download, remove);
          return box;
        }

        function tiles() {
          const grid = el("div", { className: "tiles", id: "tiles" });
          for (const item of state.items) {
            const tile = el("article", { className: "tile", draggable: true },
              el("h2", { textContent: item.name }), el("div", { className: "desc", textContent: item.description || "" }),
              counts(item), apps(item), actions(item));
            tile.dataset.id = item._id;
            tile.ondragstart = (event) => { event.dataTransfer.setData("text/plain", item._id); tile.classList.add("dragging"); };
            tile.ondragend = () => tile.classList.remove("dragging");
            tile.ondragover = (event) => { event.preventDefault(); tile.classList.add("over"); };
            tile.ondragleave = () => tile.classList.remove("over");
            tile.ondrop = async (event) => {
              event.preventDefault();
              tile.classList.remove("over");
              const moved = event.dataTransfer.getData("text/plain");
              if (!moved || moved === item._id) return;
              try { state.items = await api("POST", `/integrations/${moved}/reorder`, { before: item._id }); render(); } catch (error) { failure(error); }
            };
            grid.append(tile);
          }
          return grid;
        }

        function list() {
          const body = el("tbody");
          for (const item of state.items) {
            const pin = el("button", { className: "link pin", textContent: "★", title: item.pinned ? "Unpin" : "Pin" });
            pin.setAttribute("aria-pressed", item.pinned);
            pin.onclick = async () => { try { await api(item.pinned ? "DELETE" : "PUT", `/integrations/${item._id}/pin`); load(); } catch (error) { failure(error); } };
            const row = el("tr", {}, el("td", {}, pin), el("td", { textContent: item.name }), el("td", { textContent: item.numFlows }),
              el("td", { textContent: item.numConnections }), el("td", {}, apps(item)), el("td", {}, actions(item)));
            row.dataset.id = item._id;
            body.append(row);
          }
          return el("table", { id: "list" },
            el("thead", {}, el("tr", {}, ...["", "Name", "Flows", "Connections", "Applications", ""].map(text => el("th", { textContent: text })))), body);
        }

        function createIntegration() {
          const name = el("input", { id: "new-name", placeholder: "Shopify to NetSuite", required: true });
          const description = el("textarea", { id: "new-description", rows: 3 });
          const error = el("p", { className: "error" });
          const dialog = el("dialog", {}, el("form", { method: "dialog" },
            el("h1", { textContent: "Create integration" }), el("label", { textContent: "Name" }), name,
            el("label", { textContent: "Description" }), description, error,
            el("div", { className: "actions" }, el("button", { value: "cancel", textContent: "Cancel" }), el("button", { className: "primary", id: "new-save", value: "save", textContent: "Create" }))));
          dialog.querySelector("form").onsubmit = async (event) => {
            if (event.submitter && event.submitter.value === "cancel") return;
            event.preventDefault();
            try { await api("POST", "/integrations", { name: name.value, description: description.value }); dialog.close(); dialog.remove(); load(); }
            catch (failed) { error.textContent = failed.message; }
          };
          document.body.append(dialog);
          dialog.showModal();
          name.focus();
        }

        start();
        """
}
