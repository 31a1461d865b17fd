import { describe, expect, test } from 'vitest';

import {
  TFJS_PEER_RANGE,
  findPeerRangeProblems,
  listWorkspacePackages,
} from '../check-peer-ranges.mjs';
import { REPO_ROOT } from './scratch';

function workspacePackage(name: string, manifest: Record<string, unknown>) {
  return { name, path: `/workspace/${name}`, manifest: { name, ...manifest } };
}

describe('findPeerRangeProblems', () => {
  test('workspace uses the shared range', () => {
    const packages = listWorkspacePackages(REPO_ROOT);

    expect(packages.map((entry) => entry.name)).toContain(
      '@initlab/initializers',
    );
    expect(findPeerRangeProblems(packages)).toEqual([]);
  });

  test('reports another tfjs peer range', () => {
    const packages = [
      workspacePackage('a', {
        peerDependencies: { '@tensorflow/tfjs-core': '^4.21.0' },
      }),
      workspacePackage('b', {
        peerDependencies: { '@tensorflow/tfjs-layers': '>=4' },
      }),
      workspacePackage('c', {
        peerDependencies: { '@tensorflow/tfjs-core': TFJS_PEER_RANGE },
      }),
    ];

    expect(findPeerRangeProblems(packages)).toEqual([
      'a: peerDependencies["@tensorflow/tfjs-core"] must be "^4.22.0", ' +
        'the range shared by every package; got "^4.21.0"',
      'b: peerDependencies["@tensorflow/tfjs-layers"] must be "^4.22.0", ' +
        'the range shared by every package; got ">=4"',
    ]);
  });

  test('reports tfjs-core as a dependency', () => {
    const published = workspacePackage('lib', {
      dependencies: { '@tensorflow/tfjs-core': '4.22.0' },
    });
    const application = workspacePackage('app', {
      private: true,
      dependencies: { '@tensorflow/tfjs-core': '4.22.0' },
    });

    const problems = findPeerRangeProblems([published, application]);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^lib: @tensorflow\/tfjs-core must be a peer/);
  });
});
