import { z } from 'zod';
import { formatDate, formatPeriod, formatVnd } from '../../format.js';
import { maskDigits } from '../../mask.js';
import { IDENTITY_FIELD_LABELS_VI, type IdentityField } from '../../validation/codes.js';
import type { TemplateName, TemplateVars } from '../templates/index.js';

/**
 * The personal notices that may go by ZNS: what a beneficiary must hear even without a chat (their
 * money, their account's verification). Work notices, reminders and broadcasts never cost a ZNS.
 */
export const ZNS_NOTICE_TYPES = [
  'payment_paid',
  'payment_failed',
  'payment_returned',
  'payment_cash_ready',
  'verification_verified',
  'verification_mismatch',
  'verification_rejected',
] as const satisfies readonly TemplateName[];
export type ZnsNoticeType = (typeof ZNS_NOTICE_TYPES)[number];

export const isZnsNoticeType = (name: string): name is ZnsNoticeType =>
  (ZNS_NOTICE_TYPES as readonly string[]).includes(name);

/**
 * Zalo caps each parameter by its declared type (a name 30 characters, an amount 20, an address
 * 200…); a value is cut to this at most, so one long reason cannot get the whole message refused.
 */
const PARAM_MAX = 200;
const orDash = (v: string | null | undefined): string => (v && v.trim() ? v.trim() : '-');
const cut = (v: string): string => (v.length > PARAM_MAX ? `${v.slice(0, PARAM_MAX - 1)}…` : v);

type Field<T> = (vars: T) => string;
const named = { beneficiaryName: (v: { beneficiaryName: string }) => v.beneficiaryName };
const paymentBase = {
  ...named,
  period: (v: { period: string }) => formatPeriod(v.period),
  amount: (v: { amount: number }) => formatVnd(v.amount),
};
const accountBase = {
  ...named,
  destinationMasked: (v: { destinationMasked: string }) => orDash(v.destinationMasked),
  provider: (v: { provider: string }) => orDash(v.provider),
};
const office = {
  communeName: (v: { communeName: string | null }) => orDash(v.communeName),
  officeAddress: (v: { officeAddress: string | null }) => orDash(v.officeAddress),
  officeHours: (v: { officeHours: string | null }) => orDash(v.officeHours),
};

/**
 * The values a ZNS template can be given for each notice type, already written as a person reads
 * them (money `500.000 ₫`, dates dd/mm/yyyy, period `11/2026`, an unknown value `-`). The configured
 * template maps its own parameter names to these.
 */
export const ZNS_FIELDS: { [K in ZnsNoticeType]: Record<string, Field<TemplateVars[K]>> } = {
  payment_paid: {
    ...paymentBase,
    destinationMasked: (v) => orDash(v.destinationMasked),
    provider: (v) => orDash(v.provider),
    paidOn: (v) => formatDate(v.paidOn),
  },
  payment_failed: { ...paymentBase, reason: (v) => orDash(v.reason && maskDigits(v.reason)) },
  payment_returned: { ...paymentBase, reason: (v) => orDash(v.reason && maskDigits(v.reason)) },
  payment_cash_ready: {
    ...paymentBase,
    pickupPlace: (v) => orDash(v.pickupPlace),
    pickupFrom: (v) => (v.pickupFrom ? formatDate(v.pickupFrom) : '-'),
    pickupTo: (v) => (v.pickupTo ? formatDate(v.pickupTo) : '-'),
  },
  verification_verified: accountBase,
  verification_mismatch: {
    ...accountBase,
    ...office,
    mismatchFields: (v) => v.mismatchFields.map((f: IdentityField) => IDENTITY_FIELD_LABELS_VI[f]).join(', '),
  },
  verification_rejected: { ...accountBase, ...office, reason: (v) => orDash(v.reason && maskDigits(v.reason)) },
};

/** One notice type's ZNS template: Zalo's template id and, for each of its parameters, the field it shows. */
export type ZnsTemplate = { templateId: string; params: Record<string, string> };
export type ZnsTemplates = Partial<Record<ZnsNoticeType, ZnsTemplate>>;

/** Zalo's parameter names: letters, digits and underscores (its template editor allows nothing else). */
const PARAM_NAME = /^[A-Za-z0-9_]{1,50}$/;

/** ZNS_TEMPLATES as configured: JSON, each type known, each parameter mapped to a field that type has. */
export const znsTemplatesSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON: {"payment_paid":{"templateId":"…","params":{…}}}' });
      return z.NEVER;
    }
  })
  .pipe(
    z.partialRecord(
      z.enum(ZNS_NOTICE_TYPES),
      z.object({
        templateId: z.string().regex(/^\d{1,20}$/, 'templateId must be the digits Zalo gave the approved template'),
        params: z.record(z.string().regex(PARAM_NAME, 'parameter names are letters, digits and _'), z.string()),
      }),
    ),
  )
  .superRefine((all, ctx) => {
    for (const [type, t] of Object.entries(all)) {
      const known = Object.keys(ZNS_FIELDS[type as ZnsNoticeType]);
      for (const [param, field] of Object.entries(t.params))
        if (!known.includes(field))
          ctx.addIssue({
            code: 'custom',
            message: `${type}.params.${param}: "${field}" is not one of ${known.join(', ')}`,
          });
    }
  })
  .transform((all) => all as ZnsTemplates);

/** The template data of one notice: each configured parameter with its field's value. */
export function znsTemplateData(type: ZnsNoticeType, template: ZnsTemplate, vars: unknown): Record<string, string> {
  const fields = ZNS_FIELDS[type] as Record<string, Field<unknown>>;
  return Object.fromEntries(
    Object.entries(template.params).map(([param, field]) => [param, cut(fields[field]!(vars))]),
  );
}
