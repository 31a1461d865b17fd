import { describe, expect, it } from 'vitest';

import reference from '../fixtures/reference.json';
import { computeFans, resolveFanOptions } from './fans';
import { errorOf } from './testing/checks';

describe('computeFans', () => {
  describe.each(reference.shapes)('shape $shape', (row) => {
    it('matches Keras compute_fans in the tfjs layout', () => {
      expect(computeFans(row.shape)).toEqual(row.tfjs);
      expect(computeFans(row.shape, { layout: 'tfjs' })).toEqual(row.tfjs);
    });

    it('matches PyTorch in the torch layout', () => {
      expect(computeFans(row.shape, { layout: 'torch' })).toEqual(row.torch);
    });
  });

  it('swaps fanIn and fanOut of a dense kernel between layouts', () => {
    expect(computeFans([784, 256])).toEqual({ fanIn: 784, fanOut: 256 });
    expect(computeFans([256, 784], { layout: 'torch' })).toEqual({
      fanIn: 784,
      fanOut: 256,
    });
  });

  it('returns zero fans for zero-size shapes', () => {
    expect(computeFans([0, 5])).toEqual({ fanIn: 0, fanOut: 5 });
    expect(computeFans([3, 3, 0, 4])).toEqual({ fanIn: 0, fanOut: 36 });
  });

  it('rejects invalid shapes', () => {
    expect(() => computeFans([2, -1])).toThrow(
      'computeFans: shape must be an array of non-negative integers; got [2, -1]',
    );
    expect(() => computeFans([2.5])).toThrow(/got \[2.5\]/);
  });

  it('rejects an unknown layout', () => {
    expect(() => computeFans([2, 3], { layout: 'keras' as 'tfjs' })).toThrow(
      "layout must be one of 'tfjs', 'torch'; got 'keras'",
    );
  });
});

describe('computeFans options', () => {
  it('reads depthwise kernels per channel', () => {
    // A 3x3 depthwise kernel over 16 channels with multiplier 2: each output
    // reads 9 inputs of one channel. PyTorch's grouped weight [32, 1, 3, 3]
    // has the same fanIn but counts all 32 output channels in its fanOut.
    expect(computeFans([3, 3, 16, 2], { depthwise: true })).toEqual({ fanIn: 9, fanOut: 18 });
    expect(computeFans([32, 1, 3, 3], { layout: 'torch' })).toEqual({ fanIn: 9, fanOut: 288 });
  });

  it('takes explicit overrides', () => {
    expect(computeFans([784, 128], { fanIn: 100 })).toEqual({ fanIn: 100, fanOut: 128 });
    expect(computeFans([784, 128], { fanOut: 7 })).toEqual({ fanIn: 784, fanOut: 7 });
  });

  it.each([
    [[3, 3], { depthwise: true }, 'depthwise needs a tfjs kernel [...spatial, in, multiplier] of rank >= 3; got shape [3, 3]'],
    [[3, 3, 4, 1], { depthwise: true, layout: 'torch' }, "depthwise needs a tfjs kernel [...spatial, in, multiplier], so layout must be 'tfjs'; got layout 'torch'"],
    [[3, 3, 4, 1], { depthwise: 'yes' }, "depthwise must be a boolean; got 'yes'"],
    [[4, 4], { fanIn: 1e20 }, 'fanIn must be a positive integer; got 100000000000000000000'],
    [[4, 4], { fanIn: 0 }, 'fanIn must be a positive integer; got 0'],
    [[4, 4], { fanOut: 1.5 }, 'fanOut must be a positive integer; got 1.5'],
  ] as const)('rejects %j with %j', (shape, options, message) => {
    expect(() => computeFans(shape, options as never)).toThrow(message);
  });
});

describe('computeFans options object', () => {
  it('rejects an unknown key, naming it', () => {
    const error = errorOf(() =>
      computeFans([3, 3], { layuot: 'torch' } as never),
    );
    expect(error.code).toBe('UNKNOWN_OPTION');
    expect(error.message).toBe(
      "computeFans takes no option 'layuot'; valid options: 'layout', " +
        "'depthwise', 'fanIn', 'fanOut'",
    );
  });

  it('rejects a layout passed in place of the options', () => {
    const error = errorOf(() => computeFans([3, 3], 'torch' as never));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(
      "computeFans options must be a plain object or undefined; got 'torch'. " +
        "Valid options: 'layout', 'depthwise', 'fanIn', 'fanOut'.",
    );
  });

  it('rejects a null option, naming the key', () => {
    const error = errorOf(() => computeFans([3, 3], { fanIn: null } as never));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toBe(
      "computeFans option 'fanIn' must not be null; omit the key to use " +
        'the default',
    );
  });

  it('accepts undefined as no options', () => {
    expect(computeFans([4, 5], undefined)).toEqual({ fanIn: 4, fanOut: 5 });
  });
});

describe('resolveFanOptions', () => {
  it('returns only the options that are set', () => {
    expect(resolveFanOptions({})).toEqual({});
    expect(resolveFanOptions({ fanOut: 3 })).toEqual({ fanOut: 3 });
  });

  it('spells the layout canonically', () => {
    expect(resolveFanOptions({ layout: 'Torch' as 'torch' })).toEqual({
      layout: 'torch',
    });
  });

  it('keeps an explicit default', () => {
    expect(resolveFanOptions({ layout: 'tfjs', depthwise: false })).toEqual({
      layout: 'tfjs',
      depthwise: false,
    });
  });

  it('ignores keys that are not fan options', () => {
    const options = { scale: 2, fanIn: 9 } as { fanIn: number };
    expect(resolveFanOptions(options)).toEqual({ fanIn: 9 });
  });
});
