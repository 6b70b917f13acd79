import { AppError } from '../../errors.js';

/** Why a render was refused: the three cases the dispatcher and the tests tell apart. */
export type TemplateErrorReason = 'template_unknown' | 'template_variable_missing' | 'template_variable_invalid';

/**
 * A notice that cannot be rendered. The message names the template and the variable, never the value:
 * values are personal data and the message ends up in logs and in the outbox's failure field.
 */
export class TemplateError extends AppError {
  constructor(
    readonly reason: TemplateErrorReason,
    readonly template: string,
    readonly variable: string | null,
    problem = '',
  ) {
    super('invalid_input', describe(reason, template, variable, problem), { reason, template, variable });
    this.name = 'TemplateError';
  }
}

function describe(reason: TemplateErrorReason, template: string, variable: string | null, problem: string): string {
  if (reason === 'template_unknown') return `Không có mẫu thông báo "${template.slice(0, 60)}".`;
  if (reason === 'template_variable_missing') return `Mẫu thông báo ${template}: thiếu biến ${variable}.`;
  return `Mẫu thông báo ${template}: biến ${variable} không hợp lệ${problem ? ` (${problem})` : ''}.`;
}
