/**
 * Saves content as a file through the browser's own download UI (a Blob link): needs no `downloads` permission. The one
 * download helper of the extension pages (popup exports, the library's Import & export tab).
 */
export function downloadFile(content: string | Uint8Array, fileName: string, mime: string): void {
  const type = typeof content === 'string' ? `${mime};charset=utf-8` : mime;
  // A copy into a fresh ArrayBuffer: Blob takes ArrayBuffer-backed views only.
  const part: BlobPart = typeof content === 'string' ? content : new Uint8Array(content);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the download has started reading the blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
