/**
 * Collects a terminal execution's output stream without holding all of it: a build can print
 * hundreds of megabytes, but the excerpt only ever needs the head and the tail.
 */
export class OutputCollector {
  private head = '';
  private tail = '';
  private droppedChars = 0;

  /** keepChars bounds each of head and tail; the default leaves room for escapes and redraws. */
  constructor(private readonly keepChars = 16_384) {}

  push(chunk: string): void {
    if (this.head.length < this.keepChars) {
      const room = this.keepChars - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
      if (chunk.length === 0) return;
    }
    this.tail += chunk;
    if (this.tail.length > this.keepChars * 2) {
      const excess = this.tail.length - this.keepChars;
      this.droppedChars += excess;
      this.tail = this.tail.slice(excess);
    }
  }

  /** The kept text; a dropped middle is marked so the excerpt shows that something was cut. */
  text(): string {
    if (this.droppedChars === 0) return this.head + this.tail;
    return `${this.head}\n… [${this.droppedChars} characters cut] …\n${this.tail}`;
  }
}
