/**
 * Counts what only the services' answers tell: pushes created (text or files), views used, wrong
 * proofs, file chunks stored and uploads finalised. The services answer after their transaction has
 * committed (domain/secrets/secrets-service.ts), so what is counted here happened. Ends of life are
 * counted in the repository (observed-repo.ts), where every path that ends a push passes.
 */
import type { FilesService } from '../domain/files/files-service.ts';
import type { SecretsService } from '../domain/secrets/secrets-service.ts';
import type { MetricsSink } from './metrics-sink.ts';

export function observeSecrets(service: SecretsService, sink: MetricsSink): SecretsService {
  const wrongKey = <R extends { kind: string }>(result: R): R => {
    if (result.kind === 'wrong_key') sink.failedAttempt('wrong_key');
    return result;
  };
  return {
    ...service,
    async create(request, context, client, creator) {
      const result = await service.create(request, context, client, creator);
      if (result.kind === 'ok') sink.pushCreated(request.files === undefined ? 'text' : 'files');
      return result;
    },
    async reveal(id, proofs, context, viewer) {
      const result = await service.reveal(id, proofs, context, viewer);
      if (result.kind === 'ok') sink.pushRevealed();
      // A missing passProof is not a guess and uses no attempt (domain/secrets/key-holder.ts).
      else if (result.kind === 'wrong_passphrase' && result.counted) sink.failedAttempt('wrong_passphrase');
      return wrongKey(result);
    },
    burn: async (id, keyProof, context, viewer) => wrongKey(await service.burn(id, keyProof, context, viewer)),
  };
}

export function observeFiles(service: FilesService, sink: MetricsSink): FilesService {
  return {
    ...service,
    async putChunk(id, uploadToken, upload) {
      const result = await service.putChunk(id, uploadToken, upload);
      if (result.kind === 'ok') sink.chunkStored();
      return result;
    },
    async finalize(id, uploadToken, context) {
      const result = await service.finalize(id, uploadToken, context);
      if (result.kind === 'ok') sink.uploadFinalized();
      return result;
    },
  };
}
