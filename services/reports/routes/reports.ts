import express, { type Router } from 'express';
import type { ReportService } from '../domain/report-service.js';

export function reportRoutes(deps: { reports: ReportService }): Router {
  const router = express.Router();
  router.get('/api/v1/reports/comprehensive', async (_req, res) => {
    res.json(await deps.reports.comprehensive());
  });
  return router;
}
