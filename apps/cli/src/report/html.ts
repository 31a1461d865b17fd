import type { Environment } from '../environment';
import { pointLabel } from '../grid';
import {
  formatStatistic,
  summarize,
  type ConfigurationSummary,
} from '../summary';
import {
  confusionFigures,
  depthFigures,
  epochFigures,
  facets,
  fileSafe,
  initColors,
  timeFigures,
  type Figure,
} from './figures';
import type { ReportInput } from './input';
import { escapeXml as escape } from './svg';

/**
 * Renders the report as one HTML document. Its charts are inline SVG, and
 * its style and the script behind the save buttons are inline too, so the
 * page loads nothing from anywhere.
 */
export function renderReport(input: ReportInput, version: string): string {
  const summaries = summarize(input.runs, input.varying);
  const colors = initColors(input);
  const groups = facets(input);
  const slug = (title: string, i: number) =>
    title ? fileSafe(title) : `set-${i + 1}`;
  const epochs = groups.flatMap((facet, i) =>
    epochFigures(facet, colors, slug(facet.title, i)),
  );
  const depth = groups.flatMap((facet, i) =>
    depthFigures(facet, colors, slug(facet.title, i)),
  );
  const time = groups.flatMap((facet, i) =>
    timeFigures(facet, slug(facet.title, i)),
  );
  const confusion = confusionFigures(input);
  const title =
    input.kind === 'sweep' ? 'initlab sweep report' : 'initlab compare report';

  const sections = [
    section('Ranking', rankingTable(summaries, input), ''),
    section(
      'Test accuracy and loss per epoch',
      figures(epochs),
      'Each line is the mean over the completed seeds of one initializer; the band spans the minimum to the maximum over those seeds. Hover a point for its values.',
    ),
    depth.length > 0
      ? section(
          'Per-layer statistics across depth',
          figures(depth),
          'From the run of the first seed of each initializer, on log axes; a value of 0 (for example every gradient of an all-zero network) cannot be drawn and leaves a gap.',
        )
      : '',
    time.length > 0
      ? section(
          'Per-layer statistics over time',
          figures(time),
          'One chart per initializer (first seed), one line per layer, on log axes.',
        )
      : '',
    confusion.length > 0
      ? section(
          'Confusion matrices',
          figures(confusion),
          'Test-set counts of each final model, true class by predicted class.',
        )
      : '',
    section('Runs', runsTable(input), ''),
    section('Configuration', keyValueTable(input.settings), ''),
    section('Environment', environmentTable(input.environments, version), ''),
  ];
  return page(title, header(input), sections.join('\n'));
}

function header(input: ReportInput): string {
  const origin =
    input.kind === 'sweep'
      ? `Sweep in <code>${escape(input.source)}</code>`
      : `Comparison from <code>${escape(input.source)}</code>`;
  const finished = `${input.runs.length} of ${input.plannedRuns} runs finished`;
  return `<p class="lead">${origin}: ${finished}, ${escape(input.dataset)}, ${
    input.epochs
  } epoch${input.epochs === 1 ? '' : 's'} per run.</p>`;
}

function section(title: string, body: string, note: string): string {
  const paragraph = note ? `<p class="note">${escape(note)}</p>` : '';
  return `<section><h2>${escape(title)}</h2>${paragraph}${body}</section>`;
}

function figures(list: Figure[]): string {
  const items = list.map(
    (figure) =>
      `<figure class="chart" data-name="${escape(figure.name)}">` +
      `<div class="tools"><button type="button" data-save="svg">Save SVG</button>` +
      `<button type="button" data-save="png">Save PNG</button></div>` +
      `${figure.svg}${
        figure.caption
          ? `<figcaption>${escape(figure.caption)}</figcaption>`
          : ''
      }</figure>`,
  );
  return `<div class="figures">${items.join('')}</div>`;
}

function rankingTable(
  summaries: ConfigurationSummary[],
  input: ReportInput,
): string {
  const dimensions = input.varying.filter((d) => d !== 'seed');
  const rows = summaries.map((s) => [
    String(s.rank),
    pointLabel(s, dimensions),
    `${s.completed}/${s.runs.length}`,
    formatStatistic(s.finalTestAccuracy, 100, 2),
    s.finalTestAccuracy
      ? `${(s.finalTestAccuracy.min * 100).toFixed(2)} to ${(
          s.finalTestAccuracy.max * 100
        ).toFixed(2)}`
      : '-',
    formatStatistic(s.finalTestLoss, 1, 4),
  ]);
  return table(
    [
      'rank',
      'configuration',
      'runs ok',
      'final test accuracy (%), mean ± std',
      'range (%)',
      'final test loss',
    ],
    rows,
  );
}

