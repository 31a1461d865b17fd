import '@tensorflow/tfjs-backend-cpu';
import { heNormal, kaimingNormal } from '@initlab/initializers';

// Both target std sqrt(2 / fanIn), but only Keras truncates at 2 sigma.
for (const init of [heNormal({ seed: 1 }), kaimingNormal({ seed: 1 })]) {
  const kernel = init.apply([512, 512]);
  const values = Array.from(kernel.dataSync());
  kernel.dispose();
  const std = Math.sqrt(
    values.reduce((sum, v) => sum + v * v, 0) / values.length,
  );
  const maxAbs = values.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
  console.log(init.name, 'std', std.toFixed(4), 'max |w|', maxAbs.toFixed(4));
}
console.log('sqrt(2 / 512) =', Math.sqrt(2 / 512).toFixed(4));
