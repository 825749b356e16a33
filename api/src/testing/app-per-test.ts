/**
 * A fresh test app for every test of a file (or describe block): registers the beforeEach that builds
 * it and the afterEach that closes it, and returns a view that always reads the current one — so a test
 * writes `t.app`, `t.clock`, `t.repo` as before, and `t.reconfigure(...)` when it needs other settings.
 * Only imported by *.test.ts files.
 */
import { afterEach, beforeEach } from 'vitest';
import { createTestApp, type TestApp, type TestAppOptions } from './harness.ts';

interface AppPerTest extends Readonly<Omit<TestApp, 'close'>> {
  /** Closes this test's app and builds one with these options instead (the defaults are not merged in). */
  reconfigure(options: TestAppOptions): Promise<void>;
}

export function appPerTest(options: TestAppOptions = {}): AppPerTest {
  let current: TestApp | undefined;
  const now = (): TestApp => {
    if (current === undefined) throw new Error('the test app exists only while a test runs');
    return current;
  };
  beforeEach(async () => {
    current = await createTestApp(options);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get app() {
      return now().app;
    },
    get clock() {
      return now().clock;
    },
    get config() {
      return now().config;
    },
    get repo() {
      return now().repo;
    },
    get sweeper() {
      return now().sweeper;
    },
    get database() {
      return now().database;
    },
    get sqlite() {
      return now().sqlite;
    },
    get engine() {
      return now().engine;
    },
    get dataDir() {
      return now().dataDir;
    },
    get storage() {
      return now().storage;
    },
    get janitor() {
      return now().janitor;
    },
    get logLines() {
      return now().logLines;
    },
    get authRepo() {
      return now().authRepo;
    },
    get auth() {
      return now().auth;
    },
    async reconfigure(next) {
      await now().close();
      current = undefined;
      current = await createTestApp(next);
    },
  };
}
