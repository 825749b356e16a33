/**
 * How one file's download ended, whichever way it was saved (service worker, File System Access,
 * memory), and what the page says about it. `corrupt` is kept apart from every other failure: it is
 * not bad luck with the network but a file that was altered, cut or extended, and must not be used.
 */
import type { DownloadResult } from '@zkpush/shared/download';
import type { FinishKind } from '#lib/download-bridge/download-protocol.ts';

export type DownloadOutcome =
  | { kind: 'ok' }
  | { kind: 'corrupt' }
  | { kind: 'gone' }
  /** The download window closed (or the token was refused). */
  | { kind: 'denied' }
  | { kind: 'network' }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string }
  /** This way of saving could not run here; another may. */
  | { kind: 'unavailable' };

/** From a shared downloadFile result (the in-page ways of saving). */
export function outcomeOf(result: DownloadResult): DownloadOutcome {
  switch (result.kind) {
    case 'ok':
    case 'corrupt':
    case 'gone':
    case 'denied':
    case 'network':
    case 'cancelled':
      return { kind: result.kind };
    case 'sink_failed':
      return { kind: 'failed', message: `the file could not be written (${result.message})` };
    case 'opener_failed':
      return { kind: 'failed', message: `decryption stopped (${result.message})` };
    case 'error':
      return { kind: 'failed', message: `the server refused (${result.code})` };
    case 'bad_response':
      return { kind: 'failed', message: `the server sent an unexpected answer (HTTP ${result.status})` };
  }
}

/** From the service worker's `finished` message. */
export function outcomeOfFinish(kind: FinishKind, detail: string | undefined): DownloadOutcome {
  switch (kind) {
    case 'ok':
    case 'cancelled':
      return { kind };
    case 'sink_failed':
      return { kind: 'cancelled' };
    case 'expired':
      return { kind: 'unavailable' };
    case 'error':
      return { kind: 'failed', message: `the download stream stopped (${detail ?? 'error'})` };
  }
}

/** What the page says under a file after its download ended (not for `ok`). */
export function outcomeText(outcome: Exclude<DownloadOutcome, { kind: 'ok' }>): string {
  switch (outcome.kind) {
    case 'corrupt':
      return 'This file failed verification: it was damaged or tampered with on the way or on the server. The download was stopped and must not be trusted — delete anything that was saved.';
    case 'gone':
      return 'The files are no longer on the server: the link was deleted or its files were removed.';
    case 'denied':
      return 'The download window for this reveal has closed. The files can no longer be downloaded from this page.';
    case 'network':
      return 'The connection was lost and did not come back. Press Download to try again.';
    case 'cancelled':
      return 'Download cancelled.';
    case 'failed':
      return `The download failed: ${outcome.message}. Press Download to try again.`;
    case 'unavailable':
      return 'This browser could not save the file. Try another browser.';
  }
}
