/**
 * `zkpush push`: encrypt locally with the shared sealText (or, with a passphrase, the shared
 * sealTextWithPassphrase: Argon2id at the default cost, then IKM = K ‖ P), create the push, print the
 * link. With -f FILE it is a file push instead (files.ts). The server's /api/v1/config is read
 * first so out-of-range options — and a passphrase on a server that allows none — fail here with the
 * server's own bounds (the server enforces them again). stdout gets only the link (or --json);
 * people get stderr.
 */
import { checkTextSize, sealText } from '@zkpush/shared/push';
import { defineCommand, type CommandArgs, type Outcome } from '../../args/define-command.ts';
import { COMMON_OPTIONS, parseExpires, parseViews, resolveServer } from '../../args/parse.ts';
import { createClient } from '../../runtime/client.ts';
import type { Context } from '../../runtime/context.ts';
import { EXIT, fail, failureFromApi, type Failure } from '../../runtime/exit-codes.ts';
import { formatLink } from '@zkpush/shared/link';
import { PASSPHRASE_OPTIONS, passphraseSource } from '../../args/passphrase.ts';
import { pushFiles } from './files.ts';
import { getPushPassphrase, sealLocked } from './passphrase.ts';
import { readSecret } from './input.ts';
import { checkBounds, checkPassphraseAllowed, reportCreated } from './common.ts';
import { note } from '../../runtime/report.ts';

const PUSH_HELP = `Usage: zkpush push [options] [text | -]
       zkpush push [options] -f FILE [-f FILE …] [--message TEXT | --message-file FILE]

Encrypts a secret on this machine and prints a link that opens it. The key exists only in the link,
after the "#"; the server stores ciphertext it cannot read.

The secret is the argument or, without one (or with "-"), stdin. Exactly one trailing newline is
removed from stdin ("echo" adds one) unless --keep-newline. Prefer stdin for real secrets: arguments
end up in shell history and process lists.

Files (-f, once per file): each is encrypted as it is read from disk and uploaded in 1 MiB chunks,
with retries; names, types and exact sizes travel only inside the encryption (the server sees each
file's padded size). Limits (file count, size) are the server's and are checked before anything is
uploaded. Progress shows on stderr when it is a terminal. Ctrl-C cancels and deletes the half-made
push (exit 130).

Options:
      --views N           how many times the link opens (default and range: the server's)
      --expires DURATION  lifetime: 30m, 1h, 7d, 1h30m or seconds (default and range: the server's)
  -s, --server URL        server origin (default: $ZKPUSH_SERVER, else http://127.0.0.1:8080)
      --json              print {"link","id","ownerToken","expiresAt","views"} instead of the link
                          (a file push adds "files": the padded size of each, as the server sees it)
      --keep-newline      push stdin (or the --message-file) exactly as read
  -f, --file FILE         push this file (repeat for more); no text argument then
      --message TEXT      a note shown with the files
      --message-file F    the note from the file F ("-": stdin)
  -q, --quiet             no messages on stderr
  -h, --help              show this help

Passphrase (optional): the recipient then needs it as well as the link, and the server destroys the
secret after too many wrong ones. Tell it to them another way. Never give it as an argument:
      --passphrase            ask for it on the terminal, twice, without echo
      --passphrase-env VAR    read it from the environment variable VAR
      --passphrase-file FILE  read the first line of FILE ("-": stdin, if the secret is an argument)

stdout gets only the link. The owner token, which "zkpush delete" and "zkpush events" need, goes
to stderr when stderr is a terminal (not with -q), and is always in --json; zkpush never writes it
to disk. Keep it: the server cannot show it again.

Examples:
  printf '%s' "$DB_PASSWORD" | zkpush push --views 1 --expires 1h
  printf '%s' "$DB_PASSWORD" | zkpush push --passphrase          # asks on the terminal
  printf '%s' "$DB_PASSWORD" | zkpush push --passphrase-env DB_PASSPHRASE
  zkpush push -f backup.tar.gz -f restore.md --message "tonight's backup" --expires 1d
`;

const PUSH_OPTIONS = {
  ...COMMON_OPTIONS,
  ...PASSPHRASE_OPTIONS,
  views: { type: 'string' },
  expires: { type: 'string' },
  json: { type: 'boolean' },
  'keep-newline': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  file: { type: 'string', short: 'f', multiple: true },
  message: { type: 'string' },
  'message-file': { type: 'string' },
} as const;

