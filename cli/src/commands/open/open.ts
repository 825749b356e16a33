/**
 * `zkpush open <link>`: metadata first (a dead link fails without a POST, and a file push without a
 * usable -o is refused before any view is used), then the reveal — which uses one view — then
 * decryption on this machine with the shared openPush. A text secret goes to stdout byte for byte,
 * or to a 0600 file with -o; a file push's files are downloaded, verified and saved into -o DIR
 * (files.ts). Views left go to stderr. A push locked with a passphrase is revealed through
 * passphrase.ts, which asks for it and derives P.
 */
import type { ApiClient } from '@zkpush/shared/api-client';
import { filePlans } from '@zkpush/shared/file-push';
import { isSecretId, parseLink } from '@zkpush/shared/link';
import type { Payload } from '@zkpush/shared/payload';
import { keyProofFor, openPush, type OpenedPush } from '@zkpush/shared/push';
import type { RevealResponse, SecretMeta } from '@zkpush/shared/schemas';
import { defineCommand, type CommandArgs, type Outcome } from '../../args/define-command.ts';
import { COMMON_OPTIONS, resolveServer, type Parsed } from '../../args/parse.ts';
import { createClient } from '../../runtime/client.ts';
import type { Context } from '../../runtime/context.ts';
import { EXIT, fail, failureFromApi, type Failure } from '../../runtime/exit-codes.ts';
import { decodeUtf8, readAll } from '../../runtime/io.ts';
import { abandonFilesOutput, prepareFilesOutput, saveFiles, type FilesOutput } from './files.ts';
import { claimOutputFile, type OutputFile } from './output-file.ts';
import { revealWithPassphrase } from './passphrase.ts';
import { PASSPHRASE_OPTIONS, passphraseSource, type PassphraseSource } from '../../args/passphrase.ts';
import { note } from '../../runtime/report.ts';
import { describeViewsLeft } from '../../terminal/summary.ts';
import { printable } from '../../terminal/terminal-text.ts';

const OPEN_HELP = `Usage: zkpush open [options] <link | ->

Reveals a secret: uses one view, decrypts it on this machine and writes it to stdout exactly as it
was pushed. A newline is added only when stdout is a terminal and the secret does not end with one.
Views left and the expiry go to stderr.

A push of files needs -o DIR: each file is downloaded, verified as it arrives and saved into DIR
(created if missing) under a safe version of its name, first as a hidden .zkpush-part file that gets
its name only once it verified completely. A damaged or tampered file is never saved. The sender's
message goes to stderr. Without -o, nothing is revealed (no view is used).

Options:
  -o, --output FILE   write the secret to FILE instead, created with mode 0600 ("-": stdout)
  -o, --output DIR    for a file push: save the files into DIR; "-" writes a push of one file to
                      stdout (a damaged file is then reported only after bytes were written: exit 5,
                      discard the output; prefer -o DIR)
      --force         replace FILE if it exists (refused otherwise, before any view is used); for
                      files, replace files of the same names in DIR (otherwise "name (2)" is used)
  -s, --server URL    reach the link's server at this origin instead (e.g. an internal address)
  -q, --quiet         no messages on stderr
  -h, --help          show this help

Passphrase (only for a secret locked with one; without these, zkpush asks on the terminal):
      --passphrase            ask on the terminal, without echo
      --passphrase-env VAR    read it from the environment variable VAR
      --passphrase-file FILE  read the first line of FILE ("-": stdin, unless the link comes from it)
      --no-retry              on a terminal, stop at the first wrong passphrase instead of asking again

Each wrong passphrase is an attempt the server counts (no view is used); after the last one the
secret is destroyed. Without a terminal and without --passphrase-env/--passphrase-file, open stops
before sending anything.

The link must be complete, including the key after "#". With "-" it is read from stdin, which keeps
it out of the process list and shell history.

Examples:
  printf '%s' "$LINK" | zkpush open - -o db-password.txt
  printf '%s' "$LINK" | zkpush open - --passphrase-file ./passphrase.txt
  printf '%s' "$LINK" | zkpush open - -o ./received/
`;

