// An integration's page: its tabs, flows, APIs, tools and connections.
import { app, el, button, enc, show, plural, when, api, failure, act, may, dialog, labelled } from "./core.js";
import { counts, apps } from "./home.js";
import { settingsTab, aliasesTab, revisionsTab, auditTab, usersTab, adminTab } from "./tabs.js";

const tabTitles = { flows: "Flows", apis: "APIs", tools: "Tools", connections: "Connections", settings: "Settings",
  aliases: "Aliases", revisions: "Revisions", audit: "Audit log", users: "Users", admin: "Admin" };

/** The tabs the integration has for the caller, as its `allowed` says (Standalone flows has no
 * settings, aliases, revisions or admin; Users is for those who may grant access). */
function tabsOf(summary) {
  const tabs = ["flows", "apis", "tools", "connections", ...["settings", "aliases", "revisions"].filter(tab => may(summary, tab)), "audit"];
  if (may(summary, "grant")) tabs.push("users");
  if (may(summary, "download")) tabs.push("admin");
  return tabs;
}

export async function integrationPage(id, tab) {
  const summary = await api("GET", `/integrations/${enc(id)}`);
  const tabs = tabsOf(summary);
  if (!tabs.includes(tab)) tab = "flows";
  document.title = `Workspace · ${summary.name}`;
  const head = el("div", { className: "page-head" },
    el("a", { href: "#/", className: "crumb", id: "home-link", textContent: "← Home" }),
    el("h1", { id: "integration-name", textContent: summary.name }),
    summary.description ? el("p", { className: "muted", textContent: summary.description }) : "",
    el("div", { className: "summary-line" }, counts(summary), apps(summary),
      el("span", { className: "muted", textContent: may(summary, "change") ? "You manage this integration" : "Read only for you" })));
  const nav = el("nav", { className: "tabs", role: "tablist" }, ...tabs.map(name => {
    const link = el("a", { href: `#/integrations/${summary._id}/${name}`, id: "tab-" + name, role: "tab", textContent: tabTitles[name] });
    link.setAttribute("aria-selected", name === tab);
    return link;
  }));
  const panel = el("section", { id: "panel", className: "panel" }, el("p", { className: "muted", textContent: "Loading…" }));
  app.replaceChildren(head, nav, panel);
  await tabRenderers[tab](summary, panel);
}

export const table = (id, headings, rows) => el("table", { id },
  el("thead", {}, el("tr", {}, ...headings.map(text => el("th", { textContent: text })))), el("tbody", {}, ...rows));
export const cell = (...children) => el("td", {}, ...children);
export const empty = (text) => el("p", { className: "muted empty", textContent: text });

// Flows, grouped by flow group, each with its switch, its steps and a move.
export async function flowsTab(summary, panel) {
  const id = summary._id, change = may(summary, "change");
  const [flows, groups, connections] = await Promise.all([
    api("GET", `/flows?integration=${id}`), may(summary, "groups") ? api("GET", `/integrations/${id}/groups`) : [],
    api("GET", `/connections?integration=${id}`)]);
  const names = new Map(connections.map(c => [c._id, c.name]));
  const toolbar = el("div", { className: "toolbar" }, el("span", { className: "grow muted", textContent: plural(flows.length, "flow") }));
  if (change) toolbar.append(button("Create flow", "primary", "create-flow", () => createFlow(summary, groups)));
  const sections = groups.map(group => ({ id: group._id, name: group.name }));
  sections.push({ id: null, name: groups.length ? "Unassigned" : "" });
  const blocks = sections.map(section => {
    const members = flows.filter(flow => (flow._flowGroupingId || null) === section.id);
    if (section.id === null && members.length === 0 && groups.length) return "";
    return el("div", { className: "group" }, section.name ? el("h2", { textContent: section.name }) : "",
      ...(members.length ? members.map(flow => flowRow(flow, change, names)) : [empty("No flows in this group.")]));
  });
  panel.replaceChildren(toolbar, ...blocks);
}

