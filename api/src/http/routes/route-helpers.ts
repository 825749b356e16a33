/** Small pieces every /api/v1/secrets route uses: the id path parameter and times. */
import type { Context } from 'hono';
import { SECRET_ID_BYTES, SecretId } from '@zkpush/shared/schemas';
import { decodeFixed } from '../../domain/fixed-bytes.ts';
import { ApiError } from '../api-error.ts';
import { validateValue } from '../middleware/request-body.ts';

export const iso = (ms: number): string => new Date(ms).toISOString();

export function idParam(c: Context): string {
  const id = validateValue(SecretId, c.req.param('id'));
  const decoded = decodeFixed(id, SECRET_ID_BYTES, 'id');
  if (decoded.kind !== 'ok') throw new ApiError('invalid_request', decoded.message);
  return id;
}
