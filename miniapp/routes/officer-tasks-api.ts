import express, { Router, type Request, type Response } from 'express';
import { AppError } from '../../services/errors.js';
import { calendarView, editCalendar, type CalendarEdit } from '../../services/reminders/calendar-edit.js';
import { taskList } from '../../services/reminders/task-list.js';
import { completeTask, markNotApplicable } from '../../services/reminders/tasks.js';
import { apiErrors } from '../http/api-errors.js';
import { communesIn, oneIn, OFFICER_INPUT_WORDS, textIn } from '../http/officer-input.js';
import { officerGuards } from '../http/officer-guards.js';
import type { MiniappHttpDeps } from './app-api.js';

const TASK_ID = /^[0-9a-f]{24}$/;

/**
 * The officers' monthly tasks under /app/api/officer: the list with Done, not applicable (province
 * administrators), and the province calendar. Same guards as the rest of the officer section: a live
 * officer session on every request, the CSRF token on writes; the services check scope and audit.
 */
export function officerTasksApi(deps: MiniappHttpDeps): Router {
  const r = Router();
  const json = express.json({ limit: '64kb' });
  const { read, write, actingIn } = officerGuards(deps);
  const noStore = (res: Response) => res.set('cache-control', 'no-store');
  const taskId = (req: Request): string => {
    const id = String(req.params.id ?? '');
    if (!TASK_ID.test(id)) throw new AppError('not_found', OFFICER_INPUT_WORDS.badRef);
    return id;
  };

  r.get('/app/api/officer/tasks', ...read, async (req, res) => {
    const period = oneIn(req.query.period);
    const communes = communesIn(req.query.commune);
    noStore(res).json(await taskList(actingIn(res), { ...(period ? { period } : {}), communes }));
  });

  r.post('/app/api/officer/tasks/:id/done', ...write, async (req, res) => {
    const acting = actingIn(res);
    noStore(res).json({ task: await completeTask(acting, taskId(req), acting.via ?? 'miniapp') });
  });

  r.post('/app/api/officer/tasks/:id/not-applicable', ...write, async (req, res) => {
    noStore(res).json({ task: await markNotApplicable(actingIn(res), taskId(req)) });
  });

  r.get('/app/api/officer/calendar', ...read, async (_req, res) => {
    noStore(res).json(await calendarView(actingIn(res)));
  });

  r.put('/app/api/officer/calendar', ...write, json, async (req, res) => {
    const b = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const edit: CalendarEdit = {
      ...(Array.isArray(b.tasks)
        ? {
            tasks: (b.tasks as { key?: unknown; day?: unknown }[]).map((t) => ({
              key: textIn(t?.key),
              day: Number(textIn(t?.day)),
            })),
          }
        : {}),
      ...(b.holidays === null || Array.isArray(b.holidays) ? { holidays: b.holidays as string[] | null } : {}),
    };
    noStore(res).json(await editCalendar(actingIn(res), edit));
  });

  r.use(['/app/api/officer/tasks', '/app/api/officer/calendar'], apiErrors(deps.log));
  return r;
}
