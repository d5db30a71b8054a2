// The other tabs of an integration's page: settings, aliases, revisions, audit, users, admin.
import { el, button, enc, show, plural, when, api, failure, act, may, dialog, labelled } from "./core.js";
import { actions } from "./home.js";
import { table, cell, empty } from "./integration.js";

/** The integration, its flows and its steps: where settings live and what aliases may name. */
async function resourcesOf(summary) {
  const id = summary._id;
  const [flows, exports, imports, connections, groups] = await Promise.all([
    api("GET", `/flows?integration=${id}`), api("GET", `/exports?integration=${id}`),
    api("GET", `/imports?integration=${id}`), api("GET", `/connections?integration=${id}`),
    may(summary, "groups") ? api("GET", `/integrations/${id}/groups`) : []]);
  return { flows, exports, imports, connections, groups,
    all: [{ _id: id, name: summary.name, kind: "integration" }, ...flows.map(f => ({ ...f, kind: "flow" })),
      ...exports.map(e => ({ ...e, kind: "export" })), ...imports.map(i => ({ ...i, kind: "import" })),
      ...connections.map(c => ({ ...c, kind: "connection" }))] };
}

// Settings: the JSON of one level to edit, and what applies there with where it comes from.
export async function settingsTab(summary, panel) {
  const change = may(summary, "change");
  const resources = await resourcesOf(summary);
  const levels = resources.all.filter(r => r.kind !== "connection");
  const names = new Map([...levels, ...resources.groups].map(r => [r._id, r.name]));
  const at = el("select", { id: "settings-at" }, ...levels.map(r => el("option", { value: r._id, textContent: `${r.kind[0].toUpperCase() + r.kind.slice(1)}: ${r.name}` })));
  at.value = panel.dataset.at || summary._id;
  const editor = el("textarea", { id: "settings-json", spellcheck: false, readOnly: !change });
  const resolved = el("div", { id: "resolved" });
  const error = el("p", { className: "error", id: "settings-error" });
  const draw = async () => {
    panel.dataset.at = at.value;
    const [own, effective] = await Promise.all([api("GET", `/settings/${at.value}`), api("GET", `/settings/${at.value}/resolved`)]);
    editor.value = JSON.stringify(own, null, 2);
    const rows = (effective.origins || []).map(origin => el("tr", {}, cell(el("code", { textContent: origin.pointer })),
      cell(el("pre", { textContent: show(origin.value) })),
      cell(`${origin.level} `, el("span", { className: "muted", textContent: names.get(origin._resourceId) || "" })),
      cell(...(origin.overrides || []).map(o => el("div", { className: "muted", textContent: `${o.level}: ${show(o.value)}` })))));
    resolved.replaceChildren(rows.length ? table("resolved-table", ["Setting", "Value", "From", "Overrides"], rows) : empty("No settings apply here."));
  };
  at.onchange = () => draw().catch(failure);
  const save = button("Save settings", "primary", "settings-save", async () => {
    error.textContent = "";
    let value;
    try { value = JSON.parse(editor.value); } catch (problem) { error.textContent = "Not JSON: " + problem.message; return; }
    try { await api("PUT", `/settings/${at.value}`, value); await draw(); } catch (problem) { error.textContent = problem.message; }
  });
  panel.replaceChildren(el("div", { className: "toolbar" }, el("label", { textContent: "Level", htmlFor: "settings-at" }), at),
    el("div", { className: "columns" },
      el("div", {}, el("h2", { textContent: "Settings at this level" }), editor, error, change ? save : el("p", { className: "muted", textContent: "Read only for you." })),
      el("div", {}, el("h2", { textContent: "Resolved, with where each value comes from" }), resolved)));
  await draw();
}

