import { Writable } from 'node:stream';
import { stableText } from './generated-fields';

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

  /**
   * Every record as JSON, without the fields the code makes up (ids, times, pid, durations), so
   * searching it for a leaked value cannot match a random id or a clock by chance.
   */
  text(): string {
    return stableText(this.records);
  }
}
