import { chromium, type Browser } from 'playwright-core';

/** Chromium to drive: Debian's package by default, or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags of every launch: SwiftShader as WebGL's renderer, which gives
 * WebGL 2 without a GPU, and no background services that would contact
 * other hosts.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Launches headless Chromium with {@link CHROMIUM_ARGS} and `extraArgs`.
 * Playwright gives every launch a fresh profile.
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}
