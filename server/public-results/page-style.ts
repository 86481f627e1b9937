// The public page's style, inlined in each page (the site's CSP allows inline styles, not inline
// scripts; the static export then needs no other file). Mobile first: one column, large enough
// type, tables that scroll sideways inside their box rather than the page. Meaning never rests on
// colour alone: every result is also written in words and numbers.
export const PAGE_STYLE = `
*{box-sizing:border-box}
html{font-size:112.5%;-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1b1b1b;background:#fff}
a{color:#0b4fa8}
a:focus-visible{outline:3px solid #0b4fa8;outline-offset:2px}
header,main,footer{max-width:46rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid #ccc}
h1{font-size:1.6rem;line-height:1.2;margin:.5rem 0}
h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:2px solid #1b1b1b}
h3{font-size:1.05rem;margin:1.5rem 0 .25rem}
.lang{text-align:right;margin:0}
.meta,.caption,footer{color:#4a4a4a;font-size:.9rem}
.empty{font-size:1.1rem;padding:1rem;border:1px solid #ccc;border-radius:.5rem;background:#f6f6f6}
nav ul{padding-left:1.2rem}
article{border-top:1px solid #ddd;padding-top:.25rem}
.text{white-space:pre-line}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.result{font-weight:700;white-space:nowrap}
.bar{display:block;height:.5rem;background:#0b4fa8;border-radius:.25rem;min-width:1px}
ul.results{list-style:none;padding:0}
ul.results li{margin:.4rem 0}
ul.words{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
@media (max-width:36rem){
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack tr{display:block;border-bottom:1px solid #bbb;padding:.4rem 0}
table.stack td{display:flex;justify-content:space-between;gap:1rem;border:0;padding:.1rem 0;text-align:right;white-space:normal}
table.stack td::before{content:attr(data-label);color:#4a4a4a;text-align:left}
table.stack td.lead{display:block;text-align:left;font-weight:600}
table.stack td.lead::before{content:none}
}
@media print{a{color:inherit}.lang,nav{display:none}}
`;
