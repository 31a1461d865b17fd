import { calculateGain, computeFans } from '@initlab/initializers';

for (const name of ['linear', 'tanh', 'relu', 'selu', 'gelu', 'silu']) {
  console.log(name.padEnd(6), calculateGain(name).toFixed(4));
}
console.log('leaky_relu(0.2)', calculateGain('leaky_relu', 0.2).toFixed(4));

// The same conv kernel in both layouts has the same fans.
console.log(computeFans([3, 3, 64, 128]));
console.log(computeFans([128, 64, 3, 3], { layout: 'torch' }));
