import {
  ACTIVATION_CHOICES,
  BACKEND_CHOICES,
  LIMITS,
  OPTIMIZER_CHOICES,
  PARAMS,
  parseConfig,
  type Config,
  type Notice,
} from '../config';
import {
  defaultValues,
  findKind,
  INITIALIZER_KINDS,
  type InitSpec,
  type ParamSpec,
} from '../initializers';
import { byId, element } from './dom';
import { runColor } from './palette';

type Field = HTMLInputElement | HTMLSelectElement;

/**
 * The configuration form. It shows a Config, and on every edit reads the
 * fields back through the same parser as the URL, so the form and links
 * accept exactly the same values. Valid edits go to `onChange`, and
 * invalid ones are listed next to the form and not applied.
 */
export class Controls {
  private readonly initList = byId('init-list');
  private readonly errors = byId('form-errors');

  constructor(
    private readonly form: HTMLFormElement,
    private readonly onChange: (config: Config) => void,
  ) {
    fillSelect(this.field(PARAMS.activation), ACTIVATION_CHOICES);
    fillSelect(this.field(PARAMS.optimizer), OPTIMIZER_CHOICES);
    fillSelect(this.field(PARAMS.backend), BACKEND_CHOICES);
    const kindSelect = byId<HTMLSelectElement>('add-init-kind');
    for (const kind of INITIALIZER_KINDS) {
      kindSelect.append(element('option', { text: kind.title, attributes: { value: kind.id } }));
    }
    byId('add-init').addEventListener('click', () => {
      const kind = findKind(kindSelect.value);
      if (!kind || this.initList.children.length >= LIMITS.maxInits) return;
      const index = this.initList.children.length;
      this.initList.append(this.initRow({ kind: kind.id, values: defaultValues(kind) }, index));
      this.apply();
    });
    form.addEventListener('change', () => this.apply());
    form.addEventListener('submit', (event) => event.preventDefault());
  }

  /** Fills every field from `config`. */
  show(config: Config): void {
    this.field(PARAMS.hidden).value = config.hidden.join(',');
    this.field(PARAMS.activation).value = config.activation;
    this.field(PARAMS.optimizer).value = config.optimizer;
    this.field(PARAMS.learningRate).value = String(config.learningRate);
    this.field(PARAMS.momentum).value = String(config.momentum);
    this.field(PARAMS.batchSize).value = String(config.batchSize);
    this.field(PARAMS.epochs).value = String(config.epochs);
    this.field(PARAMS.trainSize).value = String(config.trainSize);
    this.field(PARAMS.testSize).value = String(config.testSize);
    this.field(PARAMS.seed).value = String(config.seed);
    this.field(PARAMS.backend).value = config.backend;
    this.initList.replaceChildren(...config.inits.map((spec, i) => this.initRow(spec, i)));
    this.showErrors([]);
  }

  /** Reads the form through parseConfig and applies it when it is valid. */
  private apply(): void {
    const { config, notices } = parseConfig(this.toSearch());
    this.showErrors(notices);
    if (notices.length === 0) this.onChange(config);
  }

  private toSearch(): string {
    const query = new URLSearchParams();
    for (const name of Object.values(PARAMS)) {
      if (name !== PARAMS.inits) query.set(name, this.field(name).value.trim());
    }
    const entries = [...this.initList.children].map((row) => {
      const fields = [...row.querySelectorAll<Field>('[data-param]')];
      const pairs = fields.map((field) => `${field.dataset.param}=${field.value.trim()}`);
      return [(row as HTMLElement).dataset.kind, ...pairs].join(':');
    });
    query.set(PARAMS.inits, entries.join(','));
    return query.toString();
  }

  private showErrors(notices: Notice[]): void {
    this.errors.replaceChildren(
      ...notices.map((notice) => element('li', { text: `${notice.param}: ${notice.problem}` })),
    );
    this.errors.hidden = notices.length === 0;
  }

  private field(name: string): Field {
    const field = this.form.elements.namedItem(name);
    if (!(field instanceof HTMLInputElement || field instanceof HTMLSelectElement)) {
      throw new Error(`the form has no field named "${name}"`);
    }
    return field;
  }

  /** Builds the row of one initializer: its parameters, formula and advice. */
  private initRow(spec: InitSpec, index: number): HTMLElement {
    const kind = findKind(spec.kind)!;
    const swatch = element('span', { className: 'swatch', attributes: { 'aria-hidden': 'true' } });
    swatch.style.backgroundColor = runColor(index);
    const remove = element('button', {
      className: 'remove',
      text: '×',
      attributes: { type: 'button', 'aria-label': `Remove ${kind.title}`, title: 'Remove' },
    });
    remove.addEventListener('click', () => {
      if (this.initList.children.length <= 1) return;
      row.remove();
      this.recolor();
      this.apply();
    });
    const header = element('div', {
      className: 'init-header',
      children: [swatch, element('strong', { text: kind.title }), remove],
    });
    const params = element('div', {
      className: 'init-params',
      children: kind.params.map((param) => paramField(param, spec.values[param.key])),
    });
    const row = element('div', {
      className: 'init-row',
      attributes: { 'data-kind': kind.id },
      children: [
        header,
        ...(kind.params.length > 0 ? [params] : []),
        element('p', { className: 'formula', text: kind.formula }),
        element('details', {
          children: [element('summary', { text: 'What to watch for' }), element('p', { text: kind.watch })],
        }),
      ],
    });
    return row;
  }

  private recolor(): void {
    [...this.initList.querySelectorAll<HTMLElement>('.swatch')].forEach((swatch, i) => {
      swatch.style.backgroundColor = runColor(i);
    });
  }
}

function paramField(param: ParamSpec, value: number | string): HTMLElement {
  let field: Field;
  if (param.choices) {
    field = element('select');
    fillSelect(field, param.choices);
  } else {
    const step = param.integer ? '1' : 'any';
    field = element('input', { attributes: { type: 'number', step } });
    if (param.above !== undefined) {
      field.min = String(param.integer ? Math.floor(param.above) + 1 : param.above);
    }
    // The form is novalidate, so these bounds only guide the spin buttons
    // and parseParamValue decides what is valid.
    const high = param.max ?? param.below;
    if (high !== undefined) field.max = String(high);
  }
  field.dataset.param = param.key;
  field.value = String(value);
  return element('label', { className: 'param', children: [`${param.label} `, field] });
}

function fillSelect(select: Field, choices: readonly string[]): void {
  if (!(select instanceof HTMLSelectElement)) throw new Error(`${select.name} is not a select`);
  select.replaceChildren(
    ...choices.map((choice) => element('option', { text: choice, attributes: { value: choice } })),
  );
}
