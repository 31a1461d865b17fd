import { describe, expect, it } from 'vitest';

import { InitializerError } from './errors';
import { fromConfig, listInitializers, resolveInitializer } from './registry';

function catchError(action: () => unknown): InitializerError {
  try {
    action();
  } catch (error) {
    if (error instanceof InitializerError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected an InitializerError');
}

describe('listInitializers', () => {
  it('lists camelCase names, each once', () => {
    const names = listInitializers();
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('heNormal');
    expect(names).toContain('kaimingUniform');
    for (const name of names) {
      expect(name).toMatch(/^[a-z][A-Za-z]*$/);
    }
  });

  it('returns a fresh array', () => {
    listInitializers().pop();
    expect(listInitializers()).toContain('torchLinearDefault');
  });
});

describe('resolveInitializer', () => {
  it.each([
    ['heNormal', 'heNormal'],
    ['he_normal', 'heNormal'],
    ['HeNormal', 'heNormal'],
    ['kaiming_normal', 'kaimingNormal'],
    ['kaiming-uniform', 'kaimingUniform'],
    ['xavier_uniform', 'xavierUniform'],
    ['glorot_uniform', 'glorotUniform'],
    ['lecun_normal', 'lecunNormal'],
    ['variance_scaling', 'varianceScaling'],
    ['truncated_normal', 'truncatedNormal'],
    ['random_normal', 'randomNormal'],
    ['normal', 'randomNormal'],
    ['uniform', 'randomUniform'],
    ['torch_linear_default', 'torchLinearDefault'],
  ])('resolves %s to %s', (spelling, name) => {
    expect(resolveInitializer(spelling).name).toBe(name);
  });

  it('keeps PyTorch and Keras semantics apart', () => {
    expect(resolveInitializer('kaiming_normal').getConfig()).toHaveProperty(
      'nonlinearity',
      'leaky_relu',
    );
    expect(resolveInitializer('he_normal').getConfig()).toEqual({
      name: 'heNormal',
    });
  });

  it('passes options to the factory', () => {
    const init = resolveInitializer('kaiming_uniform', {
      mode: 'fan_out',
      nonlinearity: 'relu',
      seed: 3,
    });
    expect(init.getConfig()).toEqual({
      name: 'kaimingUniform',
      a: 0,
      mode: 'fanOut',
      nonlinearity: 'relu',
      seed: 3,
    });
  });

  it('rejects an unknown name, suggesting the closest', () => {
    const error = catchError(() => resolveInitializer('he_normall'));
    expect(error.code).toBe('UNKNOWN_INITIALIZER');
    expect(error.message).toMatch(
      /^Unknown initializer 'he_normall'\. Did you mean 'heNormal'\? Valid names: zeros, ones, /,
    );
    expect(error.message).toContain('kaimingNormal');
  });

  it('suggests several names when they are equally close', () => {
    const error = catchError(() => resolveInitializer('glorot'));
    expect(error.message).toMatch(
      /Did you mean 'glorotNormal' or 'glorotUniform'\?/,
    );
  });

  it('rejects a name that is not a string', () => {
    const error = catchError(() => resolveInitializer(42 as unknown as string));
    expect(error.code).toBe('UNKNOWN_INITIALIZER');
    expect(error.message).toMatch(/^Unknown initializer 42\. Valid names/);
  });

  it('rejects an option the initializer does not take', () => {
    const error = catchError(() =>
      resolveInitializer('heNormal', { scale: 2 }),
    );
    expect(error.code).toBe('UNKNOWN_OPTION');
    expect(error.message).toBe(
      "heNormal takes no option 'scale'; valid options: 'seed'",
    );
  });

  it('reports invalid option values with INVALID_OPTION', () => {
    const error = catchError(() =>
      resolveInitializer('varianceScaling', { scale: 'big' }),
    );
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(
      "scale must be a positive finite number; got 'big'",
    );
  });
});

describe('fromConfig', () => {
  it('rebuilds an initializer from its config', () => {
    const config = {
      name: 'varianceScaling',
      scale: 2,
      mode: 'fanOut',
      distribution: 'normal',
      seed: 4,
    };
    expect(fromConfig(config).getConfig()).toEqual(config);
  });

  it('rejects a config without a name', () => {
    const error = catchError(() =>
      fromConfig({ scale: 1 } as unknown as { name: string }),
    );
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toBe(
      'config must be an object with a string name; got { scale: 1 }',
    );
  });

  it('rejects null', () => {
    const error = catchError(() =>
      fromConfig(null as unknown as { name: string }),
    );
    expect(error.code).toBe('INVALID_CONFIG');
  });
});

describe('InitializerError', () => {
  it('is an Error with a name and a code', () => {
    const error = catchError(() => resolveInitializer('nope'));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InitializerError');
    expect(error.code).toBe('UNKNOWN_INITIALIZER');
  });
});
