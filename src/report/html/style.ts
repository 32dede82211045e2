// verification.html's stylesheet. Everything wraps inside 1280 px: tables scroll inside their own
// box at worst, long paths break at slashes, matrices wrap as blocks.

import { badgeStyle, VERDICTS } from './verdicts.ts';

export function badgeCss(): string {
  return [...VERDICTS, 'none']
    .map((v) => {
      const s = badgeStyle(v);
      return `.v-${v}{background:${s.bg};color:${s.fg}}`;
    })
    .join('\n');
}

export const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#ffffff;--soft:#f6f8fa;--accent:#0969da}
*{box-sizing:border-box}
html{scroll-behavior:smooth}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;overflow-wrap:break-word}
main{max-width:1180px;margin:0 auto;padding:0 24px 64px}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
code.wrap{word-break:break-all}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:10px 12px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;max-height:420px}
nav.top{position:sticky;top:0;z-index:5;background:rgba(255,255,255,.96);border-bottom:1px solid var(--line);padding:8px 24px;display:flex;flex-wrap:wrap;gap:6px 18px;font-size:14px}
nav.top b{margin-right:8px}
header.page{padding:22px 0 6px}
header.page h1{margin:0 0 4px;font-size:26px}
.meta-line{color:var(--muted);font-size:14px}
.totals{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0 4px}
.total{display:inline-flex;align-items:center;gap:6px;border:1px solid var(--line);border-radius:20px;padding:2px 10px 2px 4px;font-size:13px;background:var(--soft)}
h2{font-size:21px;margin:34px 0 10px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:18px;margin:18px 0 8px}
h4{font-size:15px;margin:14px 0 6px}
.badge{display:inline-block;min-width:78px;text-align:center;border-radius:12px;padding:1px 9px;font-size:12.5px;font-weight:600;letter-spacing:.01em;white-space:nowrap}
.badge.mini{min-width:0;font-size:11px;padding:0 6px}
.rv{display:inline-flex;flex-direction:column;align-items:center;margin:0 6px 4px 0;vertical-align:top}
.rv .rl{font-size:11px;color:var(--muted);white-space:nowrap}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{font-size:12.5px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);background:var(--soft)}
td.id{font-weight:600;white-space:nowrap}
td.stmt{font-size:13.5px}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.summary td.verdicts{white-space:nowrap}
table.summary tr:hover td{background:#f6f8fa}
.na{color:#afb8c1}
.where{color:var(--muted);font-size:13px;font-weight:400}
.graph{border:1px solid var(--line);border-radius:8px;padding:8px;overflow-x:auto;background:#fff}
.graph svg{display:block;margin:0 auto;max-width:100%;height:auto}
.graph a:hover rect{stroke-opacity:1;stroke-width:2}
ul.plain{margin:6px 0;padding-left:20px}
p.lead{font-size:16px}
table.glance{font-size:14px;margin:8px 0 18px}
table.glance td.why{font-size:13.5px}
table.glance td.rd,table.glance td.fix{white-space:nowrap}
.rl{font-size:11px;color:var(--muted);white-space:nowrap}
.bl{white-space:nowrap;display:inline-block}
ol.findings{list-style:none;padding:0;margin:0}
li.finding{border:1px solid #ffcecb;border-left:5px solid #cf222e;border-radius:8px;padding:12px 16px;margin:14px 0;background:#fffdfc}
.fhead{display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px}
.fnum{font-weight:700;font-size:18px;color:#a40e26}
.fnum::before{content:"Finding "}
.fclaims{font-weight:600;font-size:16px}
p.why{margin:8px 0;font-size:15px}
.fbody h4{margin:10px 0 4px;font-size:14px}
.aside{font-size:13.5px;margin:4px 0}
ul.repairs-list{margin:4px 0;padding-left:18px}
ul.repairs-list li{margin:4px 0}
.replay{margin:8px 0;font-size:14px}
.tag{font-size:11px;border:1px solid var(--line);border-radius:8px;padding:0 6px;color:var(--muted)}
.tag.exact{border-color:#2da44e;color:#116329}
p.conclusion{font-weight:600}
article.claim{border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:18px 0;background:#fff}
article.claim>header{display:flex;flex-wrap:wrap;align-items:center;gap:10px}
article.claim>header h3{margin:0}
.statement{margin:10px 0 4px;padding:10px 12px;background:var(--soft);border-radius:6px;overflow-x:auto}
.statement .katex-display{margin:.2em 0}
.plainstmt{color:var(--muted);font-size:13px;margin:2px 0 8px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0;font-size:14px}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
table.checks{font-size:13.5px;margin:8px 0}
details.check{border-top:1px dashed var(--line);margin:0;padding:6px 0}
details.check>summary{font-size:14px}
.detail{margin:6px 0}
.interp{margin:6px 0;font-size:14px;color:var(--muted)}
ul.corners{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:6px}
ul.corners li{background:#ddf4ff;border-radius:12px;padding:1px 9px;font-size:13px}
ul.corners .count{color:var(--muted);margin-left:4px;font-variant-numeric:tabular-nums}
details{margin:6px 0}
summary{cursor:pointer;font-size:14px}
.figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:14px;margin:10px 0}
figure.fig{margin:0;border:1px solid var(--line);border-radius:8px;padding:6px;background:#fff}
figure.fig svg{display:block;width:100%;height:auto;font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif}
p.corners{font-size:13px;margin:4px 0}
figcaption{font-size:12.5px;color:var(--muted);padding:4px 4px 0}
.ce{border:1px solid #ffcecb;background:#fff8f7;border-radius:8px;padding:10px 14px;margin:10px 0}
.ce h4{margin-top:4px;color:#a40e26}
.mats{display:flex;flex-wrap:wrap;gap:12px 26px;align-items:flex-start;max-width:100%}
.mat{font-size:14px;max-width:100%;overflow-x:auto}
.mat .lbl{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px;color:var(--muted)}
.mat .katex{font-size:1.02em}
table.mx{width:auto;border-collapse:separate;border-spacing:0;border-left:1.5px solid var(--fg);border-right:1.5px solid var(--fg);border-radius:3px;font-variant-numeric:tabular-nums;font-size:13px;margin-top:2px}
table.mx td{border:0;padding:1px 7px;text-align:right}
.sc{font-variant-numeric:tabular-nums}
table.kv{width:auto;font-size:14px;max-width:100%}
table.kv td,table.kv th{padding:3px 12px 3px 0}
.repairs{margin-top:12px;border-left:3px solid #d4a72c;padding-left:12px}
.repair{margin:8px 0}
.warn{color:#9a6700}
footer{margin-top:40px;color:var(--muted);font-size:13px}
@media print{nav.top{display:none}article.claim{break-inside:avoid}details{open:true}}
`;
