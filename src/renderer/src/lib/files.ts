// Files in and out of the page: a FilePayload (base64, as the contract carries files) becomes a
// download, and a picked file becomes a FilePayload. Works the same in a browser and in Electron.
import type { FilePayload } from '../../../shared/api';

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export function download(file: FilePayload): void {
  const blob = new Blob([base64ToBytes(file.base64) as BlobPart], { type: 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference to the blob once started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function readFilePayload(file: File): Promise<FilePayload> {
  return { fileName: file.name, base64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) };
}
