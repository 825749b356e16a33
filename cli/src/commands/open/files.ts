/**
 * The file-push half of `zkpush open` (docs/cli.md, "Files"). Before the reveal — which uses a view —
 * the metadata's `files` decides what -o must be: a directory (created 0700 if missing), or "-" for a
 * push of exactly one file; without -o nothing is revealed. After it, each file is downloaded with
 * the shared downloadFile (verified as it streams, resumed with Range after a dropped connection)
 * into a part file in the directory (part-file.ts) that gets its sanitised name (shared safe-name.ts)
 * only once it verified completely. A file that fails is removed and named in the message, with the
 * reason: damaged or tampered with (exit 5), gone (4), network (7), local disk (1).
 */
import { mkdirSync, rmdirSync, statSync, accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import type { ApiClient } from '@zkpush/shared/api-client';
import { exactBytes, formatBytes } from '@zkpush/shared/byte-format';
import { downloadFile, type DownloadResult, type DownloadSink } from '@zkpush/shared/download';
import type { FileStreamPlan } from '@zkpush/shared/file-push';
import { uniqueNames } from '@zkpush/shared/safe-name';
import type { DeclaredFile } from '@zkpush/shared/schemas';
import type { Parsed } from '../../args/parse.ts';
import type { Context } from '../../runtime/context.ts';
import { EXIT, fail, failureFromApi, type Failure } from '../../runtime/exit-codes.ts';
import { terminalMessages } from '../../terminal/messages.ts';
import { openMessages as m } from './messages.ts';
import { createPartFile, errorCode, type PartFile } from './part-file.ts';
import { note, reportFailure } from '../../runtime/report.ts';
import { printable } from '../../terminal/terminal-text.ts';
import { transferProgress, type FileTransfer } from '../../terminal/transfer-progress.ts';

export type FilesOutput =
  { kind: 'dir'; dir: string; shown: string; created: boolean; force: boolean } | { kind: 'stdout' };

const usage = (message: string): { kind: 'fail'; failure: Failure } => ({
  kind: 'fail',
  failure: fail(EXIT.usage, message),
});

const countOf = terminalMessages.fileCount;

/**
 * Where the files of a push with these declared files will go. Everything here happens before the
 * reveal, so a wrong -o costs no view.
 */
export function prepareFilesOutput(
  output: string | undefined,
  declared: readonly DeclaredFile[],
  options: { cwd: string; force: boolean },
): Parsed<FilesOutput> {
  const padded = formatBytes(declared.reduce((n, f) => n + f.paddedSize, 0));
  const what = m.pushHolds(countOf(declared.length), padded);
  if (output === undefined) return usage(m.saveWithDir(what));
  if (output === '-') {
    if (declared.length === 1) return { kind: 'ok', value: { kind: 'stdout' } };
    return usage(m.stdoutOneFile(what));
  }
  const dir = resolve(options.cwd, output);
  const shown = printable(output);
  const existing = statSync(dir, { throwIfNoEntry: false });
  let created = false;
  if (existing === undefined) {
    try {
      mkdirSync(dir, { mode: 0o700 });
      created = true;
    } catch (err) {
      return usage(m.cannotCreateDir(shown, errorCode(err)));
    }
  } else if (!existing.isDirectory()) {
    return usage(m.notADirectory(shown, what));
  }
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    return usage(m.dirNotWritable(shown));
  }
  return { kind: 'ok', value: { kind: 'dir', dir, shown, created, force: options.force } };
}

/** Undoes prepareFilesOutput after a failure before anything was saved: removes a directory it made. */
export function abandonFilesOutput(output: FilesOutput): void {
  if (output.kind !== 'dir' || !output.created) return;
  try {
    rmdirSync(output.dir); // Only if still empty.
  } catch {
    // Not empty (a file was saved) or already gone.
  }
}

const CORRUPT: Readonly<Record<string, string>> = m.corrupt;

/** Words and exit code for a download that did not end `ok`. */
function downloadFailure(
  result: Exclude<DownloadResult, { kind: 'ok' }>,
  name: string,
  origin: string,
  where: string,
): Failure {
  switch (result.kind) {
    case 'corrupt': {
      const chunk = result.chunk === undefined ? '' : m.chunk(result.chunk);
      return fail(EXIT.badKey, m.fileDamaged(name, CORRUPT[result.reason] ?? result.reason, chunk));
    }
    case 'gone':
      return fail(EXIT.gone, m.fileGone(name));
    case 'denied':
      return fail(EXIT.gone, m.windowClosed(name, result.code));
    case 'network':
      return fail(EXIT.network, m.downloadConnectionLost(name, origin, result.message));
    case 'sink_failed':
      return fail(EXIT.other, m.cannotWrite(name, where, result.message));
    case 'opener_failed':
      // Not reached: the CLI opens chunks on its own thread, which cannot fail this way.
      return fail(EXIT.other, m.decryptionStopped(name, result.message));
    case 'cancelled':
      return fail(EXIT.interrupted, m.downloadCancelled(name));
    case 'error':
    case 'bad_response': {
      const f = failureFromApi(result, origin);
      return { ...f, message: m.fileFailure(name, f.message) };
    }
  }
}

