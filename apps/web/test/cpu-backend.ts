import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Switches tfjs to the cpu backend. IS_TEST keeps the backend from printing
 * its advice to install tfjs-node.
 */
export async function useCpuBackend(): Promise<void> {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  await tf.ready();
}
