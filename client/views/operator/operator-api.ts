import type { OperatorConvention, OperatorList } from '../../../shared/operator.ts';
import { downloadBackup, network, readAnswer, type ApiResult } from '../../lib/console-api.ts';

// The operator's page talks to its routes (docs/api.md, "The operator") with the operator
// key as a bearer token, like the console's HTTP calls do with the facilitator key.

export function listConventions(key: string): Promise<ApiResult<OperatorList>> {
  return call<OperatorList>(key, { method: 'GET' });
}

/**
 * A blank convention (`template` null) or one laid out from a template. The same
 * `idempotencyKey` on a retry gets the convention the first attempt made, not a second one.
 */
export function createConvention(key: string, name: string, template: string | null, idempotencyKey: string): Promise<ApiResult<OperatorConvention>> {
  return call<OperatorConvention>(key, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey }, body: JSON.stringify({ name, template }) });
}

/**
 * Saves one convention's backup under the server's file name. The check and the restore of a
 * backup file are console-api.ts's, with the base `/api/operator` (components/BackupRestore.svelte).
 */
export function downloadConventionBackup(key: string, conventionId: string): Promise<ApiResult<null>> {
  return downloadBackup(key, `/api/operator/conventions/${encodeURIComponent(conventionId)}/backup`);
}

/** Archives a convention that is over (its seat tokens refused), or undoes it: the convention as listed after. */
export function setArchived(key: string, conventionId: string, archived: boolean): Promise<ApiResult<OperatorConvention>> {
  return call<OperatorConvention>(key, { method: 'POST' }, `/${encodeURIComponent(conventionId)}/${archived ? 'archive' : 'unarchive'}`);
}

async function call<T>(key: string, init: RequestInit, path = ''): Promise<ApiResult<T>> {
  try {
    const response = await fetch(`/api/operator/conventions${path}`, { ...init, headers: { ...init.headers, Authorization: `Bearer ${key}` }, cache: 'no-store' });
    return await readAnswer<T>(response);
  } catch {
    return network();
  }
}
