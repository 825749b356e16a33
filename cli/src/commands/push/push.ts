/**
 * `zkpush push`: encrypt locally with the shared sealText (or, with a passphrase, the shared
 * sealTextWithPassphrase: Argon2id at the default cost, then IKM = K ‖ P), create the push, print the
 * link. With -f FILE it is a file push instead (files.ts). The server's /api/v1/config is read
 * first so out-of-range options — and a passphrase on a server that allows none — fail here with the
 * server's own bounds (the server enforces them again). stdout gets only the link (or --json);
 * people get stderr.
 */
import { checkTextSize, sealText } from '@zkpush/shared/push';
import { API_TOKEN_OPTIONS, contextWithApiToken, resolveApiToken } from '../../args/api-token.ts';
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
import { PUSH_HELP, pushMessages as m } from './messages.ts';
import { checkBounds, checkPassphraseAllowed, checkRecipientAllowed, reportCreated } from './common.ts';
import { note } from '../../runtime/report.ts';
import { LINK_OPTIONS, parseLinkOptions } from './link-options.ts';

const PUSH_OPTIONS = {
  ...COMMON_OPTIONS,
  ...PASSPHRASE_OPTIONS,
  ...API_TOKEN_OPTIONS,
  ...LINK_OPTIONS,
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

/** Applies the API token (if any) to every request the push makes, then pushes. */
async function push(args: CommandArgs<typeof PUSH_OPTIONS>, ctx: Context): Promise<Outcome> {
  if (args.values['token-file'] === '-') {
    const files = args.values.file !== undefined;
    const stdinSecret = !files && (args.positionals[0] === undefined || args.positionals[0] === '-');
    if (stdinSecret) return failed(fail(EXIT.usage, m.tokenFileStdin(m.stdinHoldsSecret)));
    if (files && args.values['message-file'] === '-')
      return failed(fail(EXIT.usage, m.tokenFileStdin(m.stdinHoldsMessage)));
  }
  const apiToken = await resolveApiToken(args.values, ctx);
  if (apiToken.kind === 'fail') return apiToken;
  return pushWith(args, contextWithApiToken(ctx, apiToken.value));
}

async function pushWith({ values, positionals }: CommandArgs<typeof PUSH_OPTIONS>, ctx: Context): Promise<Outcome> {
  const quiet = values.quiet === true;
  const server = resolveServer(values.server, ctx.env);
  if (server.kind === 'fail') return server;
  const views = values.views === undefined ? undefined : parseViews(values.views);
  if (views?.kind === 'fail') return views;
  const expires = values.expires === undefined ? undefined : parseExpires(values.expires);
  if (expires?.kind === 'fail') return expires;
  const linkOptions = parseLinkOptions(values);
  if (linkOptions.kind === 'fail') return linkOptions;
  const common = {
    origin: server.value,
    views: views?.value,
    expiresIn: expires?.value,
    json: values.json === true,
    quiet,
    keepNewline: values['keep-newline'] === true,
    ...linkOptions.value,
  };
  if (values.file !== undefined) {
    if (positionals.length > 0) {
      return failed(fail(EXIT.usage, m.filesTakeNoText));
    }
    if (values.message !== undefined && values['message-file'] !== undefined) {
      return failed(fail(EXIT.usage, m.messageTwice));
    }
    const message =
      values['message-file'] !== undefined
        ? ({ kind: 'file', path: values['message-file'] } as const)
        : values.message !== undefined
          ? ({ kind: 'text', text: values.message } as const)
          : ({ kind: 'none' } as const);
    const fileSource = passphraseSource(
      values,
      message.kind === 'file' && message.path === '-' ? m.stdinHoldsMessage : null,
    );
    if (fileSource.kind === 'fail') return fileSource;
    return pushFiles({ ...common, paths: values.file, message, passphrase: fileSource.value }, ctx);
  }
  if (values.message !== undefined || values['message-file'] !== undefined) {
    return failed(fail(EXIT.usage, m.messageWithoutFiles));
  }
  const fromStdin = positionals[0] === undefined || positionals[0] === '-';
  const source = passphraseSource(values, fromStdin ? m.stdinHoldsSecret : null);
  if (source.kind === 'fail') return source;

  const origin = server.value;
  const api = createClient(origin, ctx.fetch);
  const config = await api.config();
  if (config.kind !== 'ok') return failed(failureFromApi(config, origin));
  const refused =
    checkBounds(config.value, views?.value, expires?.value) ??
    checkPassphraseAllowed(config.value, source.value) ??
    checkRecipientAllowed(config.value, common.recipient);
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
    return failed(fail(EXIT.usage, m.secretTooLarge(size.envelopeBytes, maxEnvelopeBytes)));
  }

  const sealed =
    passphrase.value === null
      ? sealText(input.value.text, { maxEnvelopeBytes })
      : await sealLocked(input.value.text, passphrase.value, ctx, { maxEnvelopeBytes, quiet });
  const created = await api.create({
    ...sealed.request,
    ...(views ? { views: views.value } : {}),
    ...(expires ? { expiresIn: expires.value } : {}),
    ...(common.recipient === undefined ? {} : { recipient: common.recipient }),
  });
  if (created.kind !== 'ok') return failed(failureFromApi(created, origin));
  const { id, ownerToken, expiresAt, views: allowed } = created.value;
  const link = formatLink(origin, id, sealed.linkKey, common.lang);
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
    note(ctx, quiet, m.argumentTip);
  }
  return { kind: 'ok' };
}