function flowRow(flow, change, names) {
  const on = el("input", { type: "checkbox", className: "switch", checked: !flow.disabled, disabled: !change, title: flow.disabled ? "Disabled" : "Enabled" });
  on.setAttribute("aria-label", `${flow.name} enabled`);
  on.onchange = act(() => api("PATCH", `/flows/${flow._id}`, { disabled: !on.checked }));
  const diagram = el("div", { className: "diagram", hidden: true });
  const steps = button("Steps", "link", "", async () => {
    diagram.hidden = !diagram.hidden;
    if (!diagram.hidden && !diagram.childElementCount) {
      try { await drawFlow(flow, diagram, names); } catch (error) { failure(error); }
    }
  });
  const row = el("div", { className: "flow-row" }, on,
    el("div", { className: "title" }, el("strong", { textContent: flow.name }),
      flow.description ? el("div", { className: "muted", textContent: flow.description }) : "",
      el("div", { className: "muted", textContent: `${flow.disabled ? "Disabled" : "Enabled"} · changed ${when(flow.lastModified)}` })),
    steps);
  if (change) row.append(button("Move", "link", "", () => moveFlow(flow)));
  const box = el("div", { className: "flow", id: "flow-" + flow._id }, row, diagram);
  box.dataset.name = flow.name;
  return box;
}

/** Page generators, page processors and routers with their branches, as integrator.io draws them. */
async function drawFlow(flow, diagram, names) {
  const [view, steps] = await Promise.all([api("GET", `/flows/${flow._id}`), api("GET", `/flows/${flow._id}/steps`)]);
  const byID = new Map(steps.map(step => [step._id, step]));
  const card = (reference, generator) => {
    const id = reference._exportId || reference._importId;
    const step = byID.get(id) || {};
    const kind = reference._importId ? "import" : generator ? "export" : "lookup";
    const title = { import: "Import", export: "Export", lookup: "Lookup" }[kind];
    return el("div", { className: "step " + kind }, el("span", { className: "kind", textContent: title }),
      el("strong", { textContent: step.name || id }),
      el("div", { className: "muted", textContent: step._connectionId ? names.get(step._connectionId) || step._connectionId : (step.webhook ? "webhook" : "") }));
  };
  const lane = (label, references, generator) => el("div", { className: "lane" }, el("span", { className: "label", textContent: label }),
    ...(references.length ? references.map(reference => card(reference, generator)) : [empty("none")]));
  const parts = [lane("Sources", view.pageGenerators || [], true)];
  if ((view.pageProcessors || []).length) parts.push(el("span", { className: "arrow", textContent: "→" }), lane("Then", view.pageProcessors, false));
  (view.routers || []).forEach((router, index) => {
    const branches = el("div", { className: "branches" }, ...(router.branches || []).map(branch => el("div", { className: "branch" },
      el("span", { className: "label", textContent: branch.name || "Branch" }),
      ...((branch.pageProcessors || []).length ? branch.pageProcessors.map(reference => card(reference, false)) : [empty("no steps")]))));
    parts.push(el("span", { className: "arrow", textContent: "→" }), el("div", { className: "router" },
      el("strong", { textContent: router.name || `Router ${index + 1}` }),
      el("div", { className: "muted", textContent: router.routeRecordsTo === "first_matching_branch" ? "First matching branch" : "All matching branches" }),
      branches));
  });
  diagram.replaceChildren(...parts);
}

async function moveFlow(flow) {
  const targets = (await api("GET", "/integrations?view=list")).filter(item => item._id !== flow._integrationId && may(item, "change"));
  const target = el("select", { id: "move-target" }, ...targets.map(item => el("option", { value: item._id, textContent: item.name })));
  const group = el("select", { id: "move-group" }, el("option", { value: "", textContent: "No group" }));
  const loadGroups = async () => {
    const chosen = targets.find(item => item._id === target.value);
    const groups = may(chosen, "groups") ? await api("GET", `/integrations/${target.value}/groups`) : [];
    group.replaceChildren(el("option", { value: "", textContent: "No group" }), ...groups.map(g => el("option", { value: g._id, textContent: g.name })));
  };
  target.onchange = () => loadGroups().catch(failure);
  dialog(`Move "${flow.name}"`, [...labelled("To integration", target), ...labelled("Flow group", group)], "Move",
    () => api("POST", `/flows/${flow._id}/move`, { _integrationId: target.value, _flowGroupingId: group.value || null }));
  await loadGroups();
}