// Aliases: the integration's, and each flow's.
export async function aliasesTab(summary, panel) {
  const change = may(summary, "change");
  const resources = await resourcesOf(summary);
  const names = new Map(resources.all.map(r => [r._id, `${r.kind}: ${r.name}`]));
  const owner = el("select", { id: "aliases-of" }, el("option", { value: "", textContent: "The integration" }),
    ...resources.flows.map(flow => el("option", { value: flow._id, textContent: `Flow: ${flow.name}` })));
  owner.value = panel.dataset.flow || "";
  const listing = el("div", {});
  const draw = async () => {
    panel.dataset.flow = owner.value;
    const aliases = await api("GET", `/integrations/${summary._id}/aliases` + (owner.value ? `?flow=${owner.value}` : ""));
    const target = (alias) => alias._flowId || alias._connectionId || alias._exportId || alias._importId;
    const rows = aliases.map(alias => el("tr", {}, cell(el("code", { textContent: alias.alias })), cell(names.get(target(alias)) || target(alias) || ""),
      cell(alias.description || ""),
      cell(change ? button("Delete", "link danger", "", act(() => api("DELETE", `/integrations/${summary._id}/aliases/${enc(alias.alias)}` + (owner.value ? `?flow=${owner.value}` : "")))) : "")));
    listing.replaceChildren(rows.length ? table("aliases", ["Alias", "Names", "Description", ""], rows) : empty("No aliases here."));
  };
  owner.onchange = () => draw().catch(failure);
  const toolbar = el("div", { className: "toolbar" }, el("label", { textContent: "Aliases of", htmlFor: "aliases-of" }), owner, el("span", { className: "grow" }));
  if (change) toolbar.append(button("Create alias", "primary", "create-alias", () => {
    const name = el("input", { id: "alias-name", required: true, pattern: "[A-Za-z0-9_-]+" });
    const targets = resources.all.filter(r => r.kind !== "integration" && r._id !== owner.value);
    const target = el("select", { id: "alias-target" }, ...targets.map(r => el("option", { value: r._id, textContent: `${r.kind}: ${r.name}` })));
    const description = el("input", { id: "alias-description" });
    dialog("Create alias", [...labelled("Alias", name), ...labelled("Names", target), ...labelled("Description", description)], "Create",
      () => api("POST", `/integrations/${summary._id}/aliases`, { alias: name.value, target: target.value, description: description.value, _flowId: owner.value || null }));
  }));
  panel.replaceChildren(toolbar, listing);
  await draw();
}

/** A readable side-by-side diff: per resource, each field's value before and after. */
function diffTable(changes) {
  if (!changes.length) return empty("No differences.");
  const rows = [];
  for (const change of changes) {
    rows.push(el("tr", { className: "resource" }, el("th", { colSpan: 3, textContent: `${change.kind}${change.name ? " · " + change.name : ""} — ${change.status}` })));
    for (const field of change.fields || []) rows.push(el("tr", {}, el("td", { className: "field", textContent: field.path || "(whole)" }),
      el("td", { className: "old" }, el("pre", { textContent: field.old === null || field.old === undefined ? "—" : show(field.old) })),
      el("td", { className: "new" }, el("pre", { textContent: field.new === null || field.new === undefined ? "—" : show(field.new) }))));
  }
  return el("table", { className: "diff", id: "diff" }, el("thead", {}, el("tr", {}, ...["Field", "Before", "After"].map(text => el("th", { textContent: text })))), el("tbody", {}, ...rows));
}

// Revisions: snapshot, what each changed, a comparison with now, revert, and pull.
export async function revisionsTab(summary, panel) {
  const change = may(summary, "change");
  const [revisions, others] = await Promise.all([api("GET", `/integrations/${summary._id}/revisions`), api("GET", "/integrations?view=list")]);
  const details = el("div", { id: "revision-details" });
  const showDiff = (title, load) => async () => {
    try { const changes = await load(); details.replaceChildren(el("h2", { textContent: title }), diffTable(changes)); details.scrollIntoView({ block: "nearest" }); }
    catch (error) { failure(error); }
  };
  const rows = revisions.map(revision => {
    const cells = el("div", { className: "actions" },
      button("Changes", "link", "", showDiff(`What ${revision.type} "${revision.description || when(revision.createdAt)}" changed`,
        async () => (await api("GET", `/revisions/${revision._id}`)).changes)),
      button("Compare with now", "link", "", showDiff("From this revision to now", () => api("GET", `/revisions/${revision._id}/diff?current=true`))));
    if (change) cells.append(button("Revert to this", "link danger", "", () => {
      if (confirm("Make the integration as it was after this revision? The revert is itself a revision.")) act(() => api("POST", `/revisions/${revision._id}/revert`))();
    }));
    const row = el("tr", {}, cell(when(revision.createdAt)), cell(el("span", { className: "badge", textContent: revision.type })),
      cell(revision.description || ""), cell(revision.user || ""), cell(cells));
    row.dataset.id = revision._id;
    return row;
  });
  const toolbar = el("div", { className: "toolbar" }, el("span", { className: "grow muted", textContent: plural(revisions.length, "revision") }));
  if (change) toolbar.append(button("Pull…", "", "pull", () => pullDialog(summary, others, details)),
    button("Snapshot", "primary", "snapshot", () => {
      const description = el("input", { id: "snapshot-description", placeholder: "Before the Black Friday changes" });
      dialog("Snapshot", labelled("Description", description), "Snapshot",
        () => api("POST", `/integrations/${summary._id}/revisions`, { description: description.value }));
    }));
  panel.replaceChildren(toolbar, revisions.length ? table("revisions", ["When", "Type", "Description", "By", ""], rows) : empty("No revisions yet: take a snapshot."), details);
}

