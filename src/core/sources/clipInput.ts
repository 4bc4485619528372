/** Tool inputs nest a few levels at most; anything deeper is cut, so no walker downstream overflows. */
const MAX_DEPTH = 32;

/**
 * Tool inputs are kept for later analysis, but a Write's full file content or a huge patch would
 * bloat every event; long strings inside the input are clipped, structure is kept to MAX_DEPTH.
 */
export function clipInput(value: unknown, maxString = 2000, depth = 0): unknown {
  if (typeof value === 'string')
    return value.length > maxString ? `${value.slice(0, maxString)}…[${value.length - maxString} more chars]` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '…[nested too deep]';
  if (Array.isArray(value)) return value.slice(0, 200).map((item) => clipInput(item, maxString, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = clipInput(item, maxString, depth + 1);
  return out;
}
