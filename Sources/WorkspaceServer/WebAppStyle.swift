extension WebApp {
    /// The app's one stylesheet.
    static let style = #"""
        :root { --ink: #1d2733; --muted: #66717f; --line: #dde3ea; --accent: #1f6feb; --warn: #b35900; --bg: #f5f7fa;
                --ok: #1a7f37; --bad: #b3261e; --old: #fff0ef; --new: #eafbef; }
        * { box-sizing: border-box; }
        [hidden] { display: none !important; }
        body[data-busy=true] { cursor: progress; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
        .bar { display: flex; justify-content: space-between; align-items: center; padding: 10px 24px; background: #0f2a47; color: #fff; }
        .brand { font-weight: 700; letter-spacing: .3px; }
        .brand a { color: inherit; text-decoration: none; }
        .who button { margin-left: 12px; }
        main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 60px; }
        h1 { font-size: 22px; margin: 6px 0 16px; }
        h2 { font-size: 16px; margin: 18px 0 8px; }
        h3 { font-size: 14px; margin: 14px 0 6px; }
        pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
        code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #eef2f6; padding: 1px 4px; border-radius: 4px; }
        .toolbar { display: flex; gap: 10px; align-items: center; margin-bottom: 16px; flex-wrap: wrap; }
        .toolbar input[type=search] { flex: 1; min-width: 200px; }
        .toolbar .grow { flex: 1; }
        input, select, button, textarea { font: inherit; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; color: var(--ink); }
        textarea { font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; }
        button { cursor: pointer; }
        button:disabled { cursor: default; opacity: .5; }
        button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
        button.link, a.link { border: none; background: none; color: var(--accent); padding: 2px 4px; text-decoration: none; font-size: 14px; }
        a.link:hover, button.link:hover { text-decoration: underline; }
        button.danger, a.danger { color: var(--bad); }
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
        .tile h2 a, td a.name { color: var(--ink); text-decoration: none; }
        .tile h2 a:hover, td a.name:hover { color: var(--accent); text-decoration: underline; }
        .tile .desc { color: var(--muted); font-size: 13px; flex: 1; }
        .counts { display: flex; gap: 12px; font-size: 12px; color: var(--muted); white-space: nowrap; flex-wrap: wrap; }
        .apps { display: flex; gap: 4px; flex-wrap: wrap; align-items: center; }
        .app { font-size: 11px; background: #eef2f6; border-radius: 4px; padding: 1px 6px; }
        .offline { color: var(--warn); font-size: 12px; }
        .actions { display: flex; gap: 2px; justify-content: flex-end; align-items: center; flex-wrap: wrap; }
        table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); border-radius: 10px; overflow: hidden; }
        th, td { text-align: left; padding: 9px 12px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: 12px; text-transform: uppercase; letter-spacing: .4px; color: var(--muted); background: #fafbfc; }
        button.pin { font-size: 16px; color: #c2c8d0; }
        button.pin[aria-pressed=true] { color: #e3a008; }
        .signin { max-width: 420px; margin: 60px auto; background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 24px; }
        .signin input { width: 100%; margin: 8px 0 14px; }
        .muted { color: var(--muted); }
        .error { color: var(--bad); margin: 8px 0; }
        dialog { border: 1px solid var(--line); border-radius: 10px; padding: 20px; min-width: 380px; }
        dialog input, dialog textarea, dialog select { width: 100%; margin: 6px 0 12px; }
        #toast { position: fixed; bottom: 20px; left: 50%; transform: translateX(-50%); background: #3b1114; color: #fff;
                 padding: 10px 16px; border-radius: 8px; max-width: 640px; box-shadow: 0 4px 14px rgba(0,0,0,.2); }
        .page-head { margin-bottom: 8px; }
        .crumb { color: var(--accent); text-decoration: none; font-size: 13px; }
        .summary-line { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
        .tabs { display: flex; gap: 2px; border-bottom: 1px solid var(--line); margin: 16px 0; flex-wrap: wrap; }
        .tabs a { padding: 8px 14px; color: var(--muted); text-decoration: none; border-bottom: 2px solid transparent; margin-bottom: -1px; }
        .tabs a[aria-selected=true] { color: var(--accent); border-bottom-color: var(--accent); font-weight: 600; }
        .group { margin-bottom: 18px; }
        .group > h2 { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .5px; }
        .flow { background: #fff; border: 1px solid var(--line); border-radius: 10px; margin-bottom: 8px; }
        .flow-row { display: flex; gap: 12px; align-items: center; padding: 10px 14px; }
        .flow-row .title { flex: 1; }
        .flow-row .title .muted { font-size: 12px; }
        .switch { appearance: none; width: 34px; height: 20px; border-radius: 10px; background: #c9d1d9; position: relative; cursor: pointer; padding: 0; border: none; }
        .switch::after { content: ""; position: absolute; top: 2px; left: 2px; width: 16px; height: 16px; border-radius: 50%; background: #fff; transition: left .15s; }
        .switch:checked { background: var(--ok); }
        .switch:checked::after { left: 16px; }
        .switch:disabled { cursor: default; opacity: .6; }
        .diagram { border-top: 1px solid var(--line); padding: 12px 14px; display: flex; gap: 14px; align-items: flex-start; overflow-x: auto; }
        .lane { display: flex; flex-direction: column; gap: 8px; min-width: 170px; }
        .lane > .label, .branch > .label { font-size: 11px; text-transform: uppercase; letter-spacing: .4px; color: var(--muted); }
        .arrow { align-self: center; color: var(--muted); font-size: 18px; }
        .step { border: 1px solid var(--line); border-left: 4px solid #8b9bb0; border-radius: 6px; padding: 6px 10px; background: #fbfcfd; min-width: 160px; }
        .step.export { border-left-color: #1f6feb; }
        .step.lookup { border-left-color: #8250df; }
        .step.import { border-left-color: var(--ok); }
        .step .kind { display: block; font-size: 11px; color: var(--muted); }
        .router { border: 1px dashed #8b9bb0; border-radius: 8px; padding: 8px 10px; }
        .branches { display: flex; gap: 10px; margin-top: 6px; }
        .branch { display: flex; flex-direction: column; gap: 6px; min-width: 160px; }
        .badge { font-size: 12px; border-radius: 10px; padding: 1px 8px; background: #eef2f6; }
        .badge.online { background: #dafbe1; color: var(--ok); }
        .badge.offline { background: #fff1e5; color: var(--warn); }
        .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
        .columns textarea { width: 100%; min-height: 320px; }
        .diff td.old { background: var(--old); width: 42%; }
        .diff td.new { background: var(--new); width: 42%; }
        .diff td.field { width: 16%; font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
        .diff tr.resource th { background: #f0f3f7; text-transform: none; font-size: 13px; letter-spacing: 0; color: var(--ink); }
        .conflicts td.old, .conflicts td.new, .conflicts td.base { width: 22%; }
        .conflicts td.base { background: #f6f8fa; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px; margin-bottom: 14px; }
        .filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin-bottom: 12px; }
        .readme { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 6px 18px; }
        .form-grid { display: grid; grid-template-columns: 140px 1fr; gap: 10px 14px; align-items: start; }
        .form-grid textarea, .form-grid input { width: 100%; }
        .danger-zone { border-color: #f1c0bd; }
        """#
}
