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
import { OPEN_HELP, openMessages as m } from './messages.ts';
import { abandonFilesOutput, prepareFilesOutput, saveFiles, type FilesOutput } from './files.ts';
import { claimOutputFile, type OutputFile } from './output-file.ts';
import { revealWithPassphrase } from './passphrase.ts';
import { PASSPHRASE_OPTIONS, passphraseSource, type PassphraseSource } from '../../args/passphrase.ts';
import { note } from '../../runtime/report.ts';
import { describeViewsLeft } from '../../terminal/summary.ts';
import { printable } from '../../terminal/terminal-text.ts';

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
  const used = m.usedAView;
  switch (opened.kind) {
    case 'wrong_key':
      // With a passphrase, the server has checked passProof: P was right, so the data was altered.
      return fail(EXIT.badKey, `${locked ? m.alteredAfterPassphrase : m.wrongKeyOrAltered}${used}`);
    case 'corrupt':
      return fail(EXIT.badKey, `${m.damaged(opened.message)}${used}`);
    case 'unsupported_version':
      return fail(EXIT.other, `${m.newerFormat(opened.version)}${used}`);
  }
}

/** Generous for any link: origin + 22-character id + 43-character key. */
const MAX_LINK_BYTES = 4096;

/** `zkpush open -`: the link from stdin, so it stays out of argv (visible in `ps`) and shell history. */
async function readLink(ctx: Context): Promise<Parsed<string>> {
  const read = await readAll(ctx.stdin.stream, MAX_LINK_BYTES);
  const text = read.kind === 'ok' ? decodeUtf8(read.bytes) : null;
  if (text === null) return { kind: 'fail', failure: fail(EXIT.usage, m.stdinNoLink) };
  return { kind: 'ok', value: text };
}

async function open({ values, positionals }: CommandArgs<typeof OPEN_OPTIONS>, ctx: Context): Promise<Outcome> {
  if (positionals[0] === undefined) return usage(m.needsLink);
  const fromStdin = positionals[0] === '-' ? await readLink(ctx) : { kind: 'ok' as const, value: positionals[0] };
  if (fromStdin.kind === 'fail') return fromStdin;
  const arg = fromStdin.value.trim();
  if (isSecretId(arg)) return usage(m.idAlone);
  if (!URL.canParse(arg)) return usage(m.notALink);
  const source = passphraseSource(values, fromStdinLink(positionals[0]));
  if (source.kind === 'fail') return source;
  const link = parseLink(arg);
  if (link.kind === 'invalid') return failed(fail(EXIT.badKey, m.damagedLink(link.message)));
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

const fromStdinLink = (arg: string): string | null => (arg === '-' ? m.stdinHoldsLink : null);

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
      note(ctx, options.quiet, m.noPassphraseNeeded);
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
const kindMismatch = (said: string): Failure => fail(EXIT.server, m.kindMismatch(said));

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
  if (payload.kind !== 'text') return failed(kindMismatch(m.textSecret));
  const text = payload.text;
  if (output) {
    const error = output.commit(new TextEncoder().encode(text));
    if (error) return failed({ ...error, message: `${error.message}${m.usedAView}` });
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
  ctx.stderr.write(`${m.senderMessage}\n`);
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
    if (payload.kind !== 'files') return failed(kindMismatch(m.files));
    if (revealed.download === undefined) {
      return failed(fail(EXIT.server, m.noDownloadToken(target.origin)));
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
