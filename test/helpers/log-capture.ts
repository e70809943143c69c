import { Writable } from 'node:stream';

export type LogRecord = Record<string, unknown>;

/** A stream for createLogger that keeps every record it is given, parsed. */
export class LogCapture extends Writable {
  readonly records: LogRecord[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() !== '') this.records.push(JSON.parse(line) as LogRecord);
    }
    done();
  }

  /** Records that mention the value anywhere in their JSON form. */
  mentioning(value: string): LogRecord[] {
    return this.records.filter((record) => JSON.stringify(record).includes(value));
  }

  text(): string {
    return this.records.map((record) => JSON.stringify(record)).join('\n');
  }
}
