/**
 * The text of a file the facilitator picked (CSV, JSON or pasted-list export), read as UTF-8.
 * One reader for every import of the console, so they all decode a file the same way.
 */
export function readTextFile(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file, 'utf-8');
  });
}
