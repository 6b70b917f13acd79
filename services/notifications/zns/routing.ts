import { provinceSettings } from '../../../models/province-settings.js';
import { stableId } from '../../../models/ids.js';
import type { Config } from '../../config.js';
import { isZnsNoticeType, type ZnsNoticeType, type ZnsTemplates } from './fields.js';

/**
 * When a notice for a record nobody follows in a chat goes by ZNS instead: the notice types that
 * have a template and are chosen for it, and whether a province that never chose sends them.
 * ZNS costs money per message, so both are explicit and a province may switch itself off.
 */
export type ZnsRouting = { types: ReadonlySet<ZnsNoticeType>; provinceDefault: boolean };

export const ZNS_OFF: ZnsRouting = { types: new Set(), provinceDefault: false };

/**
 * The routing a configuration asks for (ZNS_TEMPLATES, ZNS_FALLBACK_TYPES, ZNS_PROVINCE_DEFAULT);
 * off while no Official Account is configured, so no notice waits for a channel that cannot exist.
 */
export function znsRoutingFrom(
  config: Pick<Config, 'ZNS_TEMPLATES' | 'ZNS_FALLBACK_TYPES' | 'ZNS_PROVINCE_DEFAULT' | 'ZALO_OA_ID'>,
): ZnsRouting {
  if (!config.ZALO_OA_ID) return ZNS_OFF;
  const templates: ZnsTemplates = config.ZNS_TEMPLATES ?? {};
  const withTemplate = Object.keys(templates).filter(isZnsNoticeType);
  const chosen =
    config.ZNS_FALLBACK_TYPES === 'all'
      ? withTemplate
      : config.ZNS_FALLBACK_TYPES.split(',').filter((t): t is ZnsNoticeType =>
          withTemplate.includes(t as ZnsNoticeType),
        );
  return { types: new Set(chosen), provinceDefault: config.ZNS_PROVINCE_DEFAULT === 'on' };
}

/*
 * The triggers run inside imports, the mini-app and jobs, none of which carries the configuration
 * down to them; the process sets the routing once when it starts (services/runtime.ts), like the
 * database connection, and a test sets the one it is about.
 */
let current: ZnsRouting = ZNS_OFF;

/** Sets this process's ZNS routing (at start, from the configuration; tests set their own). */
export function useZnsRouting(routing: ZnsRouting): void {
  current = routing;
}

/** This process's ZNS routing. */
export function znsRouting(): ZnsRouting {
  return current;
}

/**
 * The provinces among these that send ZNS fallbacks: those switched on, and those that never chose
 * when the default is on. One read of the small settings documents.
 */
export async function provincesSendingZns(codes: readonly string[], routing: ZnsRouting): Promise<Set<string>> {
  if (!codes.length || !routing.types.size) return new Set();
  const settings = await provinceSettings.byCodes(codes);
  return new Set(codes.filter((c) => settings.get(c)?.znsFallback ?? routing.provinceDefault));
}

/**
 * The `chatRef` of a ZNS notice: no chat document has it, so the dispatcher's per-chat gate lets it
 * through and a failure marks no chat blocked; derived from the record, as one chat's would be.
 */
export const znsChatRef = (beneficiaryId: string): string => stableId('zns-recipient', beneficiaryId);
