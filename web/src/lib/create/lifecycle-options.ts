/**
 * The per-push lifecycle switches of the create form (shared/src/schemas.ts PushFlagsInput), bounded
 * by the server's policy from GET /api/v1/config: each flag has a default and may or may not be
 * changeable by creators. A fixed flag is shown disabled with the server's value and never sent —
 * the server rejects a value it does not let creators change.
 */
import type { PushFlags, PushFlagsInput, ServerConfig } from '@zkpush/shared/schemas';
import { pushOptionsText } from './create-messages.ts';

type FlagName = keyof PushFlags;
const FLAG_NAMES: readonly FlagName[] = ['retrievalStep', 'deletableByViewer'];

interface FlagControl {
  name: FlagName;
  label: string;
  help: string;
  /** False: the server fixes this flag; the checkbox shows `serverValue` and is disabled. */
  changeable: boolean;
  serverValue: boolean;
}

/** Read when the form is built, in the active language (the catalogue loads after this module). */
function textOf(name: FlagName): { label: string; help: string } {
  return name === 'retrievalStep'
    ? { label: pushOptionsText.retrievalStepLabel, help: pushOptionsText.retrievalStepHelp }
    : { label: pushOptionsText.deletableByViewerLabel, help: pushOptionsText.deletableByViewerHelp };
}

export function flagControls(config: Pick<ServerConfig, 'flags'>): FlagControl[] {
  return FLAG_NAMES.map((name) => ({
    name,
    ...textOf(name),
    changeable: config.flags[name].changeable,
    serverValue: config.flags[name].default,
  }));
}

export function initialFlags(config: Pick<ServerConfig, 'flags'>): PushFlags {
  return {
    retrievalStep: config.flags.retrievalStep.default,
    deletableByViewer: config.flags.deletableByViewer.default,
  };
}

/** The `flags` member of the create request: every changeable flag, explicitly; undefined if none. */
export function flagsToSend(values: PushFlags, config: Pick<ServerConfig, 'flags'>): PushFlagsInput | undefined {
  const out: PushFlagsInput = {};
  for (const name of FLAG_NAMES) if (config.flags[name].changeable) out[name] = values[name];
  return Object.keys(out).length > 0 ? out : undefined;
}

/** What the push will do, whatever the form shows (a fixed flag takes the server's value). */
export function effectiveFlags(values: PushFlags, config: Pick<ServerConfig, 'flags'>): PushFlags {
  const pick = (name: FlagName): boolean => (config.flags[name].changeable ? values[name] : config.flags[name].default);
  return { retrievalStep: pick('retrievalStep'), deletableByViewer: pick('deletableByViewer') };
}
