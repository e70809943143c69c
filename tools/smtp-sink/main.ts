import { SMTPServer } from 'smtp-server';
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { listMessages, saveMessage } from './mailbox';

/**
 * A local SMTP sink: accepts every message on loopback and keeps it as a JSON file so tests
 * can read what the platform sent. Never used in production (a real relay is configured there).
 */
const smtpPort = Number(process.env.SMTP_SINK_PORT ?? 52525);
const httpPort = Number(process.env.SMTP_SINK_HTTP_PORT ?? 52526);
const dir = process.env.SMTP_SINK_DIR ?? './mail';
const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;
mkdirSync(dir, { recursive: true });

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  size: MAX_MESSAGE_BYTES,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      saveMessage(dir, {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      callback();
    });
  },
});
smtp.listen(smtpPort, '127.0.0.1');

createServer((req, res) => {
  res.setHeader('Content-Type', 'application/json');
  if (req.url === '/healthz') return res.end('{"status":"ok"}');
  if (req.url === '/messages') return res.end(JSON.stringify(listMessages(dir)));
  res.statusCode = 404;
  res.end('{"error_code":"NOT_FOUND"}');
}).listen(httpPort, '127.0.0.1');

console.log(`smtp sink on 127.0.0.1:${smtpPort}, messages in ${dir}, http on ${httpPort}`);
