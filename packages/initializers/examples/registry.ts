import '@tensorflow/tfjs-backend-cpu';
import {
  InitializerError,
  fromConfig,
  resolveInitializer,
} from '@initlab/initializers';

// PyTorch and Keras spellings both resolve, each to its own semantics.
const init = resolveInitializer('kaiming_uniform', { seed: 7 });
const config = init.getConfig();
console.log(JSON.stringify(config));

// A config survives JSON and gives the same values again.
const restored = fromConfig(JSON.parse(JSON.stringify(config)));
const a = init.apply([3, 2]);
const b = restored.apply([3, 2]);
console.log('same values:', a.dataSync().join() === b.dataSync().join());
a.dispose();
b.dispose();

try {
  resolveInitializer('he_normall');
} catch (error) {
  if (error instanceof InitializerError) {
    console.log(error.code);
    console.log(error.message.split(' Valid names')[0]);
  }
}
