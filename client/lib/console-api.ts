import type { RestorePlan, RestoreResult } from '../../shared/backup.ts';
import type { ImportFormat, ImportSummary, ProposalPreview } from '../../shared/features/proposals/import.ts';
import type { CommandResult } from '../../shared/registry.ts';
import type { ColumnDeclaration, RosterPreview } from '../../shared/features/core/roster-import.ts';

// The console's HTTP calls: roster preview and import (a CSV file is too large for a socket
// message), the exports (JSON, rankings CSV) and the convention's backup. Each takes the facilitator key as a bearer token;
// the operator's page (views/operator/operator-api.ts) reuses the reader, the download and the backup calls with its own key.

/** `NETWORK`: no answer, or not one we can read. Other codes are the server's (shared/errors.ts). */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; details?: Record<string, unknown> } };

/** The roster import's result: the ack of the command roster.import (shared/features/core/commands.ts). */
export type ImportResult = CommandResult<'roster.import'>;

export const network = <T>(): ApiResult<T> => ({ ok: false, error: { code: 'NETWORK' } });

/** An API answer (`{ ok, data }` or `{ ok: false, error }`, docs/api.md) as an ApiResult. */
export async function readAnswer<T>(response: Response): Promise<ApiResult<T>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return network();
  }
  if (body && typeof body === 'object' && 'ok' in body) {
    const answer = body as { ok: boolean; data?: T; error?: { code?: unknown; details?: Record<string, unknown> } };
    if (answer.ok) return { ok: true, data: answer.data as T };
    const code = typeof answer.error?.code === 'string' ? answer.error.code : 'INTERNAL';
    return { ok: false, error: answer.error?.details ? { code, details: answer.error.details } : { code } };
  }
  return network();
}

