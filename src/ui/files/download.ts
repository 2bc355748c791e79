/** Saves bytes as a file through the browser's download. */
export function downloadFile(file: { readonly filename: string; readonly mime: string; readonly bytes: Uint8Array | string }): void {
  const url = URL.createObjectURL(new Blob([file.bytes as BlobPart], { type: file.mime }));
  const a = Object.assign(document.createElement('a'), { href: url, download: file.filename });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
