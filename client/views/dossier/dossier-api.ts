import { network, readAnswer, type ApiResult } from '../../lib/console-api.ts';
import type { Dossier } from '../../../shared/reports/dossier.ts';

// The dossier's data, with the facilitator key as a bearer token (GET /api/report/dossier).
export async function fetchDossier(key: string): Promise<ApiResult<Dossier>> {
  try {
    const response = await fetch('/api/report/dossier', { headers: { Authorization: `Bearer ${key}` } });
    return await readAnswer<Dossier>(response);
  } catch {
    return network();
  }
}
