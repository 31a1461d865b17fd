import { byId, element } from './dom';
import { runColor } from './palette';

/**
 * Shows each model's predicted digit for the drawing and its ten class
 * probabilities as bars.
 */
export function showPredictions(labels: string[], probabilities: number[][] | undefined): void {
  const container = byId('predictions');
  if (!probabilities || probabilities.length === 0) {
    container.replaceChildren(
      element('p', { className: 'hint', text: 'Draw a digit to see what each model predicts.' }),
    );
    return;
  }
  container.replaceChildren(
    ...probabilities.map((values, run) => {
      const best = values.indexOf(Math.max(...values));
      const bars = values.map((p, digit) => {
        const fill = element('span', { className: 'bar-fill' });
        fill.style.height = `${(p * 100).toFixed(1)}%`;
        fill.style.backgroundColor = runColor(run);
        return element('span', {
          className: digit === best ? 'bar best' : 'bar',
          attributes: { title: `${digit}: ${(p * 100).toFixed(1)}%` },
          children: [fill, element('span', { className: 'bar-label', text: String(digit) })],
        });
      });
      return element('div', {
        className: 'prediction',
        attributes: {
          'data-run': String(run),
          'data-digit': String(best),
          'data-probabilities': values.map((p) => p.toFixed(4)).join(','),
        },
        children: [
          element('span', { className: 'prediction-label', text: labels[run] ?? `run ${run + 1}` }),
          element('span', { className: 'prediction-digit', text: String(best) }),
          element('span', {
            className: 'prediction-confidence',
            text: `${(values[best] * 100).toFixed(1)}%`,
          }),
          element('span', { className: 'bars', children: bars }),
        ],
      });
    }),
  );
}