function runsTable(input: ReportInput): string {
  const dimensions =
    input.varying.length > 0 ? input.varying : ['init' as const];
  const rows = input.runs.map((run) => {
    const last = run.epochs.at(-1);
    const verdict = run.verdict
      ? run.verdict.healthy
        ? 'healthy'
        : [...new Set(run.verdict.problems.map((p) => p.kind))].join(', ')
      : '';
    const status =
      run.status === 'diverged' && run.divergedAt
        ? `diverged at epoch ${run.divergedAt.epoch}, step ${run.divergedAt.step}`
        : run.status === 'failed'
        ? `failed: ${run.error ?? ''}`
        : run.status;
    return [
      pointLabel(run, dimensions),
      status,
      String(run.epochs.length),
      last ? (last.testAccuracy * 100).toFixed(2) : '-',
      last ? last.testLoss.toFixed(4) : '-',
      verdict,
      run.id,
    ];
  });
  return table(
    [
      'run',
      'status',
      'epochs',
      'test accuracy (%)',
      'test loss',
      'verdict',
      'id',
    ],
    rows,
  );
}

function keyValueTable(entries: [string, string][]): string {
  return table(
    ['option', 'value'],
    entries.map(([key, value]) => [key, value]),
  );
}

function environmentTable(
  environments: Partial<Environment>[],
  version: string,
): string {
  const values = (
    pick: (e: Partial<Environment>) => string | number | undefined,
  ) => {
    const distinct = [
      ...new Set(
        environments
          .map(pick)
          .map((v) => (v === undefined ? 'not recorded' : String(v))),
      ),
    ];
    return distinct.join('; ');
  };
  const backend = (e: Partial<Environment>) =>
    e.backend
      ? `${e.backend.name} (${e.backend.provider}${
          e.backend.gpu ? ', GPU' : ', CPU'
        })`
      : undefined;
  return table(
    ['', 'value'],
    [
      ['initlab', values((e) => e.initlab)],
      ['Node.js', values((e) => e.node)],
      ['TensorFlow.js', values((e) => e.tfjs)],
      ['backend', values(backend)],
      ['CPU', values((e) => e.cpu)],
      ['cores', values((e) => e.cores)],
      ['OS', values((e) => e.os)],
      ['report written by', `initlab ${version}`],
    ],
  );
}

function table(header: string[], rows: string[][]): string {
  const head = `<tr>${header
    .map((h) => `<th>${escape(h)}</th>`)
    .join('')}</tr>`;
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((cell) => `<td>${escape(cell)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

const STYLE = `
body { font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; max-width: 1400px; padding: 16px 24px 48px; }
h1 { font-size: 24px; margin: 8px 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.lead { color: #444; margin-top: 0; }
.note { color: #555; font-size: 13px; margin: 4px 0 12px; max-width: 70em; }
code { font-size: 13px; background: #f3f3f3; padding: 1px 4px; border-radius: 3px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f6f6f6; font-weight: 600; }
.figures { display: flex; flex-wrap: wrap; gap: 16px; }
figure.chart { margin: 0; border: 1px solid #e3e3e3; border-radius: 4px; padding: 6px; }
figure.chart svg { display: block; }
.tools { display: flex; justify-content: flex-end; gap: 4px; margin-bottom: 2px; }
.tools button { font: 12px system-ui, sans-serif; padding: 2px 6px; border: 1px solid #bbb; border-radius: 3px; background: #fff; cursor: pointer; }
figcaption { font-size: 12px; color: #555; }
`;

// Saves the SVG next to the clicked button as a file, or as a PNG drawn at
// twice its size on a canvas from a data: URL of the SVG; nothing leaves
// the page.
const SCRIPT = `
(function () {
  function download(href, name) {
    var link = document.createElement('a');
    link.href = href;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  function svgText(svg) {
    return '<?xml version="1.0" encoding="UTF-8"?>\\n' + new XMLSerializer().serializeToString(svg);
  }
  function savePng(svg, name) {
    var scale = 2;
    var width = svg.width.baseVal.value;
    var height = svg.height.baseVal.value;
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement('canvas');
      canvas.width = width * scale;
      canvas.height = height * scale;
      var context = canvas.getContext('2d');
      context.fillStyle = '#fff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      download(canvas.toDataURL('image/png'), name + '.png');
    };
    image.onerror = function () {
      console.warn('initlab report: the browser could not draw ' + name + ' as an image');
    };
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svgText(svg));
  }
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button[data-save]');
    if (!button) return;
    var figure = button.closest('figure');
    var svg = figure.querySelector('svg');
    var name = figure.getAttribute('data-name');
    if (button.getAttribute('data-save') === 'svg') {
      download('data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svgText(svg)), name + '.svg');
    } else {
      savePng(svg, name);
    }
  });
})();
`;

function page(title: string, lead: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escape(title)}</h1>
${lead}
${body}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
