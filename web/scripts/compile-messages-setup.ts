/** Vitest globalSetup for the web project: the tests import the compiled catalogues. */
import { compileMessages } from './compile-messages.ts';

export default async function setup(): Promise<void> {
  await compileMessages();
}
