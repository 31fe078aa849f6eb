/// The stylesheet of an exported page (`HTMLExport`), inline so the page needs nothing
/// else: system fonts only (no web font, no `url()`), colours as variables with a dark
/// set for `prefers-color-scheme: dark` and a light one for print.
///
/// Three promises are kept here. On a screen, text in `<pre>` never wraps (a tensor's or
/// a table's columns stay aligned) and scrolls sideways inside its own block, and
/// pictures scale down to the width, so nothing makes a 360-px phone page wider than
/// the screen. In print, nothing scrolls: long lines wrap instead, backgrounds go white,
/// and no source, output or picture is split across pages where it fits on one, nor
/// a source parted from what follows it. (Keeping a whole cell together would push a
/// cell taller than what is left of a page to the next, leaving most of a page blank.)
enum HTMLStyle {
    static let css = """
        :root {
          color-scheme: light dark;
          --text: #1f2328; --muted: #59636e; --page: #ffffff; --code: #f6f8fa; --rule: #d1d9e0;
          --prompt: #1a7f37; --link: #0969da;
          --warning: #7a4d00; --warning-back: #fff8c5;
          --error: #b3261e; --error-back: #ffebe9;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --text: #e6edf3; --muted: #9198a1; --page: #0d1117; --code: #161b22; --rule: #3d444d;
            --prompt: #3fb950; --link: #4493f8;
            --warning: #e3b341; --warning-back: #2e2410;
            --error: #ff7b72; --error-back: #33161a;
          }
        }
        *, *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body {
          margin: 0; background: var(--page); color: var(--text);
          font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
        }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
        h1, h2, h3, h4, h5, h6, p, li, th, td, figcaption { overflow-wrap: anywhere; }
        h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 .5rem; }
        h2 { font-size: 1.35rem; } h3 { font-size: 1.15rem; } h4, h5, h6 { font-size: 1rem; }
        a { color: var(--link); }
        code, pre {
          font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, "Liberation Mono", monospace;
          font-size: .85rem;
        }
        pre { margin: 0; padding: .5rem .75rem; white-space: pre; overflow-x: auto; line-height: 1.3; tab-size: 8; }
        .facts { border-collapse: collapse; margin: 0 0 1.5rem; font-size: .85rem; color: var(--muted); }
        .facts th { text-align: left; font-weight: 600; padding: 0 1rem 0 0; vertical-align: top; }
        .facts td { padding: 0; }
        .note { margin: 1.5rem 0 .75rem; }
        .note code { background: var(--code); border-radius: 4px; padding: .1em .3em; }
        .note pre { background: var(--code); border-radius: 6px; }
        .note pre code { background: none; padding: 0; font-size: 1em; }
        .cell { margin: 1rem 0; padding-left: .6rem; border-left: 3px solid var(--rule); }
        .cell.failed { border-left-color: var(--error); }
        .cell.not-run { border-left-style: dashed; }
        .source { background: var(--code); border-radius: 6px; }
        .prompt { color: var(--prompt); -webkit-user-select: none; user-select: none; }
        .out { margin-top: .25rem; }
        .warning { color: var(--warning); background: var(--warning-back); border-radius: 6px; }
        .error { background: var(--error-back); border-left: 4px solid var(--error); border-radius: 6px; }
        .label { margin: 0; font-size: .75rem; font-weight: 700; letter-spacing: .06em; text-transform: uppercase; }
        .error .label { color: var(--error); padding: .35rem .75rem 0; }
        .not-run > .label { color: var(--muted); padding-bottom: .25rem; }
        figure { margin: .5rem 0 0; }
        figure img { display: block; max-width: 100%; height: auto; }
        figcaption { font-size: .85rem; color: var(--muted); }
        @media print {
          :root {
            color-scheme: light;
            --text: #000000; --muted: #444444; --page: #ffffff; --code: #ffffff; --rule: #999999;
            --prompt: #1a5e2a; --link: #000000;
            --warning: #5c3a00; --warning-back: #ffffff;
            --error: #9b1c14; --error-back: #ffffff;
          }
          body { font-size: 10pt; }
          main { max-width: none; padding: 0; }
          pre { white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; }
          .source, .warning, .error { border: 1px solid var(--rule); }
          .error { border-left: 4px solid var(--error); }
          .source, .out, .note pre, figure { break-inside: avoid; page-break-inside: avoid; }
          .source, .not-run > .label, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
        }

        """
}
