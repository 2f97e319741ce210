/** Saves text as a file through the browser's download UI; needs no `downloads` permission. */
export function downloadText(text: string, fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoke after the download has started reading the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
