import type { z } from 'zod';
import type { MessageButton } from '../channel.js';
import { ANNOUNCEMENT_TEXTS } from './announcement.js';
import { TemplateError } from './errors.js';
import { OFFICER_TEXTS } from './officer.js';
import { PAYMENT_TEXTS } from './payment.js';
import { LIFE_EVENT_TEXTS } from './life-events.js';
import { ACCOUNT_REMINDER_TEXTS, accountReminderButtons } from './account-reminder.js';
import { EXPECTED, SCHEMAS } from './schemas.js';
import type { Lang, RenderedMessage, Renderers, TemplateName } from './types.js';
import { TASK_TEXTS, taskButtons } from './tasks.js';
import { VERIFICATION_TEXTS } from './verification.js';
import { ZALO_TEXTS } from './zalo.js';

export type { Lang, RenderedMessage, TemplateName, TemplateVars } from './types.js';
export { TemplateError, type TemplateErrorReason } from './errors.js';
export { SAMPLE_VARS } from './samples.js';
export { IDENTITY_FIELD_LABELS_EN } from './words.js';

/** Every template, in the order the README lists them. */
export const TEMPLATE_NAMES: readonly TemplateName[] = Object.freeze(Object.keys(SCHEMAS) as TemplateName[]);

const TEXTS: Record<Lang, Renderers<TemplateName>> = {
  vi: {
    ...PAYMENT_TEXTS.vi,
    ...VERIFICATION_TEXTS.vi,
    ...ANNOUNCEMENT_TEXTS.vi,
    ...OFFICER_TEXTS.vi,
    ...LIFE_EVENT_TEXTS.vi,
    ...TASK_TEXTS.vi,
    ...ACCOUNT_REMINDER_TEXTS.vi,
    ...ZALO_TEXTS.vi,
  },
  en: {
    ...PAYMENT_TEXTS.en,
    ...VERIFICATION_TEXTS.en,
    ...ANNOUNCEMENT_TEXTS.en,
    ...OFFICER_TEXTS.en,
    ...LIFE_EVENT_TEXTS.en,
    ...TASK_TEXTS.en,
    ...ACCOUNT_REMINDER_TEXTS.en,
    ...ZALO_TEXTS.en,
  },
};

/** Whether a stored name is one of ours (the outbox keeps names as plain strings). */
export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(SCHEMAS, name);
}

/** The buttons a template carries: Done and the officer section on task notices, the mini-app on the account reminder. */
function buttonsOf(name: TemplateName, lang: Lang, vars: unknown): MessageButton[] | undefined {
  return name === 'account_reminder' ? accountReminderButtons(lang) : taskButtons(name, lang, vars);
}

/** Validates `vars` against the template's schema and renders (with the template's buttons); a missing or bad value throws TemplateError, never a message with a hole. */
export function renderTemplate(name: string, lang: Lang, vars: unknown): RenderedMessage {
  if (!isTemplateName(name)) throw new TemplateError('template_unknown', name, null);
  const parsed = SCHEMAS[name].safeParse(vars);
  if (!parsed.success) throw errorOf(name, vars, parsed.error.issues[0]);
  const l = lang === 'en' ? 'en' : 'vi';
  const render = TEXTS[l][name] as (v: unknown) => string;
  const buttons = buttonsOf(name, l, parsed.data);
  return buttons ? { text: render(parsed.data), buttons } : { text: render(parsed.data) };
}

function errorOf(name: TemplateName, vars: unknown, issue: z.core.$ZodIssue | undefined): TemplateError {
  if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) {
    return new TemplateError('template_variable_invalid', name, 'vars', 'cần một đối tượng');
  }
  const [key, ...rest] = issue?.path ?? [];
  const variable = `${String(key ?? 'vars')}${rest.map((p) => `[${String(p)}]`).join('')}`;
  // Only the variable's name and the rule are reported: zod's own message could one day quote the value.
  if (typeof key === 'string' && (vars as Record<string, unknown>)[key] === undefined) {
    return new TemplateError('template_variable_missing', name, variable);
  }
  return new TemplateError(
    'template_variable_invalid',
    name,
    variable,
    `cần ${EXPECTED[String(key)] ?? 'giá trị hợp lệ'}`,
  );
}