function headers(key: string, extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${key}`, ...extra };
}

/** `?columns=`: the facilitator's choice for the file's columns (header -> field or 'drop'). */
const columnsQuery = (columns: ColumnDeclaration) => (Object.keys(columns).length > 0 ? `?columns=${encodeURIComponent(JSON.stringify(columns))}` : '');

export async function previewRoster(key: string, csv: string, columns: ColumnDeclaration = {}): Promise<ApiResult<RosterPreview>> {
  try {
    const response = await fetch(`/api/roster/preview${columnsQuery(columns)}`, { method: 'POST', headers: headers(key, { 'Content-Type': 'text/csv; charset=utf-8' }), body: csv });
    return await readAnswer<RosterPreview>(response);
  } catch {
    return network();
  }
}

/** The same idempotency key for the same preview: a double click or a retry imports once. */
export async function importRoster(key: string, csv: string, idempotencyKey: string, columns: ColumnDeclaration = {}): Promise<ApiResult<ImportResult>> {
  try {
    const response = await fetch(`/api/roster/import${columnsQuery(columns)}`, {
      method: 'POST',
      headers: headers(key, { 'Content-Type': 'text/csv; charset=utf-8', 'Idempotency-Key': idempotencyKey }),
      body: csv,
    });
    return await readAnswer<ImportResult>(response);
  } catch {
    return network();
  }
}

/** Downloads the convention's JSON export under the file name the server suggests. */
export function downloadExport(key: string): Promise<ApiResult<null>> {
  return downloadFile(key, '/api/export.json', 'convergence-export.json');
}

/** A member's data as a JSON file (right of access, docs/privacy.md): GET /api/members/<id>/data. */
export function downloadMemberData(key: string, memberId: string): Promise<ApiResult<null>> {
  return downloadFile(key, `/api/members/${encodeURIComponent(memberId)}/data`, `membre-${memberId}.json`);
}

/** Downloads the lever rankings as a CSV sheet (semicolons, BOM) under the server's file name. */
export function downloadRankingsCsv(key: string): Promise<ApiResult<null>> {
  return downloadFile(key, '/api/export/rankings.csv', 'convergence-classements.csv');
}

/** The static export of the public results (docs/api.md, "Public results"): a ZIP of the results site. */
export function downloadSite(key: string): Promise<ApiResult<null>> {
  return downloadFile(key, '/api/publication/site.zip', 'resultats-convention.zip');
}

/** Fetches `path` with `key` (the facilitator's, or the operator's) and saves the answer as a file. */
export async function downloadFile(key: string, path: string, fallbackName: string): Promise<ApiResult<null>> {
  let response: Response;
  try {
    response = await fetch(path, { headers: headers(key) });
  } catch {
    return network();
  }
  if (!response.ok) return readAnswer<null>(response);
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch {
    return network();
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, data: null };
}

const PROPOSAL_TYPES: Record<ImportFormat, string> = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' };

/** What the server understands of a proposals file (CSV or JSON): rows, problems; writes nothing. */
export async function previewProposals(key: string, text: string, format: ImportFormat): Promise<ApiResult<ProposalPreview>> {
  try {
    const response = await fetch(`/api/proposals/preview?format=${format}`, { method: 'POST', headers: headers(key, { 'Content-Type': PROPOSAL_TYPES[format] }), body: text });
    return await readAnswer<ProposalPreview>(response);
  } catch {
    return network();
  }
}

/** Imports the previewed file; the same idempotency key for the same preview imports it once. */
export async function importProposals(key: string, text: string, format: ImportFormat, idempotencyKey: string): Promise<ApiResult<ImportSummary>> {
  try {
    const response = await fetch(`/api/proposals/import?format=${format}`, {
      method: 'POST',
      headers: headers(key, { 'Content-Type': PROPOSAL_TYPES[format], 'Idempotency-Key': idempotencyKey }),
      body: text,
    });
    return await readAnswer<ImportSummary>(response);
  } catch {
    return network();
  }
}

/** Downloads every proposal but drafts as a CSV sheet (semicolons, BOM) under the server's file name. */
export function downloadProposalsCsv(key: string): Promise<ApiResult<null>> {
  return downloadFile(key, '/api/export/proposals.csv', 'convergence-propositions.csv');
}

/** Downloads a session's rotation plan to print: a row per member, or a row per actor. */
export function downloadSpeedPlan(key: string, sessionId: string, by: 'member' | 'actor'): Promise<ApiResult<null>> {
  return downloadFile(key, `/api/export/speed.csv?session=${encodeURIComponent(sessionId)}&by=${by}`, `convergence-speed-meeting-${by}.csv`);
}

/** Downloads one session's questions to speakers (CSV sheet or JSON) under the server's file name. */
export function downloadQuestions(key: string, sessionId: string, format: 'csv' | 'json'): Promise<ApiResult<null>> {
  return downloadFile(key, `/api/export/questions.${format}?session=${encodeURIComponent(sessionId)}`, `convergence-questions.${format}`);
}

/**
 * Downloads a convention's backup (docs/formats.md, "Convention backup") under the server's file
 * name: the facilitator's own from `/api/backup`, any one from the operator's route.
 */
export function downloadBackup(key: string, path = '/api/backup'): Promise<ApiResult<null>> {
  return downloadFile(key, path, 'convergence-sauvegarde.json');
}

/**
 * The backup routes' base: `/api` for the facilitator's own convention, `/api/operator` for the
 * operator's, who may restore any convention of the server or create one (docs/api.md).
 */
export type BackupBase = '/api' | '/api/operator';

/** What restoring this backup would do (absent, newer, older, diverged, identical); writes nothing. */
export async function checkBackup(key: string, text: string, base: BackupBase = '/api'): Promise<ApiResult<RestorePlan>> {
  try {
    const response = await fetch(`${base}/backup/check`, { method: 'POST', headers: headers(key, { 'Content-Type': 'application/json; charset=utf-8' }), body: text });
    return await readAnswer<RestorePlan>(response);
  } catch {
    return network();
  }
}

/** Restores the backup in place of the convention (or creates it); `force` only for a copy that diverged. */
export async function restoreBackup(key: string, text: string, force: boolean, base: BackupBase = '/api'): Promise<ApiResult<RestoreResult>> {
  try {
    const response = await fetch(`${base}/backup/restore${force ? '?force=1' : ''}`, { method: 'POST', headers: headers(key, { 'Content-Type': 'application/json; charset=utf-8' }), body: text });
    return await readAnswer<RestoreResult>(response);
  } catch {
    return network();
  }
}
