/**
 * The reference: node:http answering what the Express hello route answers, and nothing else. It shows
 * how much of a request's cost is Node's own HTTP server.
 */
import { createServer } from 'node:http';
import { readPort } from '../../instrumentation/config/env.js';
import { loadConfigOrExit } from '../../instrumentation/config/load.js';

const config = loadConfigOrExit((env) => ({ port: readPort(env, 'PORT', 0) }));
const BODY = JSON.stringify({ hello: 'world' });
const HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'content-length': String(Buffer.byteLength(BODY)),
};

const server = createServer((_req, res) => {
  res.writeHead(200, HEADERS).end(BODY);
});
server.listen(config.port, '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
