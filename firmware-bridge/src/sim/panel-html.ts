export interface PanelAction {
  label: string;
  line: string;
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The demo's simulator panel: one box per device, a button per action, a free command line. */
export function panelHtml(sims: Array<{ name: string; title: string; actions: PanelAction[] }>): string {
  const boxes = sims
    .map(
      (sim) => `
  <section class="sim" data-sim="${escape(sim.name)}">
    <h2>${escape(sim.title)}</h2>
    ${sim.actions
      .map(
        (a) =>
          `<button data-line="${escape(a.line)}" data-testid="${escape(`${sim.name}:${a.label}`)}">${escape(a.label)}</button>`,
      )
      .join('\n    ')}
    <form><input name="line" placeholder="command, e.g. state" aria-label="command for ${escape(sim.title)}"><button>Send</button></form>
    <pre class="reply" aria-live="polite"></pre>
  </section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Yaofang simulator panel</title>
<style>
body{font-family:sans-serif;margin:24px;background:#f6f6f6}
.sim{background:#fff;border:1px solid #ccc;border-radius:8px;padding:12px 16px;margin-bottom:16px}
button{font-size:18px;margin:4px;padding:8px 16px}
input{font-size:16px;padding:6px;width:20em}
pre{background:#eee;padding:8px;min-height:1.5em;white-space:pre-wrap}
</style></head>
<body><h1>Simulator panel</h1>${boxes}
<script>
async function send(section, line) {
  const res = await fetch('/api/sims/' + section.dataset.sim + '/control', { method: 'POST', body: line });
  const reply = await res.json();
  section.querySelector('.reply').textContent = reply.ok ? reply.message : 'error: ' + reply.error;
}
for (const section of document.querySelectorAll('.sim')) {
  for (const button of section.querySelectorAll('button[data-line]')) {
    button.addEventListener('click', () => send(section, button.dataset.line));
  }
  section.querySelector('form').addEventListener('submit', (e) => {
    e.preventDefault();
    send(section, e.target.line.value);
  });
}
</script></body></html>`;
}
