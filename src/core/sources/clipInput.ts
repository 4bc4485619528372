/**
 * Tool inputs are kept for later analysis, but a Write's full file content or a huge patch would
 * bloat every event; long strings inside the input are clipped, structure is kept.
 */
export function clipInput(value: unknown, maxString = 2000, depth = 0): unknown {
  if (typeof value === 'string') return value.length > maxString ? `${value.slice(0, maxString)}…[${value.length - maxString} more chars]` : value;
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 200).map((item) => clipInput(item, maxString, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = clipInput(item, maxString, depth + 1);
  return out;
}
