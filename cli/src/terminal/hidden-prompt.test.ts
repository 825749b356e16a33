/** The no-echo prompt, driven through a fake terminal whose "user" types once the prompt is up. */
import { describe, expect, test } from 'vitest';
import { readHidden } from './hidden-prompt.ts';
import { FakeTerminal } from '../testing/fake-terminal.ts';

async function ask(keys: (string | Buffer)[], prompts = 1) {
  const terminal = new FakeTerminal(keys);
  const answers = [];
  for (let i = 0; i < prompts; i++) answers.push(await readHidden(terminal, `Q${i}: `));
  return { answers, terminal };
}

describe('readHidden', () => {
  test('reads a line in raw mode, echoes nothing, then restores the mode', async () => {
    const { answers, terminal } = await ask(['hunter2\r']);
    expect(answers).toEqual([{ kind: 'ok', text: 'hunter2' }]);
    expect(terminal.written()).toBe('Q0: \n');
    expect(terminal.prompts).toBe(1);
    expect(terminal.raw).toBe(false);
  });

  test('Enter as \\n works too; Backspace, DEL and Ctrl-U edit the line', async () => {
    expect((await ask(['abc\n'])).answers).toEqual([{ kind: 'ok', text: 'abc' }]);
    expect((await ask(['abx\u007fc\bd\r'])).answers).toEqual([{ kind: 'ok', text: 'abd' }]);
    expect((await ask(['typo\u0015right\r'])).answers).toEqual([{ kind: 'ok', text: 'right' }]);
  });

  test('escape sequences (arrows, Alt, bracketed paste) are dropped; tab and Unicode are kept', async () => {
    const keys = '\u001b[200~a\tb\u001b[201~\u001b[A\u001bOD\u001bxé🔑\r';
    expect((await ask([keys])).answers).toEqual([{ kind: 'ok', text: 'a\tbé🔑' }]);
  });

  test('a character split across reads is decoded whole', async () => {
    const bytes = Buffer.from('p🔑\r', 'utf8');
    const terminal = new FakeTerminal([bytes.subarray(0, 3)]);
    const answer = readHidden(terminal, '? ');
    await new Promise((resolve) => setImmediate(resolve));
    terminal.input.write(bytes.subarray(3));
    expect(await answer).toEqual({ kind: 'ok', text: 'p🔑' });
  });

  test('Ctrl-C, Ctrl-D on an empty line and end of input cancel; Ctrl-D mid-line does not', async () => {
    expect((await ask(['secr\u0003'])).answers).toEqual([{ kind: 'cancelled' }]);
    expect((await ask(['\u0004'])).answers).toEqual([{ kind: 'cancelled' }]);
    expect((await ask(['ab\u0004c\r'])).answers).toEqual([{ kind: 'ok', text: 'abc' }]);
    const ended = await ask([]);
    expect(ended.answers).toEqual([{ kind: 'cancelled' }]);
    expect(ended.terminal.raw).toBe(false);
  });

  test('what is typed ahead after Enter is kept for the next prompt', async () => {
    const { answers, terminal } = await ask(['one\rtwo\r', 'not typed yet\r'], 2);
    expect(answers).toEqual([
      { kind: 'ok', text: 'one' },
      { kind: 'ok', text: 'two' },
    ]);
    expect(terminal.written()).toBe('Q0: \nQ1: \n');
  });

  test('the read buffer is zeroed once decoded', async () => {
    const chunk = Buffer.from('s3cret\r');
    await ask([chunk]);
    expect([...chunk]).toEqual(new Array(chunk.length).fill(0));
  });
});
