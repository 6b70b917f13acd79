import type { EntryPoint } from '../../models/audit.js';
import type { Sealer } from '../crypto.js';

/** Who is writing to the register and through which entry point. */
export type WriteContext = { sealer: Sealer; entryPoint: EntryPoint; actor: string };