function createFlow(summary, groups) {
  const name = el("input", { id: "flow-name", required: true });
  const description = el("input", { id: "flow-description" });
  const group = el("select", { id: "flow-group" }, el("option", { value: "", textContent: "No group" }), ...groups.map(g => el("option", { value: g._id, textContent: g.name })));
  dialog("Create flow", [...labelled("Name", name), ...labelled("Description", description), ...(groups.length ? labelled("Flow group", group) : [])], "Create",
    () => api("POST", "/flows", { name: name.value, description: description.value, _integrationId: summary._id, _flowGroupingId: group.value || null }));
}

// APIs and tools: a table each, created and deleted in place.
export const itemsTab = (kind, columns, fields) => async (summary, panel) => {
  const id = summary._id, change = may(summary, "change");
  const items = await api("GET", `/${kind}?integration=${id}`);
  const toolbar = el("div", { className: "toolbar" }, el("span", { className: "grow muted", textContent: `${items.length} ${tabTitles[kind]}` }));
  const noun = kind === "apis" ? "API" : "tool";
  if (change) toolbar.append(button(`Create ${noun}`, "primary", "create-" + kind, () => {
    const inputs = fields.map(([key, label, value]) => ({ key, label, input: el("input", { id: `${kind}-${key}`, value: value || "", required: key === "name" }) }));
    dialog(`Create ${noun}`, inputs.flatMap(({ label, input }) => labelled(label, input)), "Create",
      () => api("POST", `/${kind}`, Object.assign({ _integrationId: id }, Object.fromEntries(inputs.map(({ key, input }) => [key, input.value])))));
  }));
  const rows = items.map(item => el("tr", {}, ...columns.map(column => cell(show(column(item)))),
    cell(change ? button("Delete", "link danger", "", () => { if (confirm(`Delete "${item.name}"?`)) act(() => api("DELETE", `/${kind}/${item._id}`))(); }) : "")));
  const headings = kind === "apis" ? ["Name", "Method", "Path", "Description", ""] : ["Name", "Description", "Input schema", ""];
  panel.replaceChildren(toolbar, items.length ? table(kind, headings, rows) : empty(`No ${tabTitles[kind]} here yet.`));
};

export async function connectionsTab(summary, panel) {
  const change = may(summary, "change");
  const connections = await api("GET", `/connections?integration=${summary._id}`);
  const rows = connections.map(connection => {
    const status = el("span", { className: "badge " + (connection.offline ? "offline" : "online"), textContent: connection.offline ? "Offline" : "Online" });
    const toggle = connection.offline
      ? button("Reconnect", "link", "", act(() => api("POST", `/connections/${connection._id}/reconnect`)))
      : button("Disconnect", "link danger", "", act(() => api("POST", `/connections/${connection._id}/disconnect`)));
    const row = el("tr", {}, cell(el("strong", { textContent: connection.name })), cell(el("span", { className: "app", textContent: connection.type })),
      cell(status), cell(connection.description || ""), cell(change ? toggle : ""));
    row.dataset.id = connection._id;
    return row;
  });
  panel.replaceChildren(connections.length ? table("connections", ["Name", "Application", "Status", "Description", ""], rows)
    : empty("No connections are registered to this integration."));
}

// Each tab's renderer (the items tabs are made here, after itemsTab, which makes them).
const tabRenderers = {
  flows: flowsTab, connections: connectionsTab, settings: settingsTab, aliases: aliasesTab, revisions: revisionsTab,
  audit: auditTab, users: usersTab, admin: adminTab,
  apis: itemsTab("apis", [a => a.name, a => a.method, a => a.path, a => a.description || ""], [["name", "Name"], ["method", "Method", "GET"], ["path", "Path", "/"], ["description", "Description"]]),
  tools: itemsTab("tools", [t => t.name, t => t.description || "", t => t.inputSchema || {}], [["name", "Name"], ["description", "Description"]]),
};
