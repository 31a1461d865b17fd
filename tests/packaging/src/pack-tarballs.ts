import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { TestProject } from 'vitest/node';

import {
  PUBLISHED_PACKAGES,
  packWorkspacePackage,
  type PackedTarball,
  type PublishedPackage,
} from './scratch';

declare module 'vitest' {
  export interface ProvidedContext {
    tarballs: Record<PublishedPackage, PackedTarball>;
  }
}

/**
 * Packs every published package once, before the test files run, from the
 * dist folders that the turbo `build` task wrote. The tarballs are deleted
 * after the run.
 */
export default async function packTarballs(project: TestProject) {
  const destination = await mkdtemp(join(tmpdir(), 'initlab-tarballs-'));
  const tarballs = {} as Record<PublishedPackage, PackedTarball>;
  for (const name of Object.keys(PUBLISHED_PACKAGES) as PublishedPackage[]) {
    tarballs[name] = await packWorkspacePackage(name, destination);
  }
  project.provide('tarballs', tarballs);

  return async () => {
    await rm(destination, { recursive: true, force: true });
  };
}
