import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { logDayOf, logFileName } from './daily-log-files';

/**
 * A stream that appends each record to the file of the UTC day it is written on
 * (`<dir>/<service>.<YYYY-MM-DD>.log`, O_APPEND, owner and group only), switching files at
 * midnight, so a finished day's file is never written again and rotation can compress it
 * without copying under a writer. Several processes of one service append to the same file;
 * each record is one write, so lines never interleave.
 */
export class DailyFileStream extends Writable {
  private day = '';
  private file: WriteStream | undefined;

  constructor(
    private readonly dir: string,
    private readonly service: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    super({ decodeStrings: false });
    logFileName(service, '1970-01-01'); // refuses a name that is not a plain file name
    mkdirSync(dir, { recursive: true, mode: 0o750 });
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void) {
    const day = logDayOf(this.now());
    if (day !== this.day || !this.file) {
      this.file?.end();
      this.day = day;
      this.file = createWriteStream(join(this.dir, logFileName(this.service, day)), {
        flags: 'a',
        mode: 0o640,
      });
      // A log that cannot be written fails the stream loudly rather than dropping records.
      this.file.on('error', (err) => this.destroy(err));
    }
    this.file.write(chunk, done);
  }

  override _final(done: (err?: Error | null) => void) {
    if (!this.file) return done();
    this.file.end(done);
  }
}

const open = new Map<string, DailyFileStream>();

/** The process's one daily stream for `service` in `dir` (every logger of the service shares it). */
export function dailyFileStream(dir: string, service: string): DailyFileStream {
  const key = `${dir}\n${service}`;
  let stream = open.get(key);
  if (!stream) open.set(key, (stream = new DailyFileStream(dir, service)));
  return stream;
}