/** Pull from a clone or the source: preview the merge with its conflicts, then apply it. */
function pullDialog(summary, others, details) {
  const related = others.filter(item => item._id !== summary._id && may(item, "revisions"));
  const from = el("select", { id: "pull-from" }, ...related.map(item => el("option", { value: item._id, textContent: item.name })));
  if (summary._sourceId) from.value = summary._sourceId;
  const preview = async () => {
    // A conflicted pull is refused (409) with its conflicts and what would merge cleanly.
    const result = await api("POST", `/integrations/${summary._id}/pull?dryRun=true`, { from: from.value })
      .catch(error => { if (error.status === 409 && error.details && error.details.conflicts) return { plan: error.details }; throw error; });
    const conflicts = result.plan.conflicts || [];
    const take = el("select", { id: "pull-take" }, el("option", { value: "", textContent: "Resolve conflicts: refuse" }),
      el("option", { value: "ours", textContent: "Keep ours" }), el("option", { value: "theirs", textContent: "Take theirs" }));
    const apply = button("Pull these changes", "primary", "pull-apply", act(async () => {
      await api("POST", `/integrations/${summary._id}/pull`, { from: from.value, take: take.value || null });
    }));
    const conflictRows = conflicts.map(c => el("tr", {}, cell(`${c.kind} · ${c.name}`), el("td", { className: "field", textContent: c.path }),
      el("td", { className: "base" }, el("pre", { textContent: show(c.base) })), el("td", { className: "old" }, el("pre", { textContent: show(c.ours) })),
      el("td", { className: "new" }, el("pre", { textContent: show(c.theirs) }))));
    const changes = result.plan.changes || [];
    details.replaceChildren(el("h2", { textContent: `Pull from "${from.selectedOptions[0].textContent}"` }),
      changes.length ? diffTable(changes) : empty(conflicts.length ? "Nothing merges cleanly; only the conflicts below." : "Already up to date: nothing to pull."),
      conflicts.length ? el("h3", { textContent: `${conflicts.length} conflict${conflicts.length === 1 ? "" : "s"}` }) : "",
      conflicts.length ? el("table", { className: "diff conflicts", id: "conflicts" }, el("thead", {}, el("tr", {}, ...["Resource", "Field", "Base", "Ours", "Theirs"].map(t => el("th", { textContent: t })))), el("tbody", {}, ...conflictRows)) : "",
      el("div", { className: "toolbar" }, conflicts.length ? take : "", apply));
  };
  dialog("Pull", labelled("From", from), "Preview", preview, false);
}

// The audit log of this integration, with filters and the same rows as CSV.
export async function auditTab(summary, panel) {
  const filters = panel.filters || (panel.filters = { user: "", action: "", type: "", source: "", since: "", until: "" });
  const query = () => {
    const q = new URLSearchParams({ integration: summary._id, limit: "200" });
    for (const [key, value] of Object.entries(filters)) if (value) q.set(key, value);
    return q;
  };
  const inputs = Object.keys(filters).map(key => {
    const input = el("input", { id: "audit-" + key, placeholder: { since: "since (2026-11-01)", until: "until", type: "resource type" }[key] || key, value: filters[key] });
    input.onchange = () => { filters[key] = input.value.trim(); auditTab(summary, panel).catch(failure); };
    return input;
  });
  const entries = await api("GET", "/audit?" + query());
  const csv = query(); csv.set("format", "csv"); csv.set("limit", "100000");
  const rows = entries.map(entry => {
    const change = entry.fieldChange || {};
    return el("tr", {}, cell(when(entry.time)), cell(entry.user), cell(entry.source), cell(`${entry.resourceType} `, el("span", { className: "muted", textContent: entry.resourceName || "" })),
      cell(el("strong", { textContent: entry.action })), cell(change.fieldPath ? el("code", { textContent: change.fieldPath }) : ""),
      cell(change.fieldPath ? el("pre", { textContent: `${show(change.oldValue)} → ${show(change.newValue)}` }) : ""));
  });
  panel.replaceChildren(el("div", { className: "filters" }, ...inputs),
    el("div", { className: "toolbar" }, el("span", { className: "grow muted", textContent: `${entries.length} entries (newest first)` }),
      el("a", { className: "link", id: "audit-csv", href: "/api/v1/audit?" + csv, download: "audit.csv", textContent: "Download CSV" })),
    rows.length ? table("audit", ["When", "User", "Source", "Resource", "Action", "Field", "Change"], rows) : empty("Nothing matches."));
}