const failed = (failure: Failure): Outcome => ({ kind: 'fail', failure });

export const runPush = defineCommand({
  name: 'push',
  options: PUSH_OPTIONS,
  help: PUSH_HELP,
  positionals: 1,
  run: push,
});

async function push({ values, positionals }: CommandArgs<typeof PUSH_OPTIONS>, ctx: Context): Promise<Outcome> {
  const quiet = values.quiet === true;
  const server = resolveServer(values.server, ctx.env);
  if (server.kind === 'fail') return server;
  const views = values.views === undefined ? undefined : parseViews(values.views);
  if (views?.kind === 'fail') return views;
  const expires = values.expires === undefined ? undefined : parseExpires(values.expires);
  if (expires?.kind === 'fail') return expires;
  const common = {
    origin: server.value,
    views: views?.value,
    expiresIn: expires?.value,
    json: values.json === true,
    quiet,
    keepNewline: values['keep-newline'] === true,
  };
  if (values.file !== undefined) {
    if (positionals.length > 0) {
      return failed(fail(EXIT.usage, 'push -f takes no text argument; use --message for a note with the files'));
    }
    if (values.message !== undefined && values['message-file'] !== undefined) {
      return failed(fail(EXIT.usage, 'use only one of --message and --message-file'));
    }
    const message =
      values['message-file'] !== undefined
        ? ({ kind: 'file', path: values['message-file'] } as const)
        : values.message !== undefined
          ? ({ kind: 'text', text: values.message } as const)
          : ({ kind: 'none' } as const);
    const fileSource = passphraseSource(values, message.kind === 'file' && message.path === '-' ? 'the message' : null);
    if (fileSource.kind === 'fail') return fileSource;
    return pushFiles({ ...common, paths: values.file, message, passphrase: fileSource.value }, ctx);
  }
  if (values.message !== undefined || values['message-file'] !== undefined) {
    return failed(fail(EXIT.usage, '--message and --message-file go with -f FILE (a text push is its own message)'));
  }
  const fromStdin = positionals[0] === undefined || positionals[0] === '-';
  const source = passphraseSource(values, fromStdin ? 'the secret' : null);
  if (source.kind === 'fail') return source;

  const origin = server.value;
  const api = createClient(origin, ctx.fetch);
  const config = await api.config();
  if (config.kind !== 'ok') return failed(failureFromApi(config, origin));
  const refused =
    checkBounds(config.value, views?.value, expires?.value) ?? checkPassphraseAllowed(config.value, source.value);
  if (refused) return failed(refused);
  // Before the secret: when the prompt falls back to stdin (no /dev/tty), stdin is read after it.
  const passphrase = await getPushPassphrase(source.value, ctx);
  if (passphrase.kind === 'fail') return passphrase;

  const { maxEnvelopeBytes } = config.value;
  const keepNewline = values['keep-newline'] === true;
  const input = await readSecret({ argument: positionals[0], keepNewline, maxBytes: maxEnvelopeBytes, quiet }, ctx);
  if (input.kind === 'fail') return input;
  const size = checkTextSize(input.value.text, maxEnvelopeBytes);
  if (size.kind === 'too_large') {
    const message = `the secret is too large: ${size.envelopeBytes} bytes encrypted, this server accepts ${maxEnvelopeBytes}`;
    return failed(fail(EXIT.usage, message));
  }

  const sealed =
    passphrase.value === null
      ? sealText(input.value.text, { maxEnvelopeBytes })
      : await sealLocked(input.value.text, passphrase.value, ctx, { maxEnvelopeBytes, quiet });
  const created = await api.create({
    ...sealed.request,
    ...(views ? { views: views.value } : {}),
    ...(expires ? { expiresIn: expires.value } : {}),
  });
  if (created.kind !== 'ok') return failed(failureFromApi(created, origin));
  const { id, ownerToken, expiresAt, views: allowed } = created.value;
  const link = formatLink(origin, id, sealed.linkKey);
  reportCreated(
    ctx,
    { link, id, ownerToken, expiresAt, views: allowed },
    {
      json: common.json,
      quiet,
      ...(passphrase.value === null ? {} : { lockedAttempts: config.value.passphrase.maxAttempts }),
    },
  );
  if (input.value.source === 'argument' && ctx.stderr.isTTY) {
    note(ctx, quiet, 'Tip: pipe secrets on stdin instead; arguments stay in shell history.');
  }
  return { kind: 'ok' };
}
