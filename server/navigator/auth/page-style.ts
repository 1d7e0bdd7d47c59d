/**
 * The guided flow's stylesheet, sent inline in a `<style>` element that carries the response's CSP
 * nonce (the flow's CSP allows no other inline style and no style attribute).
 */
/* Same tokens as the chat web app (web/src/styles.css), so the popup reads as part of one product. */
export const FLOW_CSS = `
:root{color-scheme:light dark;--bg:#f6f7fb;--card:#fff;--surface-2:#f1f3f9;--fg:#161a2b;--muted:#5b6278;--line:#e1e4ee;--line-strong:#c9cedc;
--accent:#4f46e5;--accent-hover:#4338ca;--accent-soft:#eef0ff;--accent-text:#fff;--focus:#2563eb;
--ok:#0f7b4f;--ok-soft:#e3f6ed;--warn:#9a5b00;--warn-soft:#fff3dc;--bad:#c0262d;--bad-soft:#fdecec;--shadow:0 1px 2px rgb(16 24 40 / 6%)}
@media (prefers-color-scheme:dark){:root{--bg:#0f1220;--card:#171b2e;--surface-2:#1f2439;--fg:#e8eaf4;--muted:#a1a7c0;--line:#2b3150;--line-strong:#3b4268;
--accent:#818cf8;--accent-hover:#a5b4fc;--accent-soft:#23264a;--accent-text:#0f1220;--focus:#93c5fd;
--ok:#4ade80;--ok-soft:#12301f;--warn:#fbbf24;--warn-soft:#352a0e;--bad:#f87171;--bad-soft:#3a1518}}
*,*::before,*::after{box-sizing:border-box}html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
.wrap{width:min(440px,100%);margin:0 auto;padding:24px 16px 48px}
.brand{display:flex;align-items:center;gap:8px;margin:0 0 16px;font-weight:700;color:var(--accent)}
.card{background:var(--card);border:1px solid var(--line);border-radius:16px;padding:24px;box-shadow:var(--shadow)}
h1{font-size:1.45rem;line-height:1.25;margin:0 0 12px}p{margin:0 0 12px}.muted{color:var(--muted)}
a{color:var(--accent)}a:hover{color:var(--accent-hover)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
label{display:block;font-weight:600;font-size:.9rem;margin:16px 0 4px}
input[type=text],input[type=password]{display:block;width:100%;height:40px;padding:0 10px;font:inherit;color:inherit;background:var(--card);border:1px solid var(--line-strong);border-radius:6px}
input:focus-visible{border-color:var(--focus)}
.button{display:inline-flex;align-items:center;justify-content:center;min-height:40px;padding:8px 16px;font:inherit;font-weight:600;line-height:1.2;text-decoration:none;cursor:pointer;border-radius:6px;border:1px solid transparent;transition:background-color 120ms}
.primary,a.button{background:var(--accent);color:var(--accent-text)}.primary:hover,a.button:hover{background:var(--accent-hover);color:var(--accent-text)}
.secondary{background:var(--card);color:var(--fg);border-color:var(--line-strong)}.secondary:hover{background:var(--surface-2)}
.block{width:100%}
.link{background:none;border:0;padding:4px 2px;font:inherit;color:var(--accent);text-decoration:underline;text-underline-offset:2px;cursor:pointer}.link:hover{color:var(--accent-hover)}
.actions{display:flex;flex-direction:column;align-items:center;gap:8px;margin-top:20px}
.row{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin-top:20px}
ul.servers{list-style:none;padding:0;margin:16px 0 0;display:grid;gap:8px}
ul.servers li{display:flex;min-height:62px;align-items:center;justify-content:space-between;flex-wrap:wrap;gap:8px 12px;padding:10px 10px 10px 14px;border:1px solid var(--line);border-radius:10px;background:var(--surface-2)}
.server{display:flex;align-items:center;flex-wrap:wrap;gap:6px 10px;min-width:0}.server strong{overflow-wrap:anywhere}
.badge{display:inline-flex;align-items:center;font-size:.78rem;font-weight:600;line-height:1;padding:4px 8px;border-radius:999px;white-space:nowrap;background:var(--card);color:var(--muted)}
.badge.connected{background:var(--ok-soft);color:var(--ok)}.badge.needs_connecting{background:var(--warn-soft);color:var(--warn)}.badge.expired{background:var(--bad-soft);color:var(--bad)}
.error{color:var(--bad);background:var(--bad-soft);padding:8px 12px;border-radius:6px;font-weight:600}
.done-mark{display:grid;place-items:center;width:44px;height:44px;margin:0 0 12px;border-radius:12px;background:var(--ok-soft);color:var(--ok);font-size:1.3rem;font-weight:700}
form.inline{display:inline;margin:0}
@media (max-width:480px){.wrap{padding:16px 12px 32px}.card{padding:16px}h1{font-size:1.3rem}}
`;
