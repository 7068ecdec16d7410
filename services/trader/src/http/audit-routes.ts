import type { Express } from 'express';
import { operatorActionsQuerySchema, type OperatorActionsPage } from '@roottrading/contracts';
import type { Db } from '@roottrading/db';
import { validate } from '@roottrading/service';
import { listOperatorActions } from '../repositories/operator-actions.js';

/** The audit trail of the account this trader runs (demo or live rows, never both). */
export function mountAuditRoutes(app: Express, deps: { db: Db; mode: 'demo' | 'live' }): void {
  app.get('/controls/actions', async (req, res) => {
    const { limit, page } = validate(operatorActionsQuerySchema, req.query, 'query');
    const { rows, total } = await listOperatorActions(
      deps.db,
      { limit, offset: (page - 1) * limit },
      deps.mode === 'demo',
    );
    const body: OperatorActionsPage = {
      mode: deps.mode,
      actions: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
      page,
      limit,
      total,
      pages: Math.max(1, Math.ceil(total / limit)),
    };
    res.json(body);
  });
}