interface SaveInput {
  api: Pick<ApiClient, 'download'>;
  origin: string;
  id: string;
  downloadToken: string;
  plans: readonly FileStreamPlan[];
  output: FilesOutput;
  quiet: boolean;
}

/** Sink that makes a failed disk write a readable message (ENOSPC rather than a stack). */
function partSink(part: PartFile): DownloadSink {
  return {
    write: async (bytes) => {
      try {
        await part.write(bytes);
      } catch (err) {
        throw new Error(errorCode(err), { cause: err });
      }
    },
  };
}

/** Downloads, verifies and saves every file; the first failure decides the exit code. */
export async function saveFiles(ctx: Context, input: SaveInput): Promise<Failure | null> {
  const { output, plans, quiet } = input;
  const cancel = new AbortController();
  const stopListening = ctx.onInterrupt(() => cancel.abort());
  const raw = plans.map((p) => p.entry.name);
  const names = output.kind === 'dir' ? uniqueNames(raw) : raw;
  const planned = new Set(names.map((n) => n.toLowerCase()));
  const where = output.kind === 'dir' ? output.shown : m.stdout;

  if (output.kind === 'dir') {
    note(ctx, quiet, m.saving(countOf(plans.length), output.shown));
    plans.forEach((p, i) => {
      const shownRaw = printable(p.entry.name);
      const mapped = names[i] === p.entry.name ? shownRaw : m.renamed(shownRaw, printable(names[i]!));
      note(ctx, quiet, m.savingFile(mapped, exactBytes(p.entry.size)));
    });
  }
  const progress = transferProgress(ctx, { quiet, verb: m.downloading, names });
  const state: FileTransfer[] = plans.map((p) => ({ done: 0, total: p.entry.size }));
  const failures: Failure[] = [];
  let saved = 0;
  try {
    for (const [i, plan] of plans.entries()) {
      const shownName = printable(names[i]!);
      let part: PartFile | undefined;
      let sink: DownloadSink;
      if (output.kind === 'dir') {
        try {
          part = await createPartFile(output.dir);
        } catch (err) {
          failures.push(fail(EXIT.other, m.cannotCreateFile(shownName, where, errorCode(err))));
          break;
        }
        sink = partSink(part);
      } else {
        sink = { write: (bytes) => ctx.stdout.writeAndWait(bytes) };
      }
      const result = await downloadFile(
        { api: input.api },
        {
          id: input.id,
          file: i,
          downloadToken: input.downloadToken,
          size: plan.entry.size,
          layout: plan.layout,
          keys: plan.keys,
          sink,
          signal: cancel.signal,
          onProgress: (p) => {
            state[i] = { done: p.bytes, total: p.size };
            progress.update(state);
          },
        },
      );
      state[i] = { done: plan.entry.size, total: plan.entry.size, complete: result.kind === 'ok' };
      progress.update(state);
      if (result.kind !== 'ok') {
        await part?.discard();
        progress.fail(i);
        failures.push(downloadFailure(result, shownName, input.origin, where));
        // A damaged file says nothing about the others; every other failure would repeat.
        if (result.kind === 'corrupt' && output.kind === 'dir') continue;
        break;
      }
      if (part && output.kind === 'dir') {
        try {
          const used = await part.commit(names[i]!, { force: output.force, avoid: planned });
          if (used !== names[i]) {
            note(ctx, quiet, m.savedAs(shownName, where, printable(used)));
          }
        } catch (err) {
          await part.discard();
          failures.push(fail(EXIT.other, m.cannotSave(shownName, where, errorCode(err))));
          break;
        }
      }
      saved += 1;
    }
  } finally {
    progress.done();
    stopListening();
  }
  const first = failures[0];
  if (first === undefined) return null;
  const tail = output.kind === 'stdout' ? m.stdoutIncomplete : m.savedOf(saved, countOf(plans.length), where);
  if (failures.length === 1) return { ...first, message: `${first.message}${tail}` };
  // Every failure gets its own line; the first decides the exit code.
  for (const f of failures) reportFailure(ctx, f);
  return { exit: first.exit, message: m.filesFailed(failures.length, tail) };
}
