import type { OperatorConvention, OperatorList } from '../../../shared/operator.ts';
import { network, readAnswer, type ApiResult } from '../../lib/console-api.ts';

// The operator's page talks to its two routes (docs/api.md, "The operator") with the operator
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

async function call<T>(key: string, init: RequestInit): Promise<ApiResult<T>> {
  try {
    const response = await fetch('/api/operator/conventions', { ...init, headers: { ...init.headers, Authorization: `Bearer ${key}` }, cache: 'no-store' });
    return await readAnswer<T>(response);
  } catch {
    return network();
  }
}