// Users: who may see or change this integration, and grants for those whose role does not.
export async function usersTab(summary, panel) {
  const users = await api("GET", "/users");
  const rows = users.map(user => {
    const grant = (user.integrations || []).find(g => g._integrationId === summary._id);
    let access;
    if (user.roleAccess === "manage") access = el("span", { className: "muted", textContent: "manage (by role)" });
    else {
      access = el("select", { id: "grant-" + user.name }, el("option", { value: "", textContent: user.roleAccess === "monitor" ? "monitor (by role)" : "no access" }),
        el("option", { value: "monitor", textContent: "monitor" }), el("option", { value: "manage", textContent: "manage" }));
      access.value = grant ? grant.access : "";
      access.onchange = act(() => access.value
        ? api("PUT", `/users/${enc(user.name)}/grants/${summary._id}`, { access: access.value })
        : api("DELETE", `/users/${enc(user.name)}/grants/${summary._id}`));
    }
    return el("tr", {}, cell(el("strong", { textContent: user.name })), cell(user.role), cell(access));
  });
  panel.replaceChildren(table("users", ["User", "Role", "Access to this integration"], rows));
}

// Admin: name, description and readme (rendered), and the integration's own actions.
export async function adminTab(summary, panel) {
  const change = may(summary, "change");
  const name = el("input", { id: "admin-name", value: summary.name, readOnly: !change });
  const description = el("textarea", { id: "admin-description", rows: 2, value: summary.description || "", readOnly: !change });
  const readme = el("textarea", { id: "admin-readme", rows: 10, value: summary.readme || "", readOnly: !change });
  const form = el("div", { className: "card" }, el("div", { className: "form-grid" },
    ...labelled("Name", name), ...labelled("Description", description), ...labelled("Readme (Markdown)", readme)));
  if (change) form.append(el("div", { className: "toolbar" }, el("span", { className: "grow" }),
    button("Save", "primary", "admin-save", act(() => api("PATCH", `/integrations/${summary._id}`, { name: name.value, description: description.value, readme: readme.value })))));
  const parts = [el("h2", { textContent: "Readme" }), summary.readme ? markdown(summary.readme) : empty("No readme yet."), el("h2", { textContent: "Details" }), form];
  if (may(summary, "clone") || may(summary, "delete")) parts.push(el("div", { className: "card danger-zone" }, el("h3", { textContent: "Clone, download, delete" }),
    el("div", { className: "actions" }, ...actions(summary).childNodes)));
  panel.replaceChildren(...parts);
}

/** A readme's Markdown as elements (headings, lists, code, emphasis, links); never as HTML. */
function markdown(text) {
  const root = el("div", { className: "readme", id: "readme" });
  let list = null, paragraph = [], code = null;
  const flush = () => { if (paragraph.length) root.append(el("p", {}, ...inline(paragraph.join(" ")))); paragraph = []; };
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    if (code) {
      if (/^```/.test(line)) { root.append(el("pre", {}, el("code", { textContent: code.join("\n") }))); code = null; } else code.push(line);
      continue;
    }
    if (/^```/.test(line)) { flush(); list = null; code = []; continue; }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) { flush(); list = null; root.append(el("h" + Math.min(heading[1].length + 1, 6), {}, ...inline(heading[2]))); continue; }
    const item = /^\s*(?:[-*+]|(\d+)[.)])\s+(.*)$/.exec(line);
    if (item) {
      flush();
      const tag = item[1] ? "OL" : "UL";
      if (!list || list.tagName !== tag) { list = el(tag.toLowerCase()); root.append(list); }
      list.append(el("li", {}, ...inline(item[2])));
      continue;
    }
    if (!line.trim()) { flush(); list = null; continue; }
    paragraph.push(line.trim());
  }
  if (code) root.append(el("pre", {}, el("code", { textContent: code.join("\n") })));
  flush();
  return root;
}

function inline(text) {
  const parts = [];
  const pattern = /(`[^`]+`)|\*\*([^*]+)\*\*|\*([^*]+)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0, match;
  while ((match = pattern.exec(text))) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    if (match[1]) parts.push(el("code", { textContent: match[1].slice(1, -1) }));
    else if (match[2]) parts.push(el("strong", { textContent: match[2] }));
    else if (match[3]) parts.push(el("em", { textContent: match[3] }));
    else parts.push(/^https?:\/\//.test(match[5]) ? el("a", { href: match[5], textContent: match[4], rel: "noopener noreferrer", target: "_blank" }) : match[4]);
    last = pattern.lastIndex;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
