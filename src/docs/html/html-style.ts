/** The page's stylesheet: system fonts, a fixed sidebar, readable tables; prints without the sidebar. */
export const STYLE = `
:root { --fg:#1f2328; --muted:#656d76; --line:#d0d7de; --soft:#f6f8fa; --accent:#0969da; --side:300px; }
* { box-sizing: border-box; }
html { scroll-padding-top: 12px; }
body { margin:0; color:var(--fg); font:15px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; background:#fff; }
a { color:var(--accent); text-decoration:none; } a:hover { text-decoration:underline; }
code { font:12.5px/1.4 ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; background:var(--soft); padding:1px 5px; border-radius:5px; }
.muted { color:var(--muted); }
#sidebar { position:fixed; inset:0 auto 0 0; width:var(--side); display:flex; flex-direction:column; border-right:1px solid var(--line); background:var(--soft); }
.brand { display:block; padding:16px 18px 8px; font-weight:650; font-size:17px; color:var(--fg); }
#search { margin:4px 14px 4px; padding:8px 11px; font:inherit; border:1px solid var(--line); border-radius:8px; background:#fff; outline:none; }
#search:focus { border-color:var(--accent); box-shadow:0 0 0 3px rgba(9,105,218,.15); }
#match-count { margin:2px 18px 6px; font-size:12px; min-height:1em; }
#table-list { overflow:auto; padding:0 8px 24px; }
.nav-domain h4 { margin:14px 10px 4px; font-size:11.5px; text-transform:uppercase; letter-spacing:.06em; color:var(--muted); }
.nav-domain h4 a { color:inherit; }
.nav-domain ul { list-style:none; margin:0; padding:0; }
.nav-domain li a { display:block; padding:3px 10px; border-radius:6px; color:var(--fg); font-size:14px; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
.nav-domain li a:hover { background:#eaeef2; text-decoration:none; }
.nav-domain li .model { display:none; }
.nav-domain li .in-domain { display:none; }
.nav-results h4 { margin:14px 10px 4px; font-size:11.5px; text-transform:uppercase; letter-spacing:.06em; color:var(--muted); }
.nav-results ul { list-style:none; margin:0; padding:0; }
.nav-results li a { display:block; padding:3px 10px 0; border-radius:6px; color:var(--fg); font-size:14px; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
.nav-results li a:hover { background:#eaeef2; text-decoration:none; }
.nav-results li .model { display:none; }
.nav-results li .in-domain { display:block; padding:0 10px 3px; font-size:11.5px; color:var(--muted); }
.count { display:inline-block; min-width:1.6em; padding:0 6px; font-size:11.5px; font-weight:600; line-height:18px; text-align:center; color:var(--muted); background:#eaeef2; border-radius:9px; letter-spacing:0; }
main { margin-left:var(--side); padding:28px 40px 60px; max-width:calc(var(--side) + 1180px); }
h1 { font-size:28px; margin:0 0 14px; letter-spacing:-.01em; }
h2 { font-size:21px; margin:40px 0 14px; padding-bottom:6px; border-bottom:1px solid var(--line); }
.stats { display:flex; flex-wrap:wrap; gap:10px; }
.stat { padding:10px 16px; border:1px solid var(--line); border-radius:10px; min-width:110px; }
.stat b { display:block; font-size:22px; } .stat span { color:var(--muted); font-size:13px; }
details.notes { margin-top:14px; color:var(--muted); }
figure.diagram { margin:0 0 22px; border:1px solid var(--line); border-radius:10px; overflow:hidden; }
figure.diagram figcaption { display:flex; align-items:center; gap:10px; padding:8px 14px; background:var(--soft); border-bottom:1px solid var(--line); }
figure.diagram .title { font-weight:600; }
.zoom { margin-left:auto; display:flex; gap:4px; }
.zoom button { font:inherit; font-size:13px; min-width:30px; padding:1px 8px; border:1px solid var(--line); border-radius:6px; background:#fff; cursor:pointer; }
.canvas { overflow:auto; max-height:80vh; padding:12px; }
.canvas svg { display:block; margin:0 auto; height:auto; }
.canvas.main + .canvas.main { border-top:1px dashed var(--line); }
.lone { display:flex; flex-wrap:wrap; align-items:flex-start; gap:4px 8px; padding:8px; border-top:1px dashed var(--line); }
.lone .canvas { padding:4px; max-height:none; overflow:visible; }
.canvas g.table-node { cursor:pointer; }
.canvas g.table-node:hover rect, .canvas g.table-node:hover path { stroke:var(--accent) !important; }
.canvas g.stub { opacity:.55; }
.canvas .error { color:#cf222e; white-space:pre-wrap; }
h3.domain { margin:34px 0 10px; font-size:15px; text-transform:uppercase; letter-spacing:.05em; color:var(--muted); }
.table-card, .enum-card { margin:0 0 18px; padding:16px 20px 12px; border:1px solid var(--line); border-radius:10px; }
.table-card:target, .enum-card:target { border-color:var(--accent); box-shadow:0 0 0 3px rgba(9,105,218,.12); }
.table-card h3, .enum-card h3 { margin:0 0 4px; font-size:18px; }
.table-card h3 a { color:var(--fg); font-family:ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.badge { font-size:11.5px; font-weight:600; color:#8250df; border:1px solid #d8b9ff; border-radius:9px; padding:1px 8px; vertical-align:3px; }
.key { display:inline-block; font-size:10.5px; font-weight:700; letter-spacing:.04em; line-height:16px; padding:0 5px; border-radius:4px; border:1px solid; }
.key-pk { color:#9a6700; background:#fff8c5; border-color:#eed888; }
.key-fk { color:#0550ae; background:#ddf4ff; border-color:#a8d6f5; }
.key-uk { color:#8250df; background:#fbefff; border-color:#e2c5ff; }
.key-ix { color:#57606a; background:#f6f8fa; border-color:#d0d7de; }
.enum-card p, .table-card p { margin:4px 0; }
.enum-card h3 { margin-bottom:6px; }
.legend { font-size:13.5px; max-width:900px; margin:-4px 0 16px; }
.nav-extra { margin:14px 10px 0; font-size:13.5px; }
.comment { margin:2px 0 6px; }
.meta { display:flex; flex-wrap:wrap; gap:4px 18px; font-size:13px; color:var(--muted); margin-bottom:6px; }
.meta b { font-weight:600; color:var(--fg); }
h4 { margin:16px 0 6px; font-size:13px; text-transform:uppercase; letter-spacing:.05em; color:var(--muted); }
.scroll { overflow-x:auto; }
table.grid { border-collapse:collapse; width:100%; font-size:13.5px; }
table.grid th { text-align:left; font-weight:600; font-size:12px; color:var(--muted); border-bottom:1px solid var(--line); padding:5px 10px 5px 0; white-space:nowrap; }
table.grid td { border-bottom:1px solid #eaeef2; padding:5px 10px 5px 0; vertical-align:top; }
table.grid tr:last-child td { border-bottom:none; }
table.columns td:first-child code { font-weight:600; background:none; padding:0; }
details.neighbours { margin:10px 0 4px; }
details.neighbours summary { cursor:pointer; color:var(--accent); font-size:13.5px; }
footer { margin-top:50px; color:var(--muted); font-size:13px; }
@media (max-width: 900px) { #sidebar { position:static; width:auto; max-height:45vh; } main { margin-left:0; padding:20px; } }
@media print { #sidebar, .zoom, details.neighbours { display:none; } main { margin:0; } }
`;
