/**
 * How one file's download ended, whichever way it was saved (service worker, File System Access,
 * memory), and what the page says about it. `corrupt` is kept apart from every other failure: it is
 * not bad luck with the network but a file that was altered, cut or extended, and must not be used.
 */
import type { DownloadResult } from '@zkpush/shared/download';
import type { FinishKind } from '#lib/download-bridge/download-protocol.ts';
import { downloadFailure, downloadOutcomeText } from '#lib/reveal/reveal-messages.ts';

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
      return { kind: 'failed', message: downloadFailure.writeFailed(result.message) };
    case 'opener_failed':
      return { kind: 'failed', message: downloadFailure.decryptionStopped(result.message) };
    case 'error':
      return { kind: 'failed', message: downloadFailure.refused(result.code) };
    case 'bad_response':
      return { kind: 'failed', message: downloadFailure.badResponse(result.status) };
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
      return { kind: 'failed', message: downloadFailure.streamStopped(detail ?? 'error') };
  }
}

/** What the page says under a file after its download ended (not for `ok`). */
export function outcomeText(outcome: Exclude<DownloadOutcome, { kind: 'ok' }>): string {
  switch (outcome.kind) {
    case 'corrupt':
      return downloadOutcomeText.corrupt;
    case 'gone':
      return downloadOutcomeText.gone;
    case 'denied':
      return downloadOutcomeText.denied;
    case 'network':
      return downloadOutcomeText.network;
    case 'cancelled':
      return downloadOutcomeText.cancelled;
    case 'failed':
      return downloadOutcomeText.failed(outcome.message);
    case 'unavailable':
      return downloadOutcomeText.unavailable;
  }
}
