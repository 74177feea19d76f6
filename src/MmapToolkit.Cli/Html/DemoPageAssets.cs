namespace MmapToolkit.Cli.Html;

/// <summary>The demo page's style and script, inlined into every page so it opens offline and fetches nothing.</summary>
internal static class DemoPageAssets
{
    public const string Style = """
        :root { --changed: #ffd54a; --new: #c8e6ff; --agree: #2e7d32; --explained: #b26a00; --unexplained: #c62828; --grey: #666; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #1a1a1a; background: #fff; }
        header { padding: 12px 20px; border-bottom: 1px solid #ddd; background: #f6f8fa; }
        header h1 { margin: 0 0 4px; font-size: 20px; }
        .story p { margin: 2px 0; }
        .conditions, .kernel-skipped { color: var(--grey); margin: 4px 0; }
        .verdict.agree { color: var(--agree); font-weight: bold; }
        .verdict.differ { color: var(--unexplained); font-weight: bold; }
        #nav { display: flex; gap: 10px; align-items: center; padding: 8px 20px; border-bottom: 1px solid #ddd; position: sticky; top: 0; background: #fff; z-index: 1; }
        #nav input[type=range] { flex: 1; }
        #nav .keys { color: var(--grey); }
        .layout { display: grid; grid-template-columns: 300px 1fr; }
        #step-list { margin: 0; padding: 8px 8px 8px 32px; border-right: 1px solid #ddd; font-family: ui-monospace, monospace; font-size: 12px; }
        #step-list li { padding: 2px 4px; cursor: pointer; border-radius: 3px; }
        #step-list li.current { background: #1f6feb; color: #fff; }
        #step-list li.differ-unexplained { border-left: 4px solid var(--unexplained); }
        #step-list li.differ-explained { border-left: 4px solid var(--explained); }
        #step-list a { color: inherit; text-decoration: none; }
        main { padding: 8px 20px; min-width: 0; }
        section.step h2 { font-size: 16px; margin: 8px 0; }
        section.step h2 code { background: #eef; padding: 1px 4px; }
        .columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 20px; }
        h3 { font-size: 14px; margin: 10px 0 4px; } h4, h5 { font-size: 13px; margin: 8px 0 4px; }
        table { border-collapse: collapse; margin: 0 0 10px; font-size: 12px; }
        caption { text-align: left; font-weight: bold; padding: 2px 0; }
        th, td { border: 1px solid #ccc; padding: 1px 6px; text-align: left; white-space: nowrap; }
        th { background: #f0f0f0; }
        td[data-col=owners], td[data-col="why invalid"] { white-space: normal; }
        tr.pte.invalid td { color: var(--grey); }
        td.changed, .changed-note { background: var(--changed); color: #000 !important; font-weight: bold; }
        table.new caption, tr.frame.new td { background: var(--new); }
        tr.counter.agree td:last-child { color: var(--agree); }
        tr.differ-explained td { background: #fff3d6; }
        tr.differ-unexplained td { background: #ffdcdc; }
        tr.reason td { white-space: normal; font-style: italic; }
        .na, tr.not-compared td:last-child { color: var(--grey); }
        td.na { font-style: italic; }
        .faults ul, .log ul { margin: 2px 0; padding-left: 20px; font-family: ui-monospace, monospace; font-size: 11px; }
        .legend span { display: inline-block; padding: 0 6px; margin-right: 8px; }
        .legend .changed { background: var(--changed); } .legend .new { background: var(--new); }
        .empty, .note { color: var(--grey); }
        """;

    /// <summary>Shows one step at a time: the slider, the buttons, the step list, the arrow keys (Home/End too) and
    /// <c>#step-N</c> in the address all choose it. Without the script every step is shown, one after another.</summary>
    public const string Script = """
        (function () {
          var steps = Array.prototype.slice.call(document.querySelectorAll('section.step'));
          var items = Array.prototype.slice.call(document.querySelectorAll('#step-list li'));
          var slider = document.getElementById('slider');
          var position = document.getElementById('position');
          var current = 0;
          // The script shows one step at a time itself: the browser's jump to #step-N would scroll the header away.
          steps.forEach(function (s) { s.removeAttribute('id'); });
          function show(i, remember) {
            if (steps.length === 0) return;
            i = Math.max(0, Math.min(steps.length - 1, i));
            current = i;
            steps.forEach(function (s, k) { s.hidden = k !== i; s.classList.toggle('current', k === i); });
            items.forEach(function (li, k) {
              li.classList.toggle('current', k === i);
              if (k === i) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
            });
            slider.value = String(i);
            position.textContent = 'step ' + (i + 1) + ' of ' + steps.length;
            document.body.setAttribute('data-current', String(i));
            if (remember && history.replaceState) history.replaceState(null, '', '#step-' + i);
          }
          function fromHash() {
            var m = /^#step-(\d+)$/.exec(location.hash);
            return m ? parseInt(m[1], 10) : 0;
          }
          slider.addEventListener('input', function () { show(parseInt(slider.value, 10), true); });
          document.getElementById('prev').addEventListener('click', function () { show(current - 1, true); });
          document.getElementById('next').addEventListener('click', function () { show(current + 1, true); });
          items.forEach(function (li, k) {
            li.addEventListener('click', function (e) { e.preventDefault(); show(k, true); });
          });
          document.addEventListener('keydown', function (e) {
            if (e.target === slider || e.altKey || e.ctrlKey || e.metaKey) return;   // the slider moves itself
            var to = { ArrowRight: current + 1, ArrowDown: current + 1, ArrowLeft: current - 1, ArrowUp: current - 1,
                       Home: 0, End: steps.length - 1 }[e.key];
            if (to === undefined) return;
            e.preventDefault();
            show(to, true);
          });
          window.addEventListener('hashchange', function () { show(fromHash(), false); });
          show(fromHash(), false);
          window.scrollTo(0, 0);
          document.body.setAttribute('data-script', 'ready');
        })();
        """;
}
