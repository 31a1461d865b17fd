import { describe, expect, it } from 'vitest';

import reference from '../fixtures/reference.json';
import { computeFans } from './fans';

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
