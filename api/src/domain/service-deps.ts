/** What every domain service is built from: the repo, the clock, the settings it reads and file storage. */
import type { Clock } from '../clock.ts';
import type { Config } from '../config/config.ts';
import type { SecretsRepo } from '../db/secrets-repo.ts';
import type { FileStorage } from './files/file-storage.ts';

type ServiceConfig = Pick<
  Config,
  'views' | 'expiresIn' | 'maxEnvelopeBytes' | 'retentionMs' | 'flags' | 'passphrase' | 'audit' | 'files'
>;

export type ServiceDeps = { repo: SecretsRepo; clock: Clock; config: ServiceConfig; storage: FileStorage };
