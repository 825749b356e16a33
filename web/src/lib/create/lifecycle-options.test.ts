import { describe, expect, it } from 'vitest';
import type { ServerConfig } from '@zkpush/shared/schemas';
import { effectiveFlags, flagControls, flagsToSend, initialFlags } from './lifecycle-options.ts';

const policy = (
  retrievalStep: [boolean, boolean],
  deletableByViewer: [boolean, boolean],
): Pick<ServerConfig, 'flags'> => ({
  flags: {
    retrievalStep: { default: retrievalStep[0], changeable: retrievalStep[1] },
    deletableByViewer: { default: deletableByViewer[0], changeable: deletableByViewer[1] },
  },
});

describe('lifecycle options', () => {
  it('start from the server defaults', () => {
    expect(initialFlags(policy([true, true], [false, true]))).toEqual({
      retrievalStep: true,
      deletableByViewer: false,
    });
  });

  it('send every changeable flag explicitly and never a fixed one', () => {
    const values = { retrievalStep: false, deletableByViewer: false };
    expect(flagsToSend(values, policy([true, true], [true, true]))).toEqual(values);
    expect(flagsToSend(values, policy([true, false], [true, true]))).toEqual({ deletableByViewer: false });
    expect(flagsToSend(values, policy([true, false], [true, false]))).toBeUndefined();
  });

  it('describe fixed flags with the server’s value', () => {
    const controls = flagControls(policy([true, false], [false, true]));
    expect(controls.map((c) => [c.name, c.changeable, c.serverValue])).toEqual([
      ['retrievalStep', false, true],
      ['deletableByViewer', true, false],
    ]);
    expect(controls[0]!.label).toBe('Require a click to reveal');
    expect(controls[1]!.label).toBe('Let the recipient delete it');
  });

  it('report the effective value of a fixed flag whatever the form holds', () => {
    const config = policy([true, false], [true, true]);
    expect(effectiveFlags({ retrievalStep: false, deletableByViewer: false }, config)).toEqual({
      retrievalStep: true,
      deletableByViewer: false,
    });
  });
});
