/**
 * Reads a byte stream to its end and joins the chunks. `onChunk` receives
 * the length of each chunk as it arrives.
 */
export async function readStream(
  stream: ReadableStream<Uint8Array>,
  onChunk?: (length: number) => void,
): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
    onChunk?.(value.length);
  }
  return concatBytes(chunks, length);
}

function concatBytes(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];

  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
