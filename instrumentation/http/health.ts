import type { Router } from 'express';
import express from 'express';
import type { DrainState } from './drain.js';

/** A dependency the service needs to serve traffic; `check` resolves true when it answers. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
}

const CHECK_TIMEOUT_MS = 1_000;

async function run(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check.check().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/healthz`: the process runs. `/readyz`: every dependency answers, else 503 naming those that do not;
 * 503 `draining` once shutdown began.
 * Neither creates spans (the bootstrap ignores probe paths).
 */
export function healthRoutes(checks: readonly ReadinessCheck[], drain: DrainState): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    // Shutting down: out of rotation at once, whatever the dependencies say.
    if (drain.draining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    const results = await Promise.all(checks.map(async (c) => [c.name, await run(c)] as const));
    const failed = results.filter(([, ok]) => !ok).map(([name]) => name);
    const detail = Object.fromEntries(results.map(([name, ok]) => [name, ok ? 'ok' : 'down']));
    res.status(failed.length === 0 ? 200 : 503).json({
      status: failed.length === 0 ? 'ready' : 'not_ready',
      checks: detail,
      ...(failed.length > 0 ? { failed } : {}),
    });
  });
  return router;
}
