import { UsageError } from './command';

/** A flag's value as a positive whole number; absent stays absent, anything else is a UsageError. */
export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new UsageError(`${flag} needs a positive whole number, got '${value}'`);
  return number;
}

/** A comma-separated flag (`--k 1,3,5`) as positive whole numbers; absent stays absent. */
export function positiveInts(value: string | undefined, flag: string): number[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((part) => {
    const number = Number(part.trim());
    if (!Number.isInteger(number) || number <= 0) throw new UsageError(`${flag} needs positive whole numbers, got '${part.trim()}'`);
    return number;
  });
}
