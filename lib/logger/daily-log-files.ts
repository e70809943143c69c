/**
 * SEC-LOG-05: how the security (application) log files are named when `LOG_DIR` is set. One file
 * per service and UTC day, `<service>.<YYYY-MM-DD>.log`, gzipped by the log-rotation schedule
 * into `<…>.log.gz` once the day is over and deleted after the retention (docs/retention.md).
 */
const LOG_FILE = /^([A-Za-z0-9_-]{1,64})\.([0-9]{4}-[0-9]{2}-[0-9]{2})\.log(\.gz)?$/;
const SERVICE = /^[A-Za-z0-9_-]{1,64}$/;

export interface LogFileName {
  service: string;
  /** The UTC day the file's records were written, YYYY-MM-DD. */
  day: string;
  compressed: boolean;
}

/** The UTC day of an instant, YYYY-MM-DD. */
export function logDayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function logFileName(service: string, day: string): string {
  if (!SERVICE.test(service)) throw new Error('a log file service name is 1-64 of A-Z a-z 0-9 _ -');
  return `${service}.${day}.log`;
}

/** The parts of a log file's name; undefined for any other file, which rotation never touches. */
export function parseLogFileName(name: string): LogFileName | undefined {
  const m = LOG_FILE.exec(name);
  if (!m || Number.isNaN(Date.parse(`${m[2]}T00:00:00Z`))) return undefined;
  return { service: m[1]!, day: m[2]!, compressed: m[3] !== undefined };
}
