/** Git's own heuristic: a NUL byte in the first 8000 bytes means binary. */
const SNIFF_LENGTH = 8000;

export function looksBinary(content: string | Uint8Array): boolean {
  if (typeof content === 'string') {
    const end = Math.min(content.length, SNIFF_LENGTH);
    for (let i = 0; i < end; i++) if (content.charCodeAt(i) === 0) return true;
    return false;
  }
  const end = Math.min(content.length, SNIFF_LENGTH);
  for (let i = 0; i < end; i++) if (content[i] === 0) return true;
  return false;
}
