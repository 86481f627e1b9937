import { downloadFile, network, readAnswer, type ApiResult } from './console-api.ts';

// The console's open-data card (views/console/OpenData.svelte): the list of files with their
// sizes, and each file's download, with the facilitator key (docs/api.md, GET /api/open-data).

export interface OpenDataEntry {
  /** `votes.csv`: the file's name, as saved and as in the static export. */
  name: string;
  mediaType: string;
  bytes: number;
  /** Data rows (results), the header left out. */
  rows: number;
}

export async function listOpenData(key: string): Promise<ApiResult<{ files: OpenDataEntry[] }>> {
  try {
    const response = await fetch('/api/open-data', { headers: { Authorization: `Bearer ${key}` } });
    return await readAnswer<{ files: OpenDataEntry[] }>(response);
  } catch {
    return network();
  }
}

export function downloadOpenData(key: string, name: string): Promise<ApiResult<null>> {
  return downloadFile(key, `/api/open-data/${encodeURIComponent(name)}`, name);
}
