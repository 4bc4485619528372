/** Runs fn and records how long it took; the slowest call is what a hang guard asserts on. */
export class Stopwatch {
  runs = 0;
  slowestMs = 0;
  slowestInput = '';

  time<T>(input: string, fn: () => T): T {
    const started = performance.now();
    try {
      return fn();
    } finally {
      const elapsed = performance.now() - started;
      this.runs++;
      if (elapsed > this.slowestMs) {
        this.slowestMs = elapsed;
        this.slowestInput = input.length > 120 ? `${input.slice(0, 120)}… (${input.length} chars)` : input;
      }
    }
  }
}
