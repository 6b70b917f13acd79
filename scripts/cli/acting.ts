import { officers } from '../../models/officer.js';
import { AppError } from '../../services/errors.js';
import { officerIdFor, scopeOf } from '../../services/officers/identity.js';
import { OPERATOR, type Acting } from '../../services/officers/scope.js';
import type { Runtime } from '../../services/runtime.js';
import { parsePhone } from '../../services/validation/values.js';

/**
 * Who acts at the command line: the operator of the server, or, with `--officer PHONE`, that
 * officer within their scope (the same checks as in the bot and the mini-app).
 */
export async function actingAt(rt: Runtime, officerPhone: string | undefined): Promise<Acting> {
  const now = () => new Date();
  if (officerPhone === undefined) return { scope: OPERATOR, entryPoint: 'cli', now };
  const phone = parsePhone(officerPhone);
  if (!phone.ok) throw new AppError('invalid_input', `--officer: ${phone.reason}`);
  const found = await officers.byId(officerIdFor(rt.sealer, phone.value));
  const scope = found ? scopeOf(found) : null;
  if (!scope) throw new AppError('forbidden', 'Không có cán bộ nào đang hoạt động với số điện thoại này.');
  return { scope, entryPoint: 'cli', now };
}
