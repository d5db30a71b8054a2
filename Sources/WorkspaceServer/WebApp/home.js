// The Home page: tiles and list, pins, tile order, create, clone, download, delete.
import { state, app, el, button, plural, api, failure, act, may, mayInWorkspace, dialog, labelled } from "./core.js";

export async function load() {
  document.title = "Workspace · Home";
  const query = new URLSearchParams({ view: state.view, sort: state.sort });
  if (state.search) query.set("search", state.search);
  state.items = await api("GET", "/integrations?" + query);
  render();
}

function render() {
  const search = el("input", { type: "search", id: "search", placeholder: "Search integrations and their flows", value: state.search });
  search.oninput = () => { state.search = search.value; clearTimeout(search.timer); search.timer = setTimeout(() => load().catch(failure), 200); };
  const views = el("div", { className: "seg" },
    ...["tile", "list"].map(view => {
      const choice = button(view === "tile" ? "Tiles" : "List", "", "view-" + view, () => { state.view = view; localStorage.setItem("view", view); load().catch(failure); });
      choice.setAttribute("aria-pressed", state.view === view);
      return choice;
    }));
  const toolbar = el("div", { className: "toolbar" }, search, views);
  if (state.view === "list") {
    const sort = el("select", { id: "sort" }, ...["name", "flows", "status"].map(value => el("option", { value, textContent: "Sort by " + value, selected: state.sort === value })));
    sort.onchange = () => { state.sort = sort.value; load().catch(failure); };
    toolbar.append(sort);
  }
  if (mayInWorkspace("createIntegration")) toolbar.append(button("Create integration", "primary", "create", createIntegration));
  const count = el("p", { className: "muted", id: "count", textContent: plural(state.items.length, "integration") });
  app.replaceChildren(el("h1", { textContent: "Home" }), toolbar, count, state.view === "tile" ? tiles() : list());
  const box = document.getElementById("search");
  if (state.search) { box.focus(); box.setSelectionRange(box.value.length, box.value.length); }
}

export function counts(item) {
  return el("div", { className: "counts" },
    el("span", { textContent: plural(item.numFlows, "flow") }), el("span", { textContent: plural(item.numApis, "API") }),
    el("span", { textContent: plural(item.numTools, "tool") }), el("span", { textContent: plural(item.numConnections, "connection") }));
}

export function apps(item) {
  const box = el("div", { className: "apps" }, ...(item.applications || []).map(name => el("span", { className: "app", textContent: typeof name === "string" ? name : name.type || name.name })));
  if (item.numOfflineConnections > 0) box.append(el("span", { className: "offline", textContent: `⚠ ${item.numOfflineConnections} offline` }));
  return box;
}

const pageLink = (item, className) => el("a", { href: `#/integrations/${item._id}`, textContent: item.name, className: className || "", draggable: false });

/** Clone, download and delete, as the server says the caller may (Standalone allows none). */
export function actions(item) {
  const box = el("div", { className: "actions" });
  if (may(item, "clone")) box.append(button("Clone", "link", "", act(() => api("POST", `/integrations/${item._id}/clone`, {}))));
  if (may(item, "download")) box.append(el("a", { className: "link", textContent: "Download", href: `/api/v1/integrations/${item._id}/download?format=integrator.io`, download: `${item.name}.zip` }));
  if (may(item, "delete")) box.append(button("Delete", "link danger", "", () => deleteIntegration(item)));
  return box;
}

function deleteIntegration(item) {
  if (!confirm(`Delete "${item.name}"? Its flows, APIs and tools move to Standalone flows; the integration goes to the recycle bin.`)) return;
  act(async () => { await api("DELETE", `/integrations/${item._id}?mode=detach`); location.hash = "#/"; })();
}

function tiles() {
  const grid = el("div", { className: "tiles", id: "tiles" });
  for (const item of state.items) {
    const tile = el("article", { className: "tile", draggable: true },
      el("h2", {}, pageLink(item)), el("div", { className: "desc", textContent: item.description || "" }),
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
    const pin = el("button", { type: "button", className: "link pin", textContent: "★", title: item.pinned ? "Unpin" : "Pin" });
    pin.setAttribute("aria-pressed", item.pinned);
    if (!may(item, "pin")) pin.disabled = true;
    pin.onclick = async () => { try { await api(item.pinned ? "DELETE" : "PUT", `/integrations/${item._id}/pin`); await load(); } catch (error) { failure(error); } };
    const row = el("tr", {}, el("td", {}, pin), el("td", {}, pageLink(item, "name")), el("td", { textContent: item.numFlows }),
      el("td", { textContent: item.numApis }), el("td", { textContent: item.numTools }), el("td", {}, apps(item)), el("td", {}, actions(item)));
    row.dataset.id = item._id;
    body.append(row);
  }
  return el("table", { id: "list" },
    el("thead", {}, el("tr", {}, ...["", "Name", "Flows", "APIs", "Tools", "Applications", ""].map(text => el("th", { textContent: text })))), body);
}

function createIntegration() {
  const name = el("input", { id: "new-name", placeholder: "Shopify to NetSuite", required: true });
  const description = el("textarea", { id: "new-description", rows: 3 });
  dialog("Create integration", [...labelled("Name", name), ...labelled("Description", description)], "Create",
    () => api("POST", "/integrations", { name: name.value, description: description.value }));
}