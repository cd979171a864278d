/** Saves `content` as a file through the browser's download, without leaving the page. */
export function downloadFile(fileName: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: Chromium reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name from free text: what file systems refuse becomes "_". */
export function safeFileName(text: string, extension: string): string {
  // Control characters are what is being removed.
  // eslint-disable-next-line no-control-regex
  const unsafe = /[\u0000-\u001f\u007f<>:"/\\|?*]+/g;
  const base = text.replace(unsafe, '_').trim().slice(0, 120);
  return `${base === '' ? 'casebook' : base}.${extension}`;
}
