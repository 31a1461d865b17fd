import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

import { describe, expect, it, vi } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const examplesDir = path.join(packageRoot, 'examples');
const DOCUMENTS = [
  path.join(packageRoot, 'README.md'),
  path.join(packageRoot, '../../docs/initializers.md'),
];

interface Snippet {
  document: string;
  code: string;
  /** Example file whose content equals `code`, if any. */
  file?: string;
  /** Content of the ```text block right after the code, if any. */
  output?: string;
}

// A ```ts block, then optionally (after blank lines or one "Output:" line)
// a ```text block with what the code prints.
const SNIPPET =
  /```ts\n([\s\S]*?)```\n(?:\s*(?:Output:\s*)?```text\n([\s\S]*?)```)?/g;

const examples = new Map(
  readdirSync(examplesDir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => [readFileSync(path.join(examplesDir, file), 'utf8'), file]),
);

function readSnippets(document: string): Snippet[] {
  const text = readFileSync(document, 'utf8');
  return [...text.matchAll(SNIPPET)].map((match) => ({
    document: path.relative(packageRoot, document),
    code: match[1],
    file: examples.get(match[1]),
    output: match[2],
  }));
}

const outputs = new Map<string, Promise<string>>();

/**
 * Imports an example file once and returns what it printed with
 * console.log, formatted as console.log formats it.
 */
function runExample(file: string): Promise<string> {
  let output = outputs.get(file);
  if (output === undefined) {
    output = captureOutput(path.join(examplesDir, file));
    outputs.set(file, output);
  }
  return output;
}

async function captureOutput(file: string): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args) => {
    lines.push(format(...args));
  });
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    spy.mockRestore();
  }
  return lines.join('\n') + '\n';
}

describe.each(DOCUMENTS)('code in %s', (document) => {
  const snippets = readSnippets(document);

  it('has at least one example', () => {
    expect(snippets.length).toBeGreaterThan(0);
  });

  it.each(snippets)('runs examples/$file', async (snippet) => {
    expect(
      snippet.file,
      `${snippet.document}: a \`\`\`ts block matches no file in examples/`,
    ).toBeDefined();
    const printed = await runExample(snippet.file as string);
    if (snippet.output !== undefined) {
      expect(printed).toBe(snippet.output);
    }
  });
});
