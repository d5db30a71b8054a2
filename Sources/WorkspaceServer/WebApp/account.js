// The workspace-wide pages: the recycle bin and API tokens.
import { state, app, el, button, enc, plural, when, api, act, mayInWorkspace, dialog, labelled } from "./core.js";
import { table, cell, empty } from "./integration.js";

const kinds = { integration: "Integration", flowGroup: "Flow group", flow: "Flow", export: "Export", import: "Import",
  api: "API", tool: "Tool", script: "Script", connection: "Connection" };
const listLabels = { flowGroupings: "flow group", flows: "flow", exports: "export", imports: "import", apis: "API",
  tools: "tool", scripts: "script" };
const mayDo = (entry, action) => (entry.allowed || []).includes(action);

/** What came along with an entry: "2 exports, 1 import". */
const along = (entry) => Object.entries(entry.along || {}).map(([list, count]) => plural(count, listLabels[list] || list)).join(", ");

export async function recycleBinPage() {
  document.title = "Workspace · Recycle bin";
  const type = new URLSearchParams(location.hash.split("?")[1] || "").get("type") || "";
  const [entries, retention] = await Promise.all([
    api("GET", "/recycle-bin" + (type ? `?type=${enc(type)}` : "")), api("GET", "/recycle-bin/retention")]);
  const filter = el("select", { id: "bin-type" }, el("option", { value: "", textContent: "All types" }),
    ...Object.entries(kinds).map(([value, text]) => el("option", { value, textContent: text, selected: value === type })));
  filter.onchange = () => { location.hash = "#/recycle-bin" + (filter.value ? `?type=${filter.value}` : ""); };
  const toolbar = el("div", { className: "toolbar" }, filter,
    el("span", { className: "grow muted", id: "bin-count", textContent: `${entries.length} ${entries.length === 1 ? "entry" : "entries"} · kept ${retention.retentionDays} days` }));
  if (mayInWorkspace("purgeRecycleBin")) toolbar.append(button("Purge older than…", "danger", "bin-purge-old", purgeOld));
  if (mayInWorkspace("setRetention")) toolbar.append(button("Retention…", "", "bin-retention", () => setRetention(retention.retentionDays)));
  const rows = entries.map(entry => {
    const actions = el("div", { className: "actions" });
    if (mayDo(entry, "restore")) actions.append(button("Restore", "link", "", () => restore(entry)));
    if (mayDo(entry, "purge")) actions.append(button("Purge", "link danger", "", () => {
      if (confirm(`Purge ${kinds[entry.type].toLowerCase()} "${entry.name}" for good? It cannot come back.`)) act(() => api("DELETE", `/recycle-bin/${entry._id}`))();
    }));
    const row = el("tr", {}, cell(el("span", { className: "badge", textContent: kinds[entry.type] || entry.type })), cell(entry.name),
      cell(entry.integrationName || ""), cell(along(entry)), cell(when(entry.deletedAt)), cell(entry.deletedBy),
      cell(when(entry.purgeAt)), cell(actions));
    row.dataset.id = entry._id;
    return row;
  });
  app.replaceChildren(el("a", { href: "#/", className: "crumb", textContent: "← Home" }), el("h1", { textContent: "Recycle bin" }), toolbar,
    entries.length ? table("bin", ["Type", "Name", "Integration", "With", "Deleted", "By", "Purged", ""], rows) : empty("The recycle bin is empty."));
}

/** Restores where it was; a place that is gone is the server's to say, and the form offers another integration. */
function restore(entry) {
  const name = el("input", { id: "restore-name", placeholder: entry.name });
  const fields = [...labelled("New name (if the old one is taken)", name)];
  let into = null;
  if (entry.type !== "integration" && entry.type !== "connection") {
    into = el("input", { id: "restore-into", placeholder: entry.integrationName || "" });
    fields.push(...labelled("Into integration (if not where it was)", into));
  }
  dialog(`Restore ${kinds[entry.type].toLowerCase()} "${entry.name}"`, fields, "Restore", () =>
    api("POST", `/recycle-bin/${entry._id}/restore`, { name: name.value.trim() || null, into: into && into.value.trim() || null }));
}

