// STUB (helper C, officer mini-app): the lead writes the real one and keeps it at merge.
import { periodOf } from '../format.js';
import type { Acting } from './scope.js';

/** This period's figures of an officer's work. */
export type Figures = {
  queue: number;
  awaitingPolice: number;
  resultsThisMonth: number;
  missingAny: number;
  active: number;
};

/** STUB: fixed figures. */
export async function officerDashboard(
  acting: Acting,
): Promise<{ period: string; totals: Figures; communes: ({ code: string; name: string } & Figures)[] }> {
  const f: Figures = { queue: 1, awaitingPolice: 0, resultsThisMonth: 0, missingAny: 1, active: 1 };
  return { period: periodOf(acting.now()), totals: f, communes: [{ code: '00004', name: 'Phường Ba Đình', ...f }] };
}