const OPEN_OPTIONS = {
  ...COMMON_OPTIONS,
  ...PASSPHRASE_OPTIONS,
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
  'no-retry': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

const failed = (failure: Failure): Outcome => ({ kind: 'fail', failure });
const usage = (message: string): Outcome => failed(fail(EXIT.usage, message));

export const runOpen = defineCommand({
  name: 'open',
  options: OPEN_OPTIONS,
  help: OPEN_HELP,
  positionals: 1,
  run: open,
});

/** Failures after the reveal: the view is used, so say so. */
function openFailure(opened: Exclude<OpenedPush, { kind: 'ok' }>, locked: boolean): Failure {
  const used = ' (this used a view)';
  switch (opened.kind) {
    case 'wrong_key':
      // With a passphrase, the server has checked passProof: P was right, so the data was altered.
      return fail(
        EXIT.badKey,
        locked
          ? `cannot decrypt: the server accepted the passphrase, but the secret or its parameters were altered${used}`
          : `cannot decrypt: the key in this link does not fit this secret, or the data was altered${used}`,
      );
    case 'corrupt':
      return fail(EXIT.badKey, `the secret is damaged: ${opened.message}${used}`);
    case 'unsupported_version':
      return fail(
        EXIT.other,
        `this secret uses format version ${opened.version}, newer than this zkpush: update it${used}`,
      );
  }
}

/** Generous for any link: origin + 22-character id + 43-character key. */
const MAX_LINK_BYTES = 4096;

/** `zkpush open -`: the link from stdin, so it stays out of argv (visible in `ps`) and shell history. */
async function readLink(ctx: Context): Promise<Parsed<string>> {
  const read = await readAll(ctx.stdin.stream, MAX_LINK_BYTES);
  const text = read.kind === 'ok' ? decodeUtf8(read.bytes) : null;
  if (text === null) return { kind: 'fail', failure: fail(EXIT.usage, 'stdin does not hold a link') };
  return { kind: 'ok', value: text };
}

async function open({ values, positionals }: CommandArgs<typeof OPEN_OPTIONS>, ctx: Context): Promise<Outcome> {
  if (positionals[0] === undefined) return usage('open needs a link (see zkpush open --help)');
  const fromStdin = positionals[0] === '-' ? await readLink(ctx) : { kind: 'ok' as const, value: positionals[0] };
  if (fromStdin.kind === 'fail') return fromStdin;
  const arg = fromStdin.value.trim();
  if (isSecretId(arg)) return usage('open needs the whole link with the key after "#"; an id alone cannot decrypt');
  if (!URL.canParse(arg)) return usage('expected a link like https://host/s/<id>#<key>');
  const source = passphraseSource(values, fromStdinLink(positionals[0]));
  if (source.kind === 'fail') return source;
  const link = parseLink(arg);
  if (link.kind === 'invalid') return failed(fail(EXIT.badKey, `damaged link: ${link.message}`));
  let origin = link.origin;
  if (values.server !== undefined) {
    const server = resolveServer(values.server, ctx.env);
    if (server.kind === 'fail') return server;
    origin = server.value;
  }

  const target: RevealTarget = { origin, id: link.id, linkKey: link.linkKey, source: source.value };
  const options = { quiet: values.quiet === true, retry: !values['no-retry'] };
  const api = createClient(origin, ctx.fetch);
  const meta = await api.meta(link.id);
  if (meta.kind !== 'ok') return failed(failureFromApi(meta, origin));
  const force = values.force === true;
  if (meta.value.files !== null) {
    const prepared = prepareFilesOutput(values.output, meta.value.files, { cwd: ctx.cwd, force });
    if (prepared.kind === 'fail') return prepared;
    const outcome = await openFiles(ctx, api, meta.value, target, prepared.value, options);
    if (outcome.kind === 'fail') abandonFilesOutput(prepared.value);
    return outcome;
  }
  let output: OutputFile | undefined;
  if (values.output !== undefined && values.output !== '-') {
    const claimed = claimOutputFile(values.output, { cwd: ctx.cwd, force });
    if (claimed.kind === 'fail') return claimed;
    output = claimed.value;
  }
  const outcome = await openText(ctx, api, meta.value, target, output, options);
  if (outcome.kind === 'fail') output?.abort();
  return outcome;
}

const fromStdinLink = (arg: string): string | null => (arg === '-' ? 'the link' : null);

type RevealTarget = { origin: string; id: string; linkKey: Uint8Array; source: PassphraseSource };
type RevealOptions = { quiet: boolean; retry: boolean };
type Revealed = { revealed: RevealResponse; payload: Payload; passKey: Uint8Array | undefined };

/** The reveal (one view) and the envelope opened; the passphrase flow when the metadata says so. */
async function revealPush(
  ctx: Context,
  api: ApiClient,
  meta: SecretMeta,
  target: RevealTarget,
  options: RevealOptions,
): Promise<Parsed<Revealed>> {
  const { origin, id, linkKey, source } = target;
  const lock = meta.passphrase;
  let revealed: RevealResponse;
  let passKey: Uint8Array | undefined;
  if (lock === null) {
    if (source.kind !== 'none') {
      note(ctx, options.quiet, 'This secret has no passphrase; the passphrase option is ignored.');
    }
    const plain = await api.reveal(id, { keyProof: keyProofFor(linkKey) });
    if (plain.kind !== 'ok') return { kind: 'fail', failure: failureFromApi(plain, origin) };
    revealed = plain.value;
  } else {
    const unlocked = await revealWithPassphrase(ctx, { api, origin, id, linkKey, lock, source, ...options });
    if (unlocked.kind === 'fail') return unlocked;
    ({ revealed, passKey } = unlocked.value);
  }
  const opened = openPush(linkKey, revealed.envelope, passKey);
  if (opened.kind !== 'ok') {
    passKey?.fill(0);
    return { kind: 'fail', failure: openFailure(opened, lock !== null) };
  }
  return { kind: 'ok', value: { revealed, payload: opened.payload, passKey } };
}

/** The metadata and the decrypted content disagree about the kind: a server mixing things up. */
const kindMismatch = (said: string): Failure =>
  fail(EXIT.server, `the server's metadata said ${said}, but the decrypted push is not (this used a view)`);

async function openText(
  ctx: Context,
  api: ApiClient,
  meta: SecretMeta,
  target: RevealTarget,
  output: OutputFile | undefined,
  options: RevealOptions,
): Promise<Outcome> {
  const opened = await revealPush(ctx, api, meta, target, options);
  if (opened.kind === 'fail') return opened;
  const { revealed, payload, passKey } = opened.value;
  passKey?.fill(0);
  if (payload.kind !== 'text') return failed(kindMismatch('a text secret'));
  const text = payload.text;
  if (output) {
    const error = output.commit(new TextEncoder().encode(text));
    if (error) return failed({ ...error, message: `${error.message} (this used a view)` });
  } else {
    ctx.stdout.write(text);
    if (ctx.stdout.isTTY && !text.endsWith('\n')) ctx.stdout.write('\n');
  }
  note(ctx, options.quiet, describeViewsLeft(revealed.viewsLeft, revealed.expiresAt, ctx.now()));
  return { kind: 'ok' };
}

/** The sender's note, line by line, with terminal controls made visible. Content, so not muted by -q. */
function showMessage(ctx: Context, message: string | undefined): void {
  if (message === undefined) return;
  ctx.stderr.write('Message from the sender:\n');
  for (const line of message.split(/\r?\n/)) ctx.stderr.write(`  ${printable(line)}\n`);
}

async function openFiles(
  ctx: Context,
  api: ApiClient,
  meta: SecretMeta,
  target: RevealTarget,
  output: FilesOutput,
  options: RevealOptions,
): Promise<Outcome> {
  const opened = await revealPush(ctx, api, meta, target, options);
  if (opened.kind === 'fail') return opened;
  const { revealed, payload, passKey } = opened.value;
  try {
    if (payload.kind !== 'files') return failed(kindMismatch('files'));
    if (revealed.download === undefined) {
      return failed(fail(EXIT.server, `${target.origin} sent no download token with the files (this used a view)`));
    }
    const plans = filePlans(target.linkKey, passKey, payload);
    showMessage(ctx, payload.message);
    const failure = await saveFiles(ctx, {
      api,
      origin: target.origin,
      id: target.id,
      downloadToken: revealed.download.token,
      plans,
      output,
      quiet: options.quiet,
    });
    for (const plan of plans) plan.keys.fileKey.fill(0);
    note(ctx, options.quiet, describeViewsLeft(revealed.viewsLeft, revealed.expiresAt, ctx.now()));
    return failure ? failed(failure) : { kind: 'ok' };
  } finally {
    passKey?.fill(0);
  }
}
