import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import { AppError } from '../errors.js';

const BEARER = /^Bearer ([\x21-\x7e]+)$/;

/** Fixed-length digests, so timingSafeEqual compares equal lengths and the length itself leaks nothing. */
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * `Authorization: Bearer <token>` checked in constant time; anything else answers 401 JSON with a
 * WWW-Authenticate challenge (RFC 6750).
 */
function bearerToken(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const given = BEARER.exec(req.get('authorization') ?? '')?.[1];
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      res.setHeader('www-authenticate', 'Bearer realm="otel-stack admin"');
      throw new AppError(
        401,
        'unauthorized',
        'This route needs the admin token: Authorization: Bearer <token>',
      );
    }
    next();
  };
}

/**
 * A service's admin routes under `prefix`, behind the admin token. Without a token configured they are
 * not mounted at all, so they answer the ordinary JSON 404.
 */
export function adminRoutes(prefix: string, token: string | undefined, routes: Router): Router {
  const router = express.Router();
  if (token !== undefined) router.use(prefix, bearerToken(token), routes);
  return router;
}
