// Checks that every workspace package declares its @tensorflow/tfjs-*
// peer dependencies with the one shared range, and that no published
// package installs its own copy of tfjs-core. `node check-peer-ranges.mjs`
// prints each problem and exits with status 1 when it finds any.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The range that every package must use for a `@tensorflow/tfjs-*` peer. */
export const TFJS_PEER_RANGE = '^4.22.0';

const TFJS_PACKAGE = /^@tensorflow\/tfjs(-|$)/;

/**
 * @typedef {object} WorkspacePackage
 * @property {string} name
 * @property {string} path
 * @property {Record<string, any>} manifest The parsed package.json.
 */

/**
 * Lists the packages of the pnpm workspace at `root`, the root included.
 *
 * @param {string} root
 * @returns {WorkspacePackage[]}
 */
export function listWorkspacePackages(root) {
  const output = execFileSync(
    'pnpm',
    ['list', '--recursive', '--depth', '-1', '--json'],
    { cwd: root, encoding: 'utf8' },
  );
  /** @type {{ name?: string, path: string }[]} */
  const entries = JSON.parse(output);
  return entries.map((entry) => {
    const manifest = JSON.parse(
      readFileSync(join(entry.path, 'package.json'), 'utf8'),
    );
    return { name: entry.name ?? manifest.name, path: entry.path, manifest };
  });
}

/**
 * Returns one message per broken rule, or an empty list. The rules: every
 * `@tensorflow/tfjs-*` peer range equals {@link TFJS_PEER_RANGE}, and a
 * package that is not private lists `@tensorflow/tfjs-core` as a peer, not
 * as a dependency, so that the application and the package share one tfjs
 * engine and its registered backends.
 *
 * @param {WorkspacePackage[]} packages
 * @returns {string[]}
 */
export function findPeerRangeProblems(packages) {
  const problems = [];
  for (const { name, manifest } of packages) {
    const peers = manifest.peerDependencies ?? {};
    for (const [dependency, range] of Object.entries(peers)) {
      if (TFJS_PACKAGE.test(dependency) && range !== TFJS_PEER_RANGE) {
        problems.push(
          `${name}: peerDependencies["${dependency}"] must be ` +
            `"${TFJS_PEER_RANGE}", the range shared by every package; ` +
            `got "${range}"`,
        );
      }
    }
    const dependencies = manifest.dependencies ?? {};
    if (!manifest.private && '@tensorflow/tfjs-core' in dependencies) {
      problems.push(
        `${name}: @tensorflow/tfjs-core must be a peer dependency of a ` +
          'published package, not a dependency, so move it to ' +
          `peerDependencies with the range "${TFJS_PEER_RANGE}"`,
      );
    }
  }
  return problems;
}

const isMain =
  process.argv[1] !== undefined &&
  resolve(process.argv[1]) === fileURLToPath(import.meta.url);

if (isMain) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const packages = listWorkspacePackages(root);
  const problems = findPeerRangeProblems(packages);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exit(1);
  console.log(
    `${packages.length} workspace packages checked: every @tensorflow/tfjs-* ` +
      `peer range is "${TFJS_PEER_RANGE}"`,
  );
}