function purgeOld() {
  const age = el("input", { id: "purge-age", value: "7d", pattern: "[0-9]+[smhdw]", required: true });
  dialog("Purge older entries", labelled("Deleted longer ago than (90s, 30m, 2h, 7d, 2w)", age), "Purge",
    () => api("POST", "/recycle-bin/purge", { olderThan: age.value.trim() }));
}

function setRetention(days) {
  const input = el("input", { id: "retention-days", type: "number", min: 1, max: 3650, value: days, required: true });
  dialog("Recycle bin retention", labelled("Days entries stay", input), "Save",
    () => api("PUT", "/recycle-bin/retention", { retentionDays: Number(input.value) }));
}

const lifetimes = { "1h": "1 hour", "4h": "4 hours", "1d": "1 day", "4d": "4 days", "10d": "10 days", "30d": "30 days", never: "Never" };

export async function tokensPage() {
  document.title = "Workspace · Tokens";
  const tokens = await api("GET", "/tokens");
  // A scoped token's session may neither make nor revoke tokens: the server says which (makeTokens).
  const manages = mayInWorkspace("makeTokens");
  const toolbar = el("div", { className: "toolbar" }, el("span", { className: "grow muted", textContent: plural(tokens.length, "token") }));
  if (manages) toolbar.append(button("Create token", "primary", "create-token", createToken));
  const rows = tokens.map(token => {
    const revoke = manages ? button("Revoke", "link danger", "", () => {
      if (confirm(`Revoke token ${token.label || token._id}? Whatever uses it stops working at once.`)) act(() => api("DELETE", `/tokens/${token._id}`))();
    }) : "";
    const row = el("tr", {}, cell(token.label || ""), cell(token.user), cell((token.scope || []).join(", ")),
      cell(token.expiresAt ? when(token.expiresAt) : "never"), cell(token.lastUsedAt ? when(token.lastUsedAt) : "never"),
      cell(when(token.createdAt)), cell(revoke));
    row.dataset.id = token._id;
    return row;
  });
  app.replaceChildren(el("a", { href: "#/", className: "crumb", textContent: "← Home" }), el("h1", { textContent: "API tokens" }), toolbar,
    tokens.length ? table("tokens", ["Label", "User", "Scope", "Expires", "Last used", "Created", ""], rows) : empty("No tokens."));
}

/** Full access, read only, or chosen integrations at manage or monitor; and how long it lives. */
async function createToken() {
  const integrations = (await api("GET", "/integrations?view=list")).filter(item => item._id !== "none");
  const label = el("input", { id: "token-label", placeholder: "Nightly export job" });
  const kind = el("select", { id: "token-scope" }, ...[["full", "Full access"], ["read", "Read only"], ["custom", "Chosen integrations"]]
    .map(([value, text]) => el("option", { value, textContent: text })));
  const picks = integrations.map(item => {
    const access = el("select", { className: "token-access", name: item._id },
      ...[["", "—"], ["manage", "Manage"], ["monitor", "Monitor"]].map(([value, text]) => el("option", { value, textContent: text })));
    return { item, access, row: el("div", { className: "scope-row" }, el("span", { textContent: item.name }), access) };
  });
  const custom = el("div", { id: "token-integrations", hidden: true }, ...picks.map(pick => pick.row));
  kind.onchange = () => { custom.hidden = kind.value !== "custom"; };
  const expires = el("select", { id: "token-expires" }, ...Object.entries(lifetimes).map(([value, text]) => el("option", { value, textContent: text, selected: value === "30d" })));
  dialog("Create token", [...labelled("Label", label), ...labelled("Access", kind), custom, ...labelled("Expires after", expires)], "Create", async () => {
    const scope = kind.value === "custom"
      ? picks.filter(pick => pick.access.value).map(pick => `integration:${pick.item._id}:${pick.access.value}`)
      : [kind.value];
    if (!scope.length) throw new Error("Choose at least one integration, or another kind of access.");
    const made = await api("POST", "/tokens", { label: label.value, scope, expires: expires.value });
    // Shown once: a second dialog holds the secret until it is closed; then the list reloads.
    dialog("Your new token", [el("p", { textContent: "Copy it now: it is not shown again." }), el("pre", { id: "token-secret", textContent: made.token })],
      "Done", async () => {});
  }, false);
}
