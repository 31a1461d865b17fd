import { describe, expect, it } from 'vitest';

import { DEFAULT_CONFIG, formatConfig, parseConfig } from '../src/config';

describe('parseConfig', () => {
  it('returns the defaults for an empty query', () => {
    const { config, notices } = parseConfig('');

    expect(config).toEqual(DEFAULT_CONFIG);
    expect(notices).toEqual([]);
  });

  it('reads every parameter', () => {
    const search =
      '?inits=random:stddev=0.1,xavier:distribution=normal:gain=2,orthogonal' +
      '&hidden=256,64&activation=tanh&optimizer=adam&lr=0.001&momentum=0.5' +
      '&batch=32&epochs=3&train=2000&test=500&seed=7&backend=wasm';

    const { config, notices } = parseConfig(search);

    expect(notices).toEqual([]);
    expect(config.inits).toEqual([
      { kind: 'random', values: { stddev: 0.1 } },
      { kind: 'xavier', values: { distribution: 'normal', gain: 2 } },
      { kind: 'orthogonal', values: { gain: 1 } },
    ]);
    expect(config.hidden).toEqual([256, 64]);
    expect(config.activation).toBe('tanh');
    expect(config.optimizer).toBe('adam');
    expect(config.learningRate).toBe(0.001);
    expect(config.momentum).toBe(0.5);
    expect(config.batchSize).toBe(32);
    expect(config.epochs).toBe(3);
    expect(config.trainSize).toBe(2000);
    expect(config.testSize).toBe(500);
    expect(config.seed).toBe(7);
    expect(config.backend).toBe('wasm');
  });

  it('round-trips through formatConfig', () => {
    const { config } = parseConfig('?inits=he:distribution=uniform:mode=fanOut,zero&hidden=32,32,32&lr=0.2');

    const again = parseConfig(formatConfig(config));

    expect(again.notices).toEqual([]);
    expect(again.config).toEqual(config);
  });

  it('writes lists without escaping commas and colons', () => {
    const search = formatConfig(DEFAULT_CONFIG);

    expect(search).toContain('inits=zero,random:stddev=0.01,xavier:distribution=uniform:gain=1,');
    expect(search).toContain('hidden=128&');
  });

  it.each([
    ['lr', 'abc', 'learningRate', 0.05],
    ['lr', '0', 'learningRate', 0.05],
    ['lr', 'Infinity', 'learningRate', 0.05],
    ['momentum', '1', 'momentum', 0],
    ['batch', '1.5', 'batchSize', 64],
    ['epochs', '1e3', 'epochs', 5],
    ['train', '99', 'trainSize', 10000],
    ['test', '20000', 'testSize', 10000],
    ['seed', '-1', 'seed', 42],
    ['hidden', '0', 'hidden', [128]],
    ['hidden', '8,8,8,8,8', 'hidden', [128]],
    ['activation', 'linear', 'activation', 'relu'],
    ['optimizer', 'lbfgs', 'optimizer', 'sgd'],
    ['backend', 'webgl3', 'backend', 'auto'],
  ] as const)('falls back on %s=%s', (param, value, key, fallback) => {
    const { config, notices } = parseConfig(`?${param}=${encodeURIComponent(value)}`);

    expect(config[key]).toEqual(fallback);
    expect(notices).toHaveLength(1);
    expect(notices[0].param).toBe(param);
    expect(notices[0].value).toBe(JSON.stringify(value));
    expect(notices[0].problem).toMatch(/^must be /);
    expect(notices[0].action).toBe(`using the default ${Array.isArray(fallback) ? fallback.join(',') : fallback}`);
  });

  it('drops an unknown initializer and keeps the others', () => {
    const { config, notices } = parseConfig('?inits=he,kaiming_magic,zero');

    expect(config.inits.map((spec) => spec.kind)).toEqual(['he', 'zero']);
    expect(notices).toHaveLength(1);
    expect(notices[0].param).toBe('inits');
    expect(notices[0].problem).toContain('unknown initializer "kaiming_magic"');
    expect(notices[0].action).toBe('entry ignored');
  });

  it('falls back to the default list when no initializer is valid', () => {
    const { config, notices } = parseConfig('?inits=foo');

    expect(config.inits).toEqual(DEFAULT_CONFIG.inits);
    expect(notices.map((notice) => `${notice.problem}; ${notice.action}`)).toEqual([
      expect.stringContaining('unknown initializer "foo"'),
      'no valid initializer; using the default zero,random,xavier,he',
    ]);
  });

  it('replaces an invalid initializer parameter by its default', () => {
    const { config, notices } = parseConfig('?inits=random:stddev=-1,xavier:gain=2:scale=3');

    expect(config.inits).toEqual([
      { kind: 'random', values: { stddev: 0.01 } },
      { kind: 'xavier', values: { distribution: 'uniform', gain: 2 } },
    ]);
    expect(notices).toHaveLength(2);
    expect(notices[0].problem).toBe('random: stddev must be a number in (0, 10]');
    expect(notices[0].action).toBe('using stddev=0.01');
    expect(notices[1].problem).toBe('xavier has no parameter "scale" (valid: distribution, gain)');
    expect(notices[1].action).toBe('ignored');
  });

  it('reads and writes lsuv with its parameters', () => {
    const { config, notices } = parseConfig('?inits=he,lsuv:tolerance=0.05:maxIterations=3');

    expect(notices).toEqual([]);
    expect(config.inits[1]).toEqual({ kind: 'lsuv', values: { tolerance: 0.05, maxIterations: 3 } });
    expect(formatConfig(config)).toContain(
      'inits=he:distribution=normal:mode=fanIn,lsuv:tolerance=0.05:maxIterations=3&',
    );
    expect(parseConfig(formatConfig(config)).config).toEqual(config);
    expect(parseConfig('?inits=lsuv').config.inits).toEqual([
      { kind: 'lsuv', values: { tolerance: 0.1, maxIterations: 10 } },
    ]);
  });

  it.each([
    ['tolerance=0', 'tolerance must be a number in (0, 1)', 'using tolerance=0.1'],
    ['tolerance=1', 'tolerance must be a number in (0, 1)', 'using tolerance=0.1'],
    ['tolerance=abc', 'tolerance must be a number in (0, 1)', 'using tolerance=0.1'],
    ['maxIterations=0', 'maxIterations must be an integer from 1 to 100', 'using maxIterations=10'],
    ['maxIterations=2.5', 'maxIterations must be an integer from 1 to 100', 'using maxIterations=10'],
    ['maxIterations=1e1', 'maxIterations must be an integer from 1 to 100', 'using maxIterations=10'],
    ['maxIterations=101', 'maxIterations must be an integer from 1 to 100', 'using maxIterations=10'],
  ] as const)('rejects lsuv:%s with a notice', (pair, problem, action) => {
    const { config, notices } = parseConfig(`?inits=lsuv:${pair}`);

    expect(config.inits).toEqual([{ kind: 'lsuv', values: { tolerance: 0.1, maxIterations: 10 } }]);
    expect(notices).toHaveLength(1);
    expect(notices[0].param).toBe('inits');
    expect(notices[0].value).toBe(JSON.stringify(`lsuv:${pair}`));
    expect(notices[0].problem).toBe(`lsuv: ${problem}`);
    expect(notices[0].action).toBe(action);
  });

  it('rejects an unknown lsuv parameter', () => {
    const { notices } = parseConfig('?inits=lsuv:orthogonalStart=false');

    expect(notices).toHaveLength(1);
    expect(notices[0].problem).toBe(
      'lsuv has no parameter "orthogonalStart" (valid: tolerance, maxIterations)',
    );
    expect(notices[0].action).toBe('ignored');
  });

  it('keeps at most 8 initializers', () => {
    const { config, notices } = parseConfig(`?inits=${Array(10).fill('he').join(',')}`);

    expect(config.inits).toHaveLength(8);
    expect(notices).toHaveLength(1);
  });

  it('caps the batch size at the training-set size', () => {
    const { config, notices } = parseConfig('?train=100&batch=512');

    expect(config.batchSize).toBe(100);
    expect(notices).toHaveLength(1);
    expect(notices[0].param).toBe('batch');
  });

  it('reports an unknown parameter', () => {
    const { notices } = parseConfig('?learning_rate=0.1');

    expect(notices).toEqual([
      { param: 'learning_rate', value: '"0.1"', problem: 'unknown parameter', action: 'ignored' },
    ]);
  });

  it('quotes markup as text and shortens long values', () => {
    const markup = '<img src=x onerror=alert(1)>';
    const long = 'x'.repeat(500);

    const { notices } = parseConfig(`?activation=${encodeURIComponent(markup)}&optimizer=${long}`);

    expect(notices[0].value).toBe(JSON.stringify(markup));
    expect(notices[1].value.length).toBeLessThan(100);
  });
});
